package dev.errseq.overlay;

import dev.errseq.Errno;
import java.nio.file.Path;

/**
 * EIO from mount(2): the upper filesystem holds a writeback error that nobody has seen yet.
 *
 * <p>A volatile overlay samples the upper superblock's errseq word when it is mounted and
 * later fails once the word moves past that sample. An error that is already there but unseen
 * could never be reported by the new mount, so the kernel refuses ("Cannot mount volatile when
 * upperdir has an unseen error. Sync upperdir fs to clear state."). The refusal consumes
 * nothing: the error is still there for the upper filesystem's own watchers.
 *
 * <p>To clear it, sync the upper filesystem so that somebody sees the error: for example
 * {@code FsHandle.open(upperDir).syncfs()}, which throws the error once as a
 * {@link dev.errseq.fs.WritebackErrorException}. Data written to the upper filesystem before
 * may be lost; decide whether the upper layer can still be used, then mount again.
 */
public final class UnseenUpperErrorException extends VolatileMountRefusedException {
    private static final long serialVersionUID = 1L;

    UnseenUpperErrorException(Path target, Path upperDir, Path workDir) {
        super(target, upperDir, workDir, Errno.EIO, "the filesystem of upperdir " + upperDir
                + " holds a writeback error that nobody has seen yet, and a volatile overlay"
                + " cannot start on it; sync the upper filesystem to see and clear the error"
                + " (e.g. syncfs on a handle of the upper: FsHandle.open(upperdir).syncfs(),"
                + " which throws it once), then mount again. Data written to the upper"
                + " filesystem before may be lost");
    }
}
