package dev.errseq.internal;

import java.io.FileDescriptor;
import java.nio.channels.FileChannel;

/**
 * The natives of {@code native/jni/errseq_jni_sys_natives.c}: each returns what the C layer
 * does, {@code >= 0} or a negative errno. Not part of the API: the package is not exported.
 *
 * <p>A handle's fd is guarded ({@code native/sys/errseq_sys_guard.h}): {@link #open} hands
 * back a token and the address of the number's entry in the guard's table with the fd, every
 * call on the fd passes all three, and a call on a closed handle
 * returns {@link #CLOSED} without touching the number, which may belong to another file by
 * then. The number is closed only when no call on it is in flight.
 */
public final class SysNatives {
    /** Not an errno: the handle was closed (ERRSEQ_GUARD_CLOSED). */
    public static final int CLOSED = -0x40000000;
    /** What {@link #syncOfChannel} and {@link #syncOfDescriptor} run. */
    public static final int SYNCFS = 0;
    public static final int FSYNC = 1;
    public static final int FDATASYNC = 2;
    /** {@link #guardInit}'s modes (ERRSEQ_GUARD_FENCES, ERRSEQ_GUARD_MEMBARRIER). */
    public static final int GUARD_FENCES = 0;
    public static final int GUARD_MEMBARRIER = 1;

    private SysNatives() {
    }

    /**
     * Opens a NUL-terminated path read-only and close-on-exec and starts guarding the fd; the
     * fd or -errno, the guard's token in {@code guard[0]} and its entry in {@code guard[1]}.
     */
    public static native int open(byte[] path, long[] guard);

    /**
     * Chooses how guarded calls are ordered against close, once, before any handle exists:
     * with membarrier(2) if asked and the kernel allows it, else with a fence in every call.
     * Returns the mode in force.
     */
    public static native int guardInit(boolean membarrier);

    /** 0, close(2)'s -errno, or {@link #CLOSED} if closed already. */
    public static native int close(int fd, long token, long entry);

    public static native int syncfs(int fd, long token, long entry);

    public static native int fsync(int fd, long token, long entry);

    public static native int fdatasync(int fd, long token, long entry);

    /** statfs f_type, or -errno, or {@link #CLOSED}. */
    public static native long fsMagic(int fd, long token, long entry);

    public static native int shutdown(int fd, long token, long entry, int flags);

    public static native int freeze(int fd, long token, long entry);

    public static native int thaw(int fd, long token, long entry);

    /** The guard alone around no call: what the guard costs, for the benchmarks. */
    public static native int nop(int fd, long token, long entry);

    /**
     * {@code what} ({@link #SYNCFS}, {@link #FSYNC}, {@link #FDATASYNC}) on the fd inside
     * {@code descriptor}: the fd in the high 32 bits, the result in the low (-EBADF for a
     * closed descriptor, whose fd is -1).
     */
    public static native long syncOfDescriptor(FileDescriptor descriptor, int what);

    /** The same on the fd inside a {@code sun.nio.ch.FileChannelImpl}. */
    public static native long syncOfChannel(FileChannel channel, int what);
}
