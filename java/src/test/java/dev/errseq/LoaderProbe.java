package dev.errseq;

import dev.errseq.internal.NativeLibrary;

/**
 * Loads the native library in a fresh JVM and reports the outcome on stdout, one
 * {@code key=value} per line, for {@link NativeLoaderOverridesTest}.
 *
 * <p>On success it prints {@code tmpdir=}, {@code origin=} and {@code raw=} (a native word at
 * the epoch after {@code set(-EIO)}, as {@code 0x%08x}) and {@code guard=} (how handles'
 * calls are ordered against close) and exits 0. On an
 * {@link UnsatisfiedLinkError} it prints {@code error=} and one {@code cause=} per cause, and
 * exits {@value #LINK_ERROR_EXIT}.
 */
public final class LoaderProbe {
    /** The exit code for an {@link UnsatisfiedLinkError}. */
    public static final int LINK_ERROR_EXIT = 3;

    private LoaderProbe() {
    }

    public static void main(String[] args) {
        System.out.println("tmpdir=" + System.getProperty("java.io.tmpdir"));
        try {
            ErrseqNative.load();
            try (ErrseqWord word = ErrseqWord.allocateNative(Layout.UPSTREAM)) {
                word.set(-Errno.EIO);
                System.out.println("origin=" + ErrseqNative.libraryOrigin());
                System.out.println("raw=" + String.format("0x%08x", word.raw()));
                System.out.println("guard=" + NativeLibrary.guardMode());
            }
        } catch (UnsatisfiedLinkError e) {
            System.out.println("error=" + e.getMessage());
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                System.out.println("cause=" + cause);
            }
            System.out.flush();
            System.exit(LINK_ERROR_EXIT);
        }
    }
}
