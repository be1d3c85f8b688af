package dev.errseq.overlay;

import dev.errseq.fs.FsHandle;
import dev.errseq.fs.WritebackErrorException;
import dev.errseq.mountinfo.MountInfo;
import dev.errseq.mountinfo.MountTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The marker a volatile overlay leaves in its workdir:
 * {@code $workdir/work/incompat/volatile/dirty}.
 *
 * <p>The kernel creates it at every volatile mount and never removes it, not even at a clean
 * unmount: a volatile mount does not sync, so only the user can know whether the upper layer
 * is complete. While {@code work/incompat/volatile} exists the kernel refuses to mount any
 * overlay on the workdir (EINVAL, see {@link DirtyWorkdirException}); deleting the
 * {@code dirty} file alone is not enough.
 *
 * <p>{@link #recover} removes the marker only when it is safe as far as this machine can tell:
 * no overlay uses the workdir, the marker dates from the running boot (a crash since would
 * have lost what the volatile mount had not written back), and the upper filesystem reports no
 * writeback error that nobody has seen.
 */
public final class VolatileDirtyMarker {
    private static final Path PROC_STAT = Path.of("/proc/stat");

    private final Path workDir;

    private VolatileDirtyMarker(Path workDir) {
        this.workDir = workDir;
    }

    /**
     * The marker of the overlay workdir {@code workDir} (present or not).
     *
     * @param workDir the workdir an overlay was or will be mounted with
     * @return the marker of the overlay workdir {@code workDir} (present or not)
     */
    public static VolatileDirtyMarker of(Path workDir) {
        return new VolatileDirtyMarker(Objects.requireNonNull(workDir, "workDir"));
    }

    /**
     * The overlay workdir.
     *
     * @return the overlay workdir
     */
    public Path workDir() {
        return workDir;
    }

    /**
     * {@code $workdir/work/incompat/volatile}: the directory whose presence blocks a mount.
     *
     * @return {@code $workdir/work/incompat/volatile}: the directory whose presence blocks a mount
     */
    public Path volatileDir() {
        return workDir.resolve("work").resolve("incompat").resolve("volatile");
    }

    /**
     * {@code $workdir/work/incompat/volatile/dirty}: the file a volatile mount creates.
     *
     * @return {@code $workdir/work/incompat/volatile/dirty}: the file a volatile mount creates
     */
    public Path dirtyFile() {
        return volatileDir().resolve("dirty");
    }

    /**
     * Whether the dirty file exists.
     *
     * @return whether the dirty file exists
     */
    public boolean isPresent() {
        return Files.exists(dirtyFile(), LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Whether the kernel will refuse to mount an overlay on this workdir because of a volatile
     * mount: the {@code volatile} directory exists, with or without its dirty file.
     *
     * @return whether the kernel will refuse to mount an overlay on this workdir because of a
     *     volatile mount: the {@code volatile} directory exists, with or without its dirty file
     */
    public boolean blocksMount() {
        return Files.exists(volatileDir(), LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Whether the marker was made before the running boot (its modification time is older
     * than the boot time in {@code /proc/stat}): then the machine went down after the volatile
     * mount, maybe by a crash, and the upper layer may be missing what was written to it.
     *
     * @return whether the marker was made before the running boot
     * @throws IOException if the marker or {@code /proc/stat} cannot be read
     */
    public boolean isFromEarlierBoot() throws IOException {
        Path marker = isPresent() ? dirtyFile() : volatileDir();
        Instant made = Files.getLastModifiedTime(marker, LinkOption.NOFOLLOW_LINKS).toInstant();
        return made.isBefore(bootTime());
    }

    /** The {@code btime} line of /proc/stat: when the machine booted. */
    static Instant bootTime() throws IOException {
        for (String line : Files.readAllLines(PROC_STAT)) {
            if (line.startsWith("btime ")) {
                return Instant.ofEpochSecond(Long.parseLong(line.substring(6).strip()));
            }
        }
        throw new IOException("no btime line in " + PROC_STAT);
    }

    /**
     * Removes the marker ({@code dirty} and the {@code volatile} directory) so the workdir can
     * be mounted again, after checking that this is safe:
     *
     * <ol>
     *   <li>no mounted overlay uses this workdir;
     *   <li>the marker dates from the running boot ({@link #isFromEarlierBoot()});
     *   <li>syncfs on a fresh handle of {@code upperDir} succeeds: it writes the upper
     *       filesystem back and reports a writeback error that nobody has seen yet.
     * </ol>
     *
     * <p>If syncfs reports an error, the marker stays and the error is thrown. That was the
     * error's one report to a new watcher: it counts as seen from then on, so a second call
     * would pass. Decide whether the upper layer can still be trusted before calling again.
     *
     * @param upperDir the upper layer that was mounted with this workdir
     * @return true if a marker was removed, false if there was none
     * @throws WritebackErrorException the unseen error the upper filesystem reported; nothing
     *     was removed
     * @throws MarkerFromEarlierBootException if the marker is older than the running boot;
     *     nothing was removed
     * @throws IllegalStateException if a mounted overlay uses this workdir
     * @throws IllegalArgumentException if {@code upperDir} is not on the workdir's filesystem
     * @throws IOException if a check or a removal fails
     */
    public boolean recover(Path upperDir) throws IOException {
        Objects.requireNonNull(upperDir, "upperDir");
        if (!blocksMount()) {
            return false;
        }
        Optional<OverlayMount> user = overlayUsingWorkDir();
        if (user.isPresent()) {
            throw new IllegalStateException("the workdir " + workDir + " is in use by the overlay"
                    + " mounted on " + user.get().mountPoint() + ": unmount it first");
        }
        if (!sameFilesystem(upperDir, workDir)) {
            throw new IllegalArgumentException(upperDir + " is not on the filesystem of the"
                    + " workdir " + workDir + ", so it cannot be this workdir's upper layer");
        }
        if (isFromEarlierBoot()) {
            throw new MarkerFromEarlierBootException(this);
        }
        try (FsHandle upper = FsHandle.open(upperDir)) {
            upper.syncfs();
        }
        Files.deleteIfExists(dirtyFile());
        Files.delete(volatileDir());
        return true;
    }

    /** A mounted overlay whose workdir is this one, if any. */
    private Optional<OverlayMount> overlayUsingWorkDir() throws IOException {
        for (MountInfo mount : MountTable.read().mounts()) {
            if (!mount.fsType().equals(OverlayMount.FS_TYPE)) {
                continue;
            }
            Optional<Path> used = OverlayMount.of(mount).workDir();
            if (used.isPresent() && isSameDirectory(used.get(), workDir)) {
                return Optional.of(OverlayMount.of(mount));
            }
        }
        return Optional.empty();
    }

    private static boolean isSameDirectory(Path a, Path b) throws IOException {
        if (a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize())) {
            return true;
        }
        return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
    }

    private static boolean sameFilesystem(Path a, Path b) throws IOException {
        if (a.getFileSystem() != b.getFileSystem()) {
            return false;
        }
        return Files.getAttribute(a, "unix:dev").equals(Files.getAttribute(b, "unix:dev"));
    }

    @Override
    public String toString() {
        return "VolatileDirtyMarker[" + dirtyFile() + (isPresent() ? ", present]" : "]");
    }
}
