package dev.errseq.overlay;

import dev.errseq.fs.WritebackErrorException;

/**
 * Watches something that writes back lazily, the way a volatile overlay watches its upper
 * filesystem: it tells whether a writeback error has happened since the guard's starting
 * point, without consuming the error (the error's own watchers still get it), and once it
 * has failed it stays failed, as the kernel keeps a volatile overlay failed until unmount.
 *
 * <p>Two implementations: {@link VolatileOverlayGuard} asks the kernel about a mounted
 * volatile overlay; {@link ErrseqWordGuard} does the same for a Java-level volatile cache whose
 * backing store records its errors in an {@link dev.errseq.ErrseqWord}.
 */
public interface ErrorGuard {
    /**
     * Whether a writeback error has happened since the starting point. Consumes nothing; once
     * it returns true it always does.
     *
     * @return whether a writeback error has happened since the starting point
     */
    boolean hasFailed();

    /**
     * Returns quietly while {@link #hasFailed()} is false.
     *
     * @throws WritebackErrorException once the guard has failed, on every call, with the
     *     errno of the failure
     */
    void check() throws WritebackErrorException;
}
