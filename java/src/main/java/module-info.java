/**
 * errseq-jni: the Linux kernel's writeback-error word ({@code errseq_t}) for the JVM.
 *
 * <p>{@link dev.errseq.ErrseqWord} is the word, in native memory through the C core or as a
 * pure-Java twin; {@link dev.errseq.ErrseqCursor} is one watcher's position in it.
 * {@code dev.errseq.fs} reaches the kernel's own words through real filesystems,
 * {@code dev.errseq.mountinfo} reads the mount table they sit in, and
 * {@code dev.errseq.overlay} mounts and watches overlayfs volatile mounts.
 * {@code dev.errseq.trace} watches the kernel's own words on the filemap tracepoints, without
 * consuming anything, and replays them through the library's word.
 */
module dev.errseq {
    requires org.scijava.nativelib;

    exports dev.errseq;
    exports dev.errseq.fs;
    exports dev.errseq.mountinfo;
    exports dev.errseq.overlay;
    exports dev.errseq.trace;
}
