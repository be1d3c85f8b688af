package dev.errseq.fs;

import dev.errseq.internal.CStrings;
import dev.errseq.internal.NativeLibrary;
import dev.errseq.internal.SysNatives;
import java.nio.file.FileSystems;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * An open file or directory on a real filesystem, through which the kernel reports its own
 * errseq words.
 *
 * <p>The handle is a kernel watcher: opening it samples the inode's word ({@code f_wb_err},
 * reported by {@link #fsync()} and {@link #fdatasync()}) and the superblock's
 * ({@code f_sb_err}, reported by {@link #syncfs()}, Linux 5.8 or newer). An error nobody has
 * seen yet reaches a handle opened after it; each handle learns of each error once.
 *
 * <p>Thread-safe. {@link #close()} is idempotent; once it has been called every other method
 * throws {@link IllegalStateException}, and the fd is closed when the last call in flight on
 * another thread returns, so a number is never reused under a running call. The guard that
 * keeps that promise costs a call no atomic instruction and no fence: closing a handle that
 * more than one thread used makes the process's threads pass a memory barrier instead
 * (membarrier(2); see the README's "Closing a handle under a running call").
 */
public final class FsHandle implements AutoCloseable {
    private final Path path;
    private final int fd;
    /** The fd guard's token for this open (native/sys/errseq_sys_guard.h). */
    private final long token;
    /** The address of the fd's entry in the guard's table, which never moves. */
    private final long entry;
    private volatile boolean closed;

    private FsHandle(Path path, int fd, long token, long entry) {
        this.path = path;
        this.fd = fd;
        this.token = token;
        this.entry = entry;
    }

    /**
     * Opens {@code path} read-only (a file or a directory) with {@code O_CLOEXEC}.
     *
     * @param path a file or directory of the default filesystem
     * @return a handle that watches {@code path}'s own word and its filesystem's
     * @throws NullPointerException if {@code path} is null
     * @throws IllegalArgumentException if {@code path} is not on the default filesystem
     * @throws InvalidPathException if {@code path}'s text holds a NUL character, which the
     *     default filesystem's own paths never do: open(2) would stop at it and open another file
     * @throws FsUsageException if open(2) fails (ENOENT, EACCES, ENOTDIR, ...)
     */
    public static FsHandle open(Path path) throws FsUsageException {
        Objects.requireNonNull(path, "path");
        if (path.getFileSystem() != FileSystems.getDefault()) {
            throw new IllegalArgumentException("not a path of the default filesystem: " + path);
        }
        String name = path.toString();
        int nul = name.indexOf('\0');
        if (nul >= 0) {
            throw new InvalidPathException(name.replace("\0", "\\0"),
                    "NUL character not allowed", nul);
        }
        NativeLibrary.load();
        long[] guard = new long[2];
        int fd = SysNatives.open(CStrings.of(name), guard);
        if (fd < 0) {
            throw Errors.ofCall("open", name, fd);
        }
        return new FsHandle(path, fd, guard[0], guard[1]);
    }

    /**
     * The path this handle was opened with.
     *
     * @return the path this handle was opened with
     */
    public Path path() {
        return path;
    }

    /**
     * syncfs(2): writes back the whole filesystem, then reports a writeback error that reached
     * its superblock since this handle last looked (once per handle).
     *
     * <p>One exception comes from the kernel, not the word: when metadata writes to the block
     * device failed, the device's legacy error flag makes the first syncfs after it fail with
     * EIO, whoever calls it, and clears the flag; the superblock's word is reported as usual
     * from then on.
     *
     * @throws WritebackErrorException for a writeback error (EIO, ENOSPC, ...)
     * @throws FsUsageException for any other failure
     */
    public void syncfs() throws ErrnoException {
        check("syncfs", SysNatives.syncfs(fd, token, entry));
    }

    /**
     * fsync(2): like {@link #syncfs()} for this file's data and metadata and its own word.
     *
     * @throws ErrnoException {@link WritebackErrorException} for a writeback error (EIO, ENOSPC,
     *     ...), {@link FsUsageException} for any other failure
     */
    public void fsync() throws ErrnoException {
        check("fsync", SysNatives.fsync(fd, token, entry));
    }

    /**
     * fdatasync(2): like {@link #fsync()}, without metadata that reading does not need.
     *
     * @throws ErrnoException {@link WritebackErrorException} for a writeback error (EIO, ENOSPC,
     *     ...), {@link FsUsageException} for any other failure
     */
    public void fdatasync() throws ErrnoException {
        check("fdatasync", SysNatives.fdatasync(fd, token, entry));
    }

    /**
     * The filesystem this handle is on, by statfs(2).
     *
     * @return the filesystem this handle is on, by statfs(2)
     * @throws FsUsageException if statfs(2) fails
     */
    public FsType fsType() throws FsUsageException {
        long magic = SysNatives.fsMagic(fd, token, entry);
        if (magic < 0) {
            throw Errors.ofCall("statfs", path.toString(), unlessClosed((int) magic));
        }
        return FsType.of(magic);
    }

    /**
     * {@code FS_IOC_SHUTDOWN}: stops the filesystem (ext4, xfs); every later sync on it fails
     * with EIO. Root only, and only on a filesystem you created: it cannot be undone short of
     * unmounting.
     *
     * @param mode whether the log is flushed first
     * @throws FsUsageException ENOTTY or EOPNOTSUPP where the filesystem has no shutdown,
     *     EPERM without privileges
     */
    public void shutdown(ShutdownMode mode) throws FsUsageException {
        Objects.requireNonNull(mode, "mode");
        call("shutdown", SysNatives.shutdown(fd, token, entry, mode.flags()));
    }

    /**
     * {@code FIFREEZE}: blocks writers and flushes the filesystem until {@link #thaw()}.
     *
     * @throws FsUsageException EPERM without privileges, EOPNOTSUPP where the filesystem cannot
     *     freeze, EBUSY if it is frozen already
     */
    public void freeze() throws FsUsageException {
        call("freeze", SysNatives.freeze(fd, token, entry));
    }

    /**
     * {@code FITHAW}: lets writers through again (EINVAL if it was not frozen).
     *
     * @throws FsUsageException EINVAL if it was not frozen, EPERM without privileges
     */
    public void thaw() throws FsUsageException {
        call("thaw", SysNatives.thaw(fd, token, entry));
    }

    /**
     * Whether {@link #close()} was called.
     *
     * @return whether {@link #close()} was called
     */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Closes the handle; a second call does nothing.
     *
     * @throws ErrnoException if close(2) reports an error (NFS, for one, reports writeback
     *     errors here); the fd is released all the same. With a call in flight on another
     *     thread, the last such call closes the fd when it returns, and what close(2) reports
     *     then is lost.
     */
    @Override
    public void close() throws ErrnoException {
        closed = true;
        int rc = SysNatives.close(fd, token, entry);
        if (rc < 0 && rc != SysNatives.CLOSED) {
            throw Errors.ofSync("close", path.toString(), rc);
        }
    }

    /** {@code rc}, unless it says the handle is closed: then IllegalStateException. */
    private int unlessClosed(int rc) {
        if (rc == SysNatives.CLOSED) {
            throw new IllegalStateException("handle on " + path + " is closed");
        }
        return rc;
    }

    private void check(String operation, int rc) throws ErrnoException {
        if (unlessClosed(rc) < 0) {
            throw Errors.ofSync(operation, path.toString(), rc);
        }
    }

    private void call(String operation, int rc) throws FsUsageException {
        if (unlessClosed(rc) < 0) {
            throw Errors.ofCall(operation, path.toString(), rc);
        }
    }

    @Override
    public String toString() {
        return "FsHandle[" + path + (isClosed() ? ", closed]" : ", fd " + fd + "]");
    }
}
