package dev.errseq.overlay;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The marker a volatile overlay leaves in its workdir: {@code $workdir/work/incompat/volatile/dirty}.
 *
 * <p>The kernel creates it at every volatile mount and never removes it, not even at a clean
 * unmount: a volatile mount does not sync, so only the user can know whether the upper layer
 * is complete (no crash since). While {@code work/incompat/volatile} exists the kernel refuses
 * to mount any overlay on the workdir (EINVAL).
 */
public final class VolatileDirtyMarker {
    private final Path workDir;

    private VolatileDirtyMarker(Path workDir) {
        this.workDir = workDir;
    }

    /** The marker of the overlay workdir {@code workDir} (present or not). */
    public static VolatileDirtyMarker of(Path workDir) {
        return new VolatileDirtyMarker(Objects.requireNonNull(workDir, "workDir"));
    }

    /** The overlay workdir. */
    public Path workDir() {
        return workDir;
    }

    /** {@code $workdir/work/incompat/volatile}: the directory whose presence blocks a mount. */
    public Path volatileDir() {
        return workDir.resolve("work").resolve("incompat").resolve("volatile");
    }

    /** {@code $workdir/work/incompat/volatile/dirty}: the file a volatile mount creates. */
    public Path dirtyFile() {
        return volatileDir().resolve("dirty");
    }

    /** Whether the dirty file exists. */
    public boolean isPresent() {
        return Files.exists(dirtyFile(), LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Whether the kernel will refuse to mount an overlay on this workdir because of a volatile
     * mount: the {@code volatile} directory exists, with or without its dirty file.
     */
    public boolean blocksMount() {
        return Files.exists(volatileDir(), LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public String toString() {
        return "VolatileDirtyMarker[" + dirtyFile() + (isPresent() ? ", present]" : "]");
    }
}
