package dev.errseq.cli.conformance;

/** Who answered a scenario: the running kernel, or one of the library's two models of it. */
public enum Impl {
    /** The running kernel, through FsHandle, FileSyncs and a real filesystem. */
    KERNEL("kernel"),
    /** The C core (through JNI), modelling the kernel's words. */
    C_CORE("C core"),
    /** The pure-Java twin, modelling the kernel's words. */
    JAVA_TWIN("Java twin");

    private final String label;

    Impl(String label) {
        this.label = label;
    }

    /** @return how the report names it: {@code kernel}, {@code C core}, {@code Java twin} */
    public String label() {
        return label;
    }
}
