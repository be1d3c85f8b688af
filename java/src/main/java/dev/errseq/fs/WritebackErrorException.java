package dev.errseq.fs;

/**
 * syncfs, fsync or fdatasync reported a writeback error: data written earlier did not reach
 * the disk. The kernel reports each such error once per open file (per superblock for
 * syncfs), so the next call on the same handle may well succeed: the data is lost all the
 * same.
 */
public final class WritebackErrorException extends ErrnoException {
    private static final long serialVersionUID = 1L;

    /**
     * A writeback error the kernel reported to a call on {@code path}.
     *
     * @param operation the call that failed, such as {@code "fsync"}
     * @param path the file it was about, as the caller named it
     * @param errno 1..4095, either sign
     * @throws NullPointerException if {@code operation} or {@code path} is null
     * @throws IllegalArgumentException if {@code errno} is 0 or outside -4095..4095
     */
    public WritebackErrorException(String operation, String path, int errno) {
        super(operation, path, errno, "writeback error: data written before may be lost");
    }
}
