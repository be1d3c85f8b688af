package dev.errseq.overlay;

import dev.errseq.fs.WritebackErrorException;
import dev.errseq.mountinfo.MountInfo;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A standing watch on a filesystem's writeback errors, made by {@link UnseenErrorProbe#watch}:
 * a volatile overlay over a scratch directory on the filesystem stays mounted, and
 * {@link #check()} is syncfs on it. The kernel answers by comparing the filesystem's errseq
 * word with its value when the overlay was mounted ({@code errseq_check}, which changes
 * nothing): from the first new error on, every check fails with EIO, while the filesystem's
 * own watchers (every fd opened on it) still get the error from their syncfs, once each.
 *
 * <p><b>Re-arming.</b> A failed watch stays failed until {@link #rearm()}, which unmounts the
 * overlay and mounts it again: the new starting point is the word as it is at that mount. Call
 * it once whoever should consume the error has done so (syncfs on the filesystem, and decided
 * what the lost data means). Errors between the consumer's syncfs and the re-mount, and while
 * the watch is disarmed (the milliseconds between unmount and mount, or after a refused
 * re-arm), fall into two kinds:
 * <ul>
 *   <li>an error that nobody has seen when the overlay is mounted again refuses the mount
 *       (EIO): {@code rearm} throws {@link UnseenUpperErrorException}, consumes nothing, and
 *       the watch stays failed and disarmed until a later {@code rearm} succeeds; nothing is
 *       missed;
 *   <li>an error that some other watcher both got and saw (its syncfs or fsync reported it)
 *       before the re-mount is behind the new starting point: the re-armed watch never
 *       reports it. That watcher was told; the watch only speaks of errors after its start.
 * </ul>
 * So once re-armed, the watch reports every error that happens after the re-mount; of the
 * errors before it, those still unseen block the re-arm.
 *
 * <p>While the watch is open, the overlay pins the filesystem: it cannot be unmounted (EBUSY).
 * {@link #close()} unmounts the overlay and removes everything the watch made. Thread-safe.
 */
public final class UnseenErrorWatch implements ErrorGuard, AutoCloseable {
    private final ProbeSite site;
    private final Path directory;
    private final MountInfo filesystem;
    /** The guard on the mounted overlay; null while disarmed. */
    private VolatileOverlayGuard guard;
    /** The errno of the failure since the last arming, 0 before. */
    private int failure;
    private boolean closed;

    private UnseenErrorWatch(ProbeSite site, Path directory, MountInfo filesystem) {
        this.site = site;
        this.directory = directory;
        this.filesystem = filesystem;
    }

    /** Mounts the site's overlay and starts guarding it; the caller closes the site on failure. */
    static UnseenErrorWatch start(ProbeSite site, Path directory, MountInfo filesystem)
            throws IOException {
        UnseenErrorWatch watch = new UnseenErrorWatch(site, directory, filesystem);
        watch.arm();
        return watch;
    }

    private void arm() throws IOException {
        site.mountOverlay();
        guard = VolatileOverlayGuard.watch(site.merged());
        failure = 0;
    }

    /** {@return the directory the watch was started for, as a real path} */
    public Path directory() {
        return directory;
    }

    /** {@return the mount that holds the directory, from mountinfo when the watch started} */
    public MountInfo filesystem() {
        return filesystem;
    }

    /** {@return whether the watch's overlay is mounted: false after a refused {@link #rearm()}} */
    public synchronized boolean isArmed() {
        return guard != null;
    }

    /**
     * Whether the filesystem has had a writeback error since the watch started or was last
     * re-armed (syncfs on the overlay). Consumes nothing; true until {@link #rearm()}.
     *
     * @throws java.io.UncheckedIOException if syncfs fails for another reason than a
     *     writeback error
     * @throws IllegalStateException if the watch is closed
     */
    @Override
    public synchronized boolean hasFailed() {
        ensureOpen();
        if (failure == 0 && guard.hasFailed()) {
            failure = errnoOf(guard);
        }
        return failure != 0;
    }

    /**
     * Returns quietly while {@link #hasFailed()} is false.
     *
     * @throws WritebackErrorException (EIO) on every call once the filesystem has had a
     *     writeback error since the watch started or was last re-armed
     * @throws IllegalStateException if the watch is closed
     */
    @Override
    public synchronized void check() throws WritebackErrorException {
        if (hasFailed()) {
            throw new WritebackErrorException("syncfs", site.merged().toString(), failure);
        }
    }

    /**
     * Starts the watch afresh after a failure, by unmounting its overlay and mounting it again.
     * Does nothing while the watch has not failed. See the class comment for what happens to
     * errors between the consumer's syncfs and the re-mount.
     *
     * @return true if the watch was re-armed, false if it had not failed
     * @throws UnseenUpperErrorException (EIO) while the filesystem holds an error nobody has
     *     seen: the watch stays failed and disarmed, and nothing was consumed; consume the
     *     error (syncfs on the filesystem), then call again
     * @throws IOException if the overlay cannot be unmounted (EBUSY: a file on it is open) or
     *     mounted again
     * @throws IllegalStateException if the watch is closed
     */
    public synchronized boolean rearm() throws IOException {
        if (!hasFailed()) {
            return false;
        }
        if (guard != null) {
            guard.close();
            guard = null;
        }
        site.unmountOverlay();
        arm();
        return true;
    }

    /**
     * Unmounts the overlay and the private tmpfs and removes the scratch directory, the
     * overlay's marker included. A second call does nothing.
     *
     * @throws IOException if something could not be removed (the first failure, the others
     *     suppressed); every step is tried
     */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (guard != null) {
                guard.close();
                guard = null;
            }
        } finally {
            site.close();
        }
    }

    private static int errnoOf(VolatileOverlayGuard guard) {
        try {
            guard.check();
            throw new IllegalStateException("the guard failed, then passed its check");
        } catch (WritebackErrorException e) {
            return e.errno();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the watch on " + directory + " is closed");
        }
    }

    @Override
    public synchronized String toString() {
        return "UnseenErrorWatch[" + filesystem.fsType() + " at " + filesystem.mountPoint()
                + (closed ? ", closed" : guard == null ? ", disarmed" : "")
                + (failure != 0 ? ", failed" : "") + "]";
    }
}
