package dev.errseq.fs;

import dev.errseq.Errno;
import dev.errseq.internal.NativeLibrary;
import dev.errseq.internal.SysNatives;
import java.io.FileDescriptor;
import java.nio.channels.FileChannel;
import java.util.Objects;
import java.util.function.IntUnaryOperator;

/**
 * syncfs, fsync and fdatasync on the JDK's own open files, with the errno the JDK drops:
 * {@code FileChannel.force} throws a bare IOException, and nothing in the JDK calls syncfs.
 *
 * <p>Each file the JDK opened is a kernel watcher of its own, just like an {@link FsHandle}.
 * The caller keeps the channel or descriptor open for the duration of the call.
 */
public final class FileSyncs {
    private static final String CHANNEL_CLASS = "sun.nio.ch.FileChannelImpl";

    private FileSyncs() {
    }

    /**
     * syncfs(2) on the filesystem of {@code channel}; see {@link FsHandle#syncfs()}.
     *
     * @param channel an open channel on a file of the default filesystem
     * @throws ErrnoException {@link WritebackErrorException} for a writeback error, {@link
     *     FsUsageException} for any other failure
     */
    public static void syncfs(FileChannel channel) throws ErrnoException {
        sync("syncfs", SysNatives::syncfs, fdOf(channel));
    }

    /**
     * fsync(2) on {@code channel}'s file.
     *
     * @param channel an open channel on a file of the default filesystem
     * @throws ErrnoException {@link WritebackErrorException} for a writeback error, {@link
     *     FsUsageException} for any other failure
     */
    public static void fsync(FileChannel channel) throws ErrnoException {
        sync("fsync", SysNatives::fsync, fdOf(channel));
    }

    /**
     * fdatasync(2) on {@code channel}'s file.
     *
     * @param channel an open channel on a file of the default filesystem
     * @throws ErrnoException {@link WritebackErrorException} for a writeback error, {@link
     *     FsUsageException} for any other failure
     */
    public static void fdatasync(FileChannel channel) throws ErrnoException {
        sync("fdatasync", SysNatives::fdatasync, fdOf(channel));
    }

    /**
     * syncfs(2) on the filesystem of an open {@link FileDescriptor}.
     *
     * @param descriptor an open file descriptor
     * @throws ErrnoException {@link WritebackErrorException} for a writeback error, {@link
     *     FsUsageException} for any other failure
     */
    public static void syncfs(FileDescriptor descriptor) throws ErrnoException {
        sync("syncfs", SysNatives::syncfs, fdOf(descriptor));
    }

    /**
     * fsync(2) on an open {@link FileDescriptor}.
     *
     * @param descriptor an open file descriptor
     * @throws ErrnoException {@link WritebackErrorException} for a writeback error, {@link
     *     FsUsageException} for any other failure
     */
    public static void fsync(FileDescriptor descriptor) throws ErrnoException {
        sync("fsync", SysNatives::fsync, fdOf(descriptor));
    }

    /**
     * fdatasync(2) on an open {@link FileDescriptor}.
     *
     * @param descriptor an open file descriptor
     * @throws ErrnoException {@link WritebackErrorException} for a writeback error, {@link
     *     FsUsageException} for any other failure
     */
    public static void fdatasync(FileDescriptor descriptor) throws ErrnoException {
        sync("fdatasync", SysNatives::fdatasync, fdOf(descriptor));
    }

    private static int fdOf(FileChannel channel) {
        Objects.requireNonNull(channel, "channel");
        if (!channel.getClass().getName().equals(CHANNEL_CLASS)) {
            throw new IllegalArgumentException("not a FileChannel of the default filesystem: "
                    + channel.getClass().getName());
        }
        NativeLibrary.load();
        return SysNatives.fdOfChannel(channel);
    }

    private static int fdOf(FileDescriptor descriptor) {
        Objects.requireNonNull(descriptor, "descriptor");
        NativeLibrary.load();
        return SysNatives.fdOf(descriptor);
    }

    /** A closed JDK file has fd -1: that is EBADF, without asking the kernel. */
    private static void sync(String operation, IntUnaryOperator call, int fd)
            throws ErrnoException {
        int rc = fd < 0 ? -Errno.EBADF : call.applyAsInt(fd);
        if (rc < 0) {
            throw Errors.ofSync(operation, "fd " + fd, rc);
        }
    }
}
