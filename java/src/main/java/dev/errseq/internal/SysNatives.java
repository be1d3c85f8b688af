package dev.errseq.internal;

import java.io.FileDescriptor;
import java.nio.channels.FileChannel;

/**
 * The natives of {@code native/jni/errseq_jni_sys_natives.c}: each returns what the C layer
 * does, {@code >= 0} or a negative errno. Not part of the API: the package is not exported.
 */
public final class SysNatives {
    private SysNatives() {
    }

    /** Opens a NUL-terminated path read-only and close-on-exec; the fd or -errno. */
    public static native int open(byte[] path);

    public static native int close(int fd);

    public static native int syncfs(int fd);

    public static native int fsync(int fd);

    public static native int fdatasync(int fd);

    /** statfs f_type, or -errno. */
    public static native long fsMagic(int fd);

    public static native int shutdown(int fd, int flags);

    public static native int freeze(int fd);

    public static native int thaw(int fd);

    /** The fd inside {@code descriptor} (-1 once it is closed). */
    public static native int fdOf(FileDescriptor descriptor);

    /** The fd inside a {@code sun.nio.ch.FileChannelImpl} (-1 once it is closed). */
    public static native int fdOfChannel(FileChannel channel);
}
