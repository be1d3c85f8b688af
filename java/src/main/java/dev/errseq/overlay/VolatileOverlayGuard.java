package dev.errseq.overlay;

import dev.errseq.fs.ErrnoException;
import dev.errseq.fs.FsHandle;
import dev.errseq.fs.WritebackErrorException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The kernel's own guard on a volatile overlay, read through syncfs(2) on the overlay.
 *
 * <p>At mount time a volatile overlay samples its upper superblock's errseq word. syncfs on the
 * overlay then does not sync anything: it compares the word with that sample ({@code
 * errseq_check}, which changes nothing) and fails with EIO once the upper filesystem has had a
 * writeback error since the mount, on every call, through every open file, until unmount. So
 * this guard consumes nothing: the upper filesystem's watchers still get the error once each.
 * The starting point is the mount, not the guard's creation.
 *
 * <p>The guard holds a handle on the overlay's root, which pins that very overlay (a path
 * could come to name another filesystem after an unmount, and syncfs there would consume its
 * errors); the open handle also keeps the overlay busy: close the guard before unmounting.
 * Thread-safe.
 */
public final class VolatileOverlayGuard implements ErrorGuard, AutoCloseable {
    private final OverlayMount overlay;
    private final FsHandle handle;
    /** The errno of the first failure, 0 before. */
    private final AtomicInteger failure = new AtomicInteger();

    private VolatileOverlayGuard(OverlayMount overlay, FsHandle handle) {
        this.overlay = overlay;
        this.handle = handle;
    }

    /**
     * Starts guarding the volatile overlay that holds {@code path}.
     *
     * @param path the overlay's mount point, or any path on it
     * @return a guard that starts at the overlay's state now
     * @throws IllegalArgumentException if no overlay holds {@code path} (by mountinfo and
     *     statfs), or it is not volatile: syncfs on a non-volatile overlay syncs the upper
     *     filesystem and reports each error once, so it is no guard
     * @throws IOException if {@code path} cannot be resolved or opened
     */
    public static VolatileOverlayGuard watch(Path path) throws IOException {
        OverlayMount overlay = OverlayMount.holding(path).orElseThrow(
                () -> new IllegalArgumentException("no overlay holds " + path));
        if (!overlay.isVolatile()) {
            throw new IllegalArgumentException("the overlay on " + overlay.mountPoint()
                    + " is not volatile: its syncfs syncs the upper filesystem and reports each"
                    + " error once, so it cannot serve as a guard");
        }
        FsHandle handle = FsHandle.open(overlay.mountPoint());
        try {
            if (!handle.fsType().isOverlay()) {
                throw new IllegalArgumentException("the overlay on " + overlay.mountPoint()
                        + " went away: it now holds " + handle.fsType());
            }
        } catch (IOException | RuntimeException e) {
            closeQuietly(handle, e);
            throw e;
        }
        return new VolatileOverlayGuard(overlay, handle);
    }

    /**
     * The overlay guarded, as mountinfo showed it when the guard started.
     *
     * @return the overlay guarded, as mountinfo showed it when the guard started
     */
    public OverlayMount overlay() {
        return overlay;
    }

    /**
     * syncfs on the overlay: true once the upper filesystem has had a writeback error since the
     * mount (the kernel answers EIO), and from then on without asking again.
     *
     * @throws UncheckedIOException if syncfs fails for another reason than a writeback error
     * @throws IllegalStateException if the guard is closed
     */
    @Override
    public boolean hasFailed() {
        if (failure.get() != 0) {
            return true;
        }
        try {
            handle.syncfs();
            return false;
        } catch (WritebackErrorException e) {
            failure.compareAndSet(0, e.errno());
            return true;
        } catch (ErrnoException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @throws WritebackErrorException (syncfs on the overlay's mount point, EIO) once the upper
     *     filesystem has had a writeback error since the mount
     */
    @Override
    public void check() throws WritebackErrorException {
        if (hasFailed()) {
            throw new WritebackErrorException("syncfs", overlay.mountPoint().toString(),
                    failure.get());
        }
    }

    /** Releases the handle on the overlay. A second call does nothing. */
    @Override
    public void close() throws ErrnoException {
        handle.close();
    }

    private static void closeQuietly(FsHandle handle, Throwable pending) {
        try {
            handle.close();
        } catch (ErrnoException e) {
            pending.addSuppressed(e);
        }
    }

    @Override
    public String toString() {
        return "VolatileOverlayGuard[" + overlay.mountPoint()
                + (failure.get() != 0 ? ", failed]" : "]");
    }
}
