package dev.errseq.overlay;

import dev.errseq.Errno;
import dev.errseq.fs.ErrnoException;
import dev.errseq.fs.FsUsageException;
import dev.errseq.internal.CStrings;
import dev.errseq.internal.MountNatives;
import dev.errseq.internal.NativeLibrary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A volatile overlayfs mount made by this process through mount(2); {@link #close()} unmounts
 * it.
 *
 * <p>A volatile overlay never syncs its upper layer: syncfs and fsync on it return at once.
 * In exchange the kernel watches the upper filesystem's errseq word from the moment of the
 * mount, without consuming anything from it: once the upper filesystem has had a writeback
 * error, every sync on the overlay fails with EIO until it is unmounted (see
 * {@link VolatileOverlayGuard}). Each mount leaves a {@link VolatileDirtyMarker} in the
 * workdir that blocks the next mount until it is recovered.
 *
 * <pre>{@code
 * try (VolatileOverlay overlay = VolatileOverlay.mount(lower, upper, work, merged)) {
 *     // ... write under merged ...
 * } catch (UnseenUpperErrorException e) {
 *     // EIO: sync the upper filesystem first (FsHandle.open(upper).syncfs())
 * } catch (DirtyWorkdirException e) {
 *     // EINVAL: an earlier volatile mount left work/incompat/volatile; see e.marker()
 * }
 * }</pre>
 *
 * <p>Mounting needs CAP_SYS_ADMIN. Thread-safe.
 */
public final class VolatileOverlay implements AutoCloseable {
    /** The filesystem type, and the source mountinfo shows. */
    private static final String OVERLAY = "overlay";
    /** mount(2) copies at most one page of options. */
    private static final int MAX_OPTIONS_BYTES = 4095;

    private final List<Path> lowerDirs;
    private final Path upperDir;
    private final Path workDir;
    private final Path target;
    private boolean mounted = true;

    private VolatileOverlay(List<Path> lowerDirs, Path upperDir, Path workDir, Path target) {
        this.lowerDirs = lowerDirs;
        this.upperDir = upperDir;
        this.workDir = workDir;
        this.target = target;
    }

    /**
     * {@link #mount(List, Path, Path, Path)} with one lower layer.
     *
     * @param lowerDir the lower layer, read-only
     * @param target the directory to mount the overlay on
     * @param upperDir the upper layer, where writes go
     * @param workDir the work directory, on the upper layer's filesystem
     * @return the mounted overlay; closing it unmounts it
     * @throws ErrnoException as {@link #mount(List, Path, Path, Path)} does
     */
    public static VolatileOverlay mount(Path lowerDir, Path upperDir, Path workDir, Path target)
            throws ErrnoException {
        return mount(List.of(Objects.requireNonNull(lowerDir, "lowerDir")), upperDir, workDir,
                target);
    }

    /**
     * Mounts a volatile overlay of {@code lowerDirs} (topmost first) and {@code upperDir} on
     * {@code target}. Relative paths are taken against the working directory. The workdir must
     * be an empty or earlier-used directory on the upper layer's filesystem.
     *
     * @param lowerDirs the lower layers, topmost first, read-only
     * @param target the directory to mount the overlay on
     * @param upperDir the upper layer, where writes go
     * @param workDir the work directory, on the upper layer's filesystem
     * @return the mounted overlay; closing it unmounts it
     * @throws UnseenUpperErrorException (EIO) if the upper filesystem holds a writeback error
     *     nobody has seen yet: sync it, then mount again
     * @throws DirtyWorkdirException (EINVAL) if an earlier volatile mount left
     *     {@code work/incompat/volatile} in the workdir
     * @throws FsUsageException for any other refusal: ENOENT (a missing directory), EPERM (no
     *     privileges), EINVAL (the upper filesystem is read-only, the workdir is on another
     *     filesystem or inside the upper layer, ...; the kernel log says which), EBUSY, ...
     * @throws IllegalArgumentException if {@code lowerDirs} is empty or the options do not fit
     *     in the page mount(2) copies
     */
    public static VolatileOverlay mount(List<Path> lowerDirs, Path upperDir, Path workDir,
            Path target) throws ErrnoException {
        Objects.requireNonNull(lowerDirs, "lowerDirs");
        if (lowerDirs.isEmpty()) {
            throw new IllegalArgumentException("an overlay needs at least one lower layer");
        }
        List<Path> lower = lowerDirs.stream()
                .map(p -> absolute(Objects.requireNonNull(p, "lowerDirs holds null"))).toList();
        Path upper = absolute(Objects.requireNonNull(upperDir, "upperDir"));
        Path work = absolute(Objects.requireNonNull(workDir, "workDir"));
        Path mountPoint = absolute(Objects.requireNonNull(target, "target"));
        String options = layerOptions(lower, upper, work) + ",volatile";
        if (options.getBytes(CStrings.PATH_CHARSET).length > MAX_OPTIONS_BYTES) {
            throw new IllegalArgumentException("overlay options are longer than the "
                    + MAX_OPTIONS_BYTES + " bytes mount(2) takes: " + options);
        }
        NativeLibrary.load();
        int rc = MountNatives.mount(CStrings.of(OVERLAY), CStrings.of(mountPoint.toString()),
                CStrings.of(OVERLAY), 0L, CStrings.of(options));
        if (rc < 0) {
            throw refusal(mountPoint, upper, work, -rc);
        }
        return new VolatileOverlay(lower, upper, work, mountPoint);
    }

    /** lowerdir, upperdir and workdir, each path escaped the way overlayfs reads it back. */
    static String layerOptions(List<Path> lower, Path upper, Path work) {
        return "lowerdir=" + lower.stream().map(p -> escape(p, true))
                .collect(Collectors.joining(":"))
                + ",upperdir=" + escape(upper, false)
                + ",workdir=" + escape(work, false);
    }

    /**
     * Escapes a path for overlayfs's option string: a backslash before each backslash and
     * comma (which would end the option), and before each colon in a lower layer (which
     * would separate layers).
     */
    static String escape(Path path, boolean lowerLayer) {
        String text = path.toString();
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' || c == ',' || (lowerLayer && c == ':')) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /** The exception that explains errno {@code errno} from mount(2). */
    private static ErrnoException refusal(Path target, Path upper, Path work, int errno) {
        VolatileDirtyMarker marker = VolatileDirtyMarker.of(work);
        if (errno == Errno.EIO) {
            return new UnseenUpperErrorException(target, upper, work);
        }
        if (errno == Errno.EINVAL && marker.blocksMount()) {
            return new DirtyWorkdirException(target, upper, marker);
        }
        if (errno == Errno.EINVAL) {
            return new FsUsageException("mount", target.toString(), errno, "overlayfs refused"
                    + " the layers (a read-only upper filesystem, a workdir on another"
                    + " filesystem than the upper layer or inside it, ...); the kernel log"
                    + " (dmesg) says which");
        }
        return new FsUsageException("mount", target.toString(), errno);
    }

    private static Path absolute(Path path) {
        return path.toAbsolutePath().normalize();
    }

    /**
     * The lower layers, topmost first, as absolute paths.
     *
     * @return the lower layers, topmost first, as absolute paths
     */
    public List<Path> lowerDirs() {
        return lowerDirs;
    }

    /**
     * The upper layer.
     *
     * @return the upper layer
     */
    public Path upperDir() {
        return upperDir;
    }

    /**
     * The work directory.
     *
     * @return the work directory
     */
    public Path workDir() {
        return workDir;
    }

    /**
     * Where the overlay is mounted.
     *
     * @return where the overlay is mounted
     */
    public Path target() {
        return target;
    }

    /**
     * A new guard on this overlay ({@link VolatileOverlayGuard#watch}). Its open handle keeps
     * the overlay busy: close the guard before this mount, as try-with-resources does when the
     * guard is declared after the mount.
     *
     * @return a new guard on this overlay ({@link VolatileOverlayGuard#watch})
     * @throws IOException if the guard cannot open the overlay; see {@link
     *     VolatileOverlayGuard#watch}
     */
    public VolatileOverlayGuard guard() throws IOException {
        return VolatileOverlayGuard.watch(target);
    }

    /**
     * The marker this mount leaves in its workdir.
     *
     * @return the marker this mount leaves in its workdir
     */
    public VolatileDirtyMarker dirtyMarker() {
        return VolatileDirtyMarker.of(workDir);
    }

    /**
     * Whether the overlay is still mounted by this object (neither closed nor detached).
     *
     * @return whether the overlay is still mounted by this object (neither closed nor detached)
     */
    public synchronized boolean isMounted() {
        return mounted;
    }

    /**
     * Unmounts the overlay (umount2 without flags). A second call does nothing. The dirty
     * marker stays in the workdir, as the kernel leaves it.
     *
     * @throws FsUsageException EBUSY while files or directories on the overlay are open (or a
     *     process has its working directory there): close them and call again
     */
    @Override
    public synchronized void close() throws FsUsageException {
        unmount(0);
    }

    /**
     * Detaches the overlay lazily (MNT_DETACH): it disappears from the mount table now and is
     * released when its last open file closes. A second call, or a call after
     * {@link #close()}, does nothing.
     *
     * @throws FsUsageException if umount2(2) refuses (EPERM without privileges)
     */
    public synchronized void detach() throws FsUsageException {
        unmount(MountNatives.MNT_DETACH);
    }

    private void unmount(int flags) throws FsUsageException {
        if (!mounted) {
            return;
        }
        int rc = MountNatives.umount(CStrings.of(target.toString()), flags);
        if (rc < 0) {
            throw rc == -Errno.EBUSY
                    ? new FsUsageException("umount", target.toString(), -rc, "files on the"
                            + " overlay are still open; close them and unmount again")
                    : new FsUsageException("umount", target.toString(), -rc);
        }
        mounted = false;
    }

    @Override
    public String toString() {
        return "VolatileOverlay[" + target + (isMounted() ? "" : ", unmounted") + ", lower "
                + lowerDirs + ", upper " + upperDir + ", work " + workDir + "]";
    }
}
