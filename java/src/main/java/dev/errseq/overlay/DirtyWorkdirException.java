package dev.errseq.overlay;

import dev.errseq.Errno;
import java.nio.file.Path;

/**
 * EINVAL from mount(2) while the workdir holds {@code work/incompat/volatile}: a previous
 * volatile mount of this workdir was not cleanly retired.
 *
 * <p>Every volatile mount creates {@code $workdir/work/incompat/volatile/dirty} and leaves it
 * there, because it never syncs: after a crash the upper layer may hold only part of what was
 * written through the overlay. While the directory exists, the kernel refuses every overlay
 * mount on this workdir, volatile or not ("overlay with incompat feature 'volatile' cannot be
 * mounted"); removing only the {@code dirty} file is not enough. See
 * {@link VolatileDirtyMarker#recover}, which removes the directory only after the upper
 * filesystem reports no unseen writeback error.
 */
public final class DirtyWorkdirException extends VolatileMountRefusedException {
    private static final long serialVersionUID = 1L;

    private final transient VolatileDirtyMarker marker;

    DirtyWorkdirException(Path target, Path upperDir, VolatileDirtyMarker marker) {
        super(target, upperDir, marker.workDir(), Errno.EINVAL, marker.volatileDir()
                + " exists: a previous volatile mount of this workdir was not cleanly retired,"
                + " so the upper layer's contents may be incomplete (a volatile mount never"
                + " syncs, and a crash loses what it had not written back). The kernel refuses"
                + " every overlay on this workdir until that directory is gone; see"
                + " VolatileDirtyMarker.recover, which removes it only when the upper"
                + " filesystem reports no unseen writeback error");
        this.marker = marker;
    }

    /**
     * The leftover marker in the workdir.
     *
     * @return the leftover marker in the workdir
     */
    public VolatileDirtyMarker marker() {
        return marker;
    }
}
