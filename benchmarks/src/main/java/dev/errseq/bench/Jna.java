package dev.errseq.bench;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * The JNA peers, in both of JNA's mappings, of the bench library's empty call and of libc's
 * syncfs, open and close. Like the library's own syncfs, which hands back the errno of a
 * failure, the JNA calls that can fail declare {@link LastErrorException}: that is how JNA
 * reports errno, and it is what a caller that wants the error has to pay for.
 */
public final class Jna {
    /** {@code O_RDONLY | O_CLOEXEC} on x86_64 and aarch64 Linux. */
    public static final int O_RDONLY_CLOEXEC = 0x80000;
    /** {@code O_RDWR | O_CLOEXEC} on x86_64 and aarch64 Linux. */
    public static final int O_RDWR_CLOEXEC = 0x80002;

    private Jna() {
    }

    /** Direct mapping ({@code Native.register}) of the bench library. */
    public static final class DirectBench {
        static {
            Native.register(DirectBench.class,
                    com.sun.jna.NativeLibrary.getInstance(BenchLibrary.path().toString()));
        }

        private DirectBench() {
        }

        public static native void errseq_bench_nop();

        /** errseq_sys_syncfs(fd), n times in C; returns how many failed. */
        public static native int errseq_bench_syncfs_loop(int fd, int n);

        /** errseq_sys_fsync(fd), n times in C; returns how many failed. */
        public static native int errseq_bench_fsync_loop(int fd, int n);
    }

    /** Direct mapping ({@code Native.register}) of libc. */
    public static final class DirectLibc {
        static {
            Native.register(DirectLibc.class, Platform.C_LIBRARY_NAME);
        }

        private DirectLibc() {
        }

        public static native int syncfs(int fd) throws LastErrorException;

        public static native int open(String path, int flags) throws LastErrorException;

        public static native int close(int fd) throws LastErrorException;
    }

    /** Interface mapping ({@code Library}) of the bench library. */
    public interface BenchLibraryInterface extends Library {
        void errseq_bench_nop();
    }

    /** Interface mapping ({@code Library}) of libc. */
    public interface LibcInterface extends Library {
        int syncfs(int fd) throws LastErrorException;
    }

    public static BenchLibraryInterface benchInterface() {
        return Native.load(BenchLibrary.path().toString(), BenchLibraryInterface.class);
    }

    public static LibcInterface libcInterface() {
        return Native.load(Platform.C_LIBRARY_NAME, LibcInterface.class);
    }
}
