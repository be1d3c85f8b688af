package dev.errseq;

import dev.errseq.internal.NativeLibrary;

/**
 * The native library behind {@link ErrseqWord#allocateNative}: loading it ahead of time, and
 * where it came from.
 *
 * <p>By default the library for this platform is copied out of the jar
 * ({@code natives/linux_64/} or {@code natives/linux_arm64/}) into {@code java.io.tmpdir} and
 * loaded from there. System properties change that:
 * {@code -Derrseq.library.path=/path/to/liberrseq.so} loads that file instead, and
 * {@code -Derrseq.extract.dir=/some/dir} copies it there (needed when the temp dir is mounted
 * {@code noexec}).
 */
public final class ErrseqNative {
    private ErrseqNative() {
    }

    /**
     * Loads the native library now, rather than on the first native word.
     *
     * @throws UnsatisfiedLinkError with the real reason (the dlopen error, a missing platform,
     *     a noexec temp dir) and what to do about it
     */
    public static void load() {
        NativeLibrary.load();
    }

    /**
     * Where the loaded library came from (loading it first if needed).
     *
     * @return where the loaded library came from (loading it first if needed)
     */
    public static String libraryOrigin() {
        return NativeLibrary.loadedFrom();
    }

    /**
     * The jar folder native-lib-loader picked for this JVM, such as {@code natives/linux_64/}.
     *
     * @return the jar folder native-lib-loader picked for this JVM, such as {@code
     *     natives/linux_64/}
     */
    public static String platformFolder() {
        return NativeLibrary.platformFolder();
    }
}
