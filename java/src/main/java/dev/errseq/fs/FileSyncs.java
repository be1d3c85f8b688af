package dev.errseq.fs;

import dev.errseq.internal.NativeLibrary;
import dev.errseq.internal.SysNatives;
import java.io.FileDescriptor;
import java.nio.channels.FileChannel;
import java.util.Objects;

/**
 * syncfs, fsync and fdatasync on the JDK's own open files, with the errno the JDK drops:
 * {@code FileChannel.force} throws a bare IOException, and nothing in the JDK calls syncfs.
 *
 * <p>Each file the JDK opened is a kernel watcher of its own, just like an {@link FsHandle}.
 * The caller keeps the channel or descriptor open for the duration of the call: the JDK
 * closes its files without asking the library, so the library cannot hold a JDK file's fd
 * open the way {@link FsHandle} holds its own. Each method reads the fd and makes the call in
 * one native call, so the number is read as late as it can be.
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
        sync("syncfs", SysNatives.syncOfChannel(checked(channel), SysNatives.SYNCFS));
    }

    /**
     * fsync(2) on {@code channel}'s file.
     *
     * @param channel an open channel on a file of the default filesystem
     * @throws ErrnoException {@link WritebackErrorException} for a writeback error, {@link
     *     FsUsageException} for any other failure
     */
    public static void fsync(FileChannel channel) throws ErrnoException {
        sync("fsync", SysNatives.syncOfChannel(checked(channel), SysNatives.FSYNC));
    }

    /**
     * fdatasync(2) on {@code channel}'s file.
     *
     * @param channel an open channel on a file of the default filesystem
     * @throws ErrnoException {@link WritebackErrorException} for a writeback error, {@link
     *     FsUsageException} for any other failure
     */
    public static void fdatasync(FileChannel channel) throws ErrnoException {
        sync("fdatasync", SysNatives.syncOfChannel(checked(channel), SysNatives.FDATASYNC));
    }

    /**
     * syncfs(2) on the filesystem of an open {@link FileDescriptor}.
     *
     * @param descriptor an open file descriptor
     * @throws ErrnoException {@link WritebackErrorException} for a writeback error, {@link
     *     FsUsageException} for any other failure
     */
    public static void syncfs(FileDescriptor descriptor) throws ErrnoException {
        sync("syncfs", SysNatives.syncOfDescriptor(checked(descriptor), SysNatives.SYNCFS));
    }

    /**
     * fsync(2) on an open {@link FileDescriptor}.
     *
     * @param descriptor an open file descriptor
     * @throws ErrnoException {@link WritebackErrorException} for a writeback error, {@link
     *     FsUsageException} for any other failure
     */
    public static void fsync(FileDescriptor descriptor) throws ErrnoException {
        sync("fsync", SysNatives.syncOfDescriptor(checked(descriptor), SysNatives.FSYNC));
    }

    /**
     * fdatasync(2) on an open {@link FileDescriptor}.
     *
     * @param descriptor an open file descriptor
     * @throws ErrnoException {@link WritebackErrorException} for a writeback error, {@link
     *     FsUsageException} for any other failure
     */
    public static void fdatasync(FileDescriptor descriptor) throws ErrnoException {
        sync("fdatasync", SysNatives.syncOfDescriptor(checked(descriptor), SysNatives.FDATASYNC));
    }

    private static FileChannel checked(FileChannel channel) {
        Objects.requireNonNull(channel, "channel");
        if (!channel.getClass().getName().equals(CHANNEL_CLASS)) {
            throw new IllegalArgumentException("not a FileChannel of the default filesystem: "
                    + channel.getClass().getName());
        }
        NativeLibrary.load();
        return channel;
    }

    private static FileDescriptor checked(FileDescriptor descriptor) {
        Objects.requireNonNull(descriptor, "descriptor");
        NativeLibrary.load();
        return descriptor;
    }

    /**
     * Throws for a failed call; {@code fdAndResult} holds the fd in its high half (-1 for a
     * closed JDK file, which is EBADF without asking the kernel) and the result in its low.
     */
    private static void sync(String operation, long fdAndResult) throws ErrnoException {
        int rc = (int) fdAndResult;
        if (rc < 0) {
            throw Errors.ofSync(operation, "fd " + (int) (fdAndResult >> 32), rc);
        }
    }
}
