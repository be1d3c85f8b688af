package dev.errseq.fs;

/**
 * A call failed for a reason of its own rather than a writeback error: a bad or closed fd
 * (EBADF), an ioctl the filesystem does not have (ENOTTY, EOPNOTSUPP), missing privileges
 * (EPERM), a path that does not exist (ENOENT), an argument the kernel refused (EINVAL), ...
 */
public final class FsUsageException extends ErrnoException {
    private static final long serialVersionUID = 1L;

    /**
     * A call on {@code path} that failed for a reason other than a writeback error.
     *
     * @param operation the call that failed, such as {@code "fsync"}
     * @param path the file it was about, as the caller named it
     * @param errno 1..4095, either sign
     * @throws NullPointerException if {@code operation} or {@code path} is null
     * @throws IllegalArgumentException if {@code errno} is 0 or outside -4095..4095
     */
    public FsUsageException(String operation, String path, int errno) {
        this(operation, path, errno, "");
    }

    /**
     * With {@code explanation}, a hint at what the errno means for this call, appended.
     *
     * @param errno 1..4095, either sign
     * @param explanation what the errno means for this call; may be empty
     * @param operation the call that failed, such as {@code "fsync"}
     * @param path the file it was about, as the caller named it
     */
    public FsUsageException(String operation, String path, int errno, String explanation) {
        super(operation, path, errno, explanation);
    }
}
