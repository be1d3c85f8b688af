package dev.errseq.cli;

import dev.errseq.Errno;
import dev.errseq.fs.ErrnoException;
import dev.errseq.fs.WritebackErrorException;
import dev.errseq.overlay.CannotProbeException;
import dev.errseq.trace.NotRootException;
import dev.errseq.trace.TraceException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * What an exception from the library means on a command line: its exit status and a one-line
 * explanation that ends with what to do about it.
 */
final class Failures {
    private Failures() {
    }

    /** The exit status for a failed system call, from its errno. */
    static int exitCodeOf(ErrnoException e) {
        if (e instanceof WritebackErrorException) {
            return ExitCodes.IO_ERR;
        }
        return switch (e.errno()) {
            case Errno.ENOENT, Errno.ENOTDIR -> ExitCodes.NO_INPUT;
            case Errno.EACCES, Errno.EPERM -> ExitCodes.NO_PERM;
            case Errno.EINVAL, Errno.ENOTTY, Errno.EOPNOTSUPP, Errno.ENOSYS -> ExitCodes.UNAVAILABLE;
            default -> ExitCodes.OS_ERR;
        };
    }

    /** What to do about a failed system call, for the end of its one-line message. */
    static String fixFor(ErrnoException e) {
        if (e instanceof WritebackErrorException) {
            return "data written before this call may be lost; the error is now reported to this"
                    + " caller, so check the data that was written";
        }
        return switch (exitCodeOf(e)) {
            case ExitCodes.NO_INPUT -> "check the path";
            case ExitCodes.NO_PERM -> "run as root or as the file's owner";
            case ExitCodes.UNAVAILABLE -> "this filesystem does not support " + e.operation();
            default -> "see the errno above";
        };
    }

    /** Why a filesystem could not be probed, and what to do instead. */
    private static Problem problemOf(CannotProbeException e) {
        return switch (e.reason()) {
            case NOT_PERMITTED -> new Problem(ExitCodes.NO_PERM, e.getMessage()
                    + "; run as root: the probe mounts an overlay (CAP_SYS_ADMIN)", e);
            case ON_OVERLAY -> new Problem(ExitCodes.UNAVAILABLE, e.getMessage()
                    + "; probe a directory on the overlay's upper filesystem instead", e);
            case READ_ONLY, NOT_AN_UPPER -> new Problem(ExitCodes.UNAVAILABLE, e.getMessage()
                    + "; this filesystem cannot hold an overlay's upper layer, so it cannot be"
                    + " probed", e);
            case KERNEL_TOO_OLD -> new Problem(ExitCodes.UNAVAILABLE, e.getMessage()
                    + "; the probe needs Linux 5.11 or newer", e);
            case MOUNT_FAILED -> new Problem(ExitCodes.OS_ERR, e.getMessage()
                    + "; the kernel log (dmesg) may say why", e);
        };
    }

    /** The {@link Problem} for any exception a subcommand let through. */
    static Problem problemOf(Throwable e) {
        if (e instanceof Problem problem) {
            return problem;
        }
        if (e instanceof ErrnoException errno) {
            return new Problem(exitCodeOf(errno), errno.getMessage() + "; " + fixFor(errno), e);
        }
        if (e instanceof CannotProbeException cannot) {
            return problemOf(cannot);
        }
        if (e instanceof TraceException trace) {
            // Each trace refusal's message already names what is missing and what to do.
            return new Problem(trace instanceof NotRootException ? ExitCodes.NO_PERM
                    : ExitCodes.UNAVAILABLE, trace.getMessage(), e);
        }
        if (e instanceof NoSuchFileException missing) {
            return new Problem(ExitCodes.NO_INPUT, missing.getFile() + ": no such file or"
                    + " directory; check the path", e);
        }
        if (e instanceof NotDirectoryException notDir) {
            return new Problem(ExitCodes.NO_INPUT, notDir.getFile() + ": not a directory; check"
                    + " the path", e);
        }
        if (e instanceof AccessDeniedException denied) {
            return new Problem(ExitCodes.NO_PERM, denied.getFile() + ": permission denied; run as"
                    + " root or as the file's owner", e);
        }
        if (e instanceof UnsatisfiedLinkError link) {
            return new Problem(ExitCodes.UNAVAILABLE, "the native library could not be loaded: "
                    + link.getMessage(), e);
        }
        return new Problem(ExitCodes.SOFTWARE, "internal error: " + e
                + "; rerun with --verbose and report it", e);
    }
}
