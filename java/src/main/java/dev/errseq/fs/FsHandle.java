package dev.errseq.fs;

import dev.errseq.internal.CStrings;
import dev.errseq.internal.NativeLibrary;
import dev.errseq.internal.SysNatives;
import java.nio.file.FileSystems;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

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
 * another thread returns, so a number is never reused under a running call.
 */
public final class FsHandle implements AutoCloseable {
    private final Path path;
    private final int fd;
    /** Calls in flight times two, plus one once closed. */
    private final AtomicInteger state = new AtomicInteger();

    private FsHandle(Path path, int fd) {
        this.path = path;
        this.fd = fd;
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
        int fd = SysNatives.open(CStrings.of(name));
        if (fd < 0) {
            throw Errors.ofCall("open", name, fd);
        }
        return new FsHandle(path, fd);
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
        check("syncfs", invoke(SysNatives::syncfs));
    }

    /**
     * fsync(2): like {@link #syncfs()} for this file's data and metadata and its own word.
     *
     * @throws ErrnoException {@link WritebackErrorException} for a writeback error (EIO, ENOSPC,
     *     ...), {@link FsUsageException} for any other failure
     */
    public void fsync() throws ErrnoException {
        check("fsync", invoke(SysNatives::fsync));
    }

    /**
     * fdatasync(2): like {@link #fsync()}, without metadata that reading does not need.
     *
     * @throws ErrnoException {@link WritebackErrorException} for a writeback error (EIO, ENOSPC,
     *     ...), {@link FsUsageException} for any other failure
     */
    public void fdatasync() throws ErrnoException {
        check("fdatasync", invoke(SysNatives::fdatasync));
    }

    /**
     * The filesystem this handle is on, by statfs(2).
     *
     * @return the filesystem this handle is on, by statfs(2)
     * @throws FsUsageException if statfs(2) fails
     */
    public FsType fsType() throws FsUsageException {
        enter();
        try {
            long magic = SysNatives.fsMagic(fd);
            if (magic < 0) {
                throw Errors.ofCall("statfs", path.toString(), (int) magic);
            }
            return FsType.of(magic);
        } finally {
            leave();
        }
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
        call("shutdown", invoke(fd -> SysNatives.shutdown(fd, mode.flags())));
    }

    /**
     * {@code FIFREEZE}: blocks writers and flushes the filesystem until {@link #thaw()}.
     *
     * @throws FsUsageException EPERM without privileges, EOPNOTSUPP where the filesystem cannot
     *     freeze, EBUSY if it is frozen already
     */
    public void freeze() throws FsUsageException {
        call("freeze", invoke(SysNatives::freeze));
    }

    /**
     * {@code FITHAW}: lets writers through again (EINVAL if it was not frozen).
     *
     * @throws FsUsageException EINVAL if it was not frozen, EPERM without privileges
     */
    public void thaw() throws FsUsageException {
        call("thaw", invoke(SysNatives::thaw));
    }

    /**
     * Whether {@link #close()} was called.
     *
     * @return whether {@link #close()} was called
     */
    public boolean isClosed() {
        return (state.get() & 1) != 0;
    }

    /**
     * Closes the handle; a second call does nothing.
     *
     * @throws ErrnoException if close(2) reports an error (NFS, for one, reports writeback
     *     errors here); the fd is released all the same
     */
    @Override
    public void close() throws ErrnoException {
        for (;;) {
            int s = state.get();
            if ((s & 1) != 0) {
                return;
            }
            if (state.compareAndSet(s, s | 1)) {
                if (s == 0) {
                    closeFd();
                }
                return;
            }
        }
    }

    /** Runs {@code call} on the fd, which stays open until it returns. */
    private int invoke(IntUnaryOperator call) {
        enter();
        try {
            return call.applyAsInt(fd);
        } finally {
            leave();
        }
    }

    private void enter() {
        for (;;) {
            int s = state.get();
            if ((s & 1) != 0) {
                throw new IllegalStateException("handle on " + path + " is closed");
            }
            if (state.compareAndSet(s, s + 2)) {
                return;
            }
        }
    }

    private void leave() {
        if (state.addAndGet(-2) == 1) {
            try {
                closeFd();
            } catch (ErrnoException e) {
                // close() returned already; the fd is released whatever close(2) reported.
            }
        }
    }

    private void closeFd() throws ErrnoException {
        int rc = SysNatives.close(fd);
        if (rc < 0) {
            throw Errors.ofSync("close", path.toString(), rc);
        }
    }

    private void check(String operation, int rc) throws ErrnoException {
        if (rc < 0) {
            throw Errors.ofSync(operation, path.toString(), rc);
        }
    }

    private void call(String operation, int rc) throws FsUsageException {
        if (rc < 0) {
            throw Errors.ofCall(operation, path.toString(), rc);
        }
    }

    @Override
    public String toString() {
        return "FsHandle[" + path + (isClosed() ? ", closed]" : ", fd " + fd + "]");
    }
}
