package dev.errseq.fs;

/**
 * syncfs, fsync or fdatasync reported a writeback error: data written earlier did not reach
 * the disk. The kernel reports each such error once per open file (per superblock for
 * syncfs), so the next call on the same handle may well succeed: the data is lost all the
 * same.
 */
public final class WritebackErrorException extends ErrnoException {
    private static final long serialVersionUID = 1L;

    public WritebackErrorException(String operation, String path, int errno) {
        super(operation, path, errno, "writeback error: data written before may be lost");
    }
}
