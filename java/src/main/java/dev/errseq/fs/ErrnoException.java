package dev.errseq.fs;

import dev.errseq.Errno;
import dev.errseq.Layout;
import java.io.IOException;
import java.util.Objects;

/**
 * A system call failed with an errno. The subclasses say what kind of failure it was:
 * {@link WritebackErrorException} (the kernel lost data it had accepted: EIO, ENOSPC, EDQUOT,
 * ...), {@link FsUsageException} (the call itself was wrong or not possible here: EBADF,
 * ENOTTY, EPERM, ENOENT, EINVAL, ...). Packages that build on this one may add kinds of their
 * own for the calls they make; this package knows none of them.
 */
public abstract class ErrnoException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The errno, positive. */
    private final int errno;
    /** The call that failed. */
    private final String operation;
    /** The file the call was about. */
    private final String path;

    /**
     * A failed call on {@code path}, its errno and what that errno means for the call.
     *
     * @param operation the call that failed, such as {@code "syncfs"}
     * @param path the file the call was about
     * @param errno 1..4095, either sign (the kernel's calls return it negative)
     * @param explanation what the errno means for this call, appended to the message; may be empty
     * @throws NullPointerException if {@code operation} or {@code path} is null
     * @throws IllegalArgumentException if {@code errno} is 0 or outside -4095..4095, which no
     *     system call returns, so that {@link #errno()} is always a real, positive errno
     */
    protected ErrnoException(String operation, String path, int errno, String explanation) {
        super(message(operation, path, errno, explanation));
        this.errno = Math.abs(errno);
        this.operation = operation;
        this.path = path;
    }

    private static String message(String operation, String path, int errno, String explanation) {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(explanation, "explanation");
        if (errno == 0 || errno < -Layout.MAX_ERRNO || errno > Layout.MAX_ERRNO) {
            throw new IllegalArgumentException("errno must be 1..4095 (either sign), was " + errno);
        }
        return operation + "(" + path + "): " + Errno.name(errno) + " (errno " + Math.abs(errno)
                + ")" + (explanation.isEmpty() ? "" : ": " + explanation);
    }

    /**
     * The errno, positive (5 for EIO).
     *
     * @return the errno, positive (5 for EIO)
     */
    public int errno() {
        return errno;
    }

    /**
     * The errno's symbolic name, such as {@code "EIO"}.
     *
     * @return the errno's symbolic name, such as {@code "EIO"}
     */
    public String errnoName() {
        return Errno.name(errno);
    }

    /**
     * The call that failed, such as {@code "syncfs"}.
     *
     * @return the call that failed, such as {@code "syncfs"}
     */
    public String operation() {
        return operation;
    }

    /**
     * The file the call was about, as the caller named it.
     *
     * @return the file the call was about, as the caller named it
     */
    public String path() {
        return path;
    }
}
