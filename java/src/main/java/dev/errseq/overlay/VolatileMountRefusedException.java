package dev.errseq.overlay;

import dev.errseq.fs.ErrnoException;
import java.nio.file.Path;

/**
 * The kernel refused to mount a volatile overlay for one of the two reasons that belong to
 * volatile mounts. Each subclass says which, and what to do about it:
 *
 * <ul>
 *   <li>{@link UnseenUpperErrorException} (EIO): the upper filesystem holds a writeback error
 *       that nobody has seen yet;
 *   <li>{@link DirtyWorkdirException} (EINVAL): an earlier volatile mount left its
 *       {@code work/incompat/volatile} directory in the workdir.
 * </ul>
 *
 * <p>Any other refusal is a {@link dev.errseq.fs.FsUsageException}.
 */
public abstract sealed class VolatileMountRefusedException extends ErrnoException
        permits UnseenUpperErrorException, DirtyWorkdirException {
    private static final long serialVersionUID = 1L;

    private final transient Path upperDir;
    private final transient Path workDir;

    VolatileMountRefusedException(Path target, Path upperDir, Path workDir, int errno,
            String explanation) {
        super("mount", target.toString(), errno, explanation);
        this.upperDir = upperDir;
        this.workDir = workDir;
    }

    /**
     * The upper layer of the refused mount.
     *
     * @return the upper layer of the refused mount
     */
    public Path upperDir() {
        return upperDir;
    }

    /**
     * The work directory of the refused mount.
     *
     * @return the work directory of the refused mount
     */
    public Path workDir() {
        return workDir;
    }
}
