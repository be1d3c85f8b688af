package dev.errseq.fs;

import dev.errseq.Errno;
import java.util.Set;

/** Turns a negative errno from the native layer into the exception that says what it means. */
final class Errors {
    /**
     * What a sync returns for a reason of its own: a bad fd, or a file that cannot be synced
     * (EINVAL). Anything else a sync returns came from writeback, EROFS included: a
     * filesystem that aborted on I/O errors (btrfs) answers every later fsync with it.
     */
    private static final Set<Integer> SYNC_USAGE =
            Set.of(Errno.EBADF, Errno.EINVAL, Errno.ENOSYS, Errno.EINTR);

    private Errors() {
    }

    /** For syncfs, fsync, fdatasync and close: writeback errors are told apart. */
    static ErrnoException ofSync(String operation, String path, int rc) {
        int errno = -rc;
        if (SYNC_USAGE.contains(errno)) {
            return new FsUsageException(operation, path, errno);
        }
        return new WritebackErrorException(operation, path, errno);
    }

    /** For open, statfs and the ioctls: no writeback error can come from them. */
    static FsUsageException ofCall(String operation, String path, int rc) {
        return new FsUsageException(operation, path, -rc);
    }
}
