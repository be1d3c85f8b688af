package dev.errseq.overlay;

import dev.errseq.Errno;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * {@link UnseenErrorProbe} could not ask the filesystem, and {@link #reason()} says why. The
 * probe made nothing, or removed what it had made, before throwing.
 *
 * <p>A refusal decided before any system call has {@link #errno()} 0; one that comes from
 * mount(2) carries the kernel's errno.
 */
public final class CannotProbeException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Why a filesystem cannot be probed. */
    public enum Reason {
        /** The process lacks CAP_SYS_ADMIN, which mount(2) needs (EPERM). */
        NOT_PERMITTED,
        /** The filesystem, or its mount, is read-only: it cannot hold an overlay's upper layer. */
        READ_ONLY,
        /**
         * The kernel refused the filesystem as an overlay's upper layer (EINVAL): it cannot be
         * stacked (hugetlbfs), has case-insensitive names (vfat, casefold), ... The kernel log
         * says which.
         */
        NOT_AN_UPPER,
        /**
         * The directory is on an overlay: an overlay cannot be another overlay's upper layer,
         * and the errors that matter are those of that overlay's own upper filesystem: probe a
         * directory there instead.
         */
        ON_OVERLAY,
        /**
         * The kernel is older than 5.11, or its release cannot be read: volatile overlays
         * neither refuse an upper with an unseen error nor report new ones before 5.11.
         */
        KERNEL_TOO_OLD,
        /** mount(2) failed with another errno; see {@link #errno()}. */
        MOUNT_FAILED
    }

    /** Why the probe could not ask. */
    private final Reason reason;
    private final transient Path directory;
    /** The errno from mount(2), positive; 0 when the probe refused before any system call. */
    private final int errno;

    CannotProbeException(Reason reason, Path directory, int errno, String explanation) {
        super("cannot probe " + directory + " for an unseen writeback error: " + explanation
                + (errno == 0 ? "" : " (" + Errno.name(errno) + ")"));
        this.reason = Objects.requireNonNull(reason, "reason");
        this.directory = directory;
        this.errno = Math.abs(errno);
    }

    /**
     * A failed mount(2) of the probe's own: EPERM means the process may not mount, EROFS a
     * read-only filesystem; anything else is {@link Reason#MOUNT_FAILED}.
     */
    static CannotProbeException ofMount(Path directory, int errno, String what) {
        int positive = Math.abs(errno);
        if (positive == Errno.EPERM) {
            return new CannotProbeException(Reason.NOT_PERMITTED, directory, positive, what
                    + ": mounting needs CAP_SYS_ADMIN");
        }
        if (positive == Errno.EROFS) {
            return new CannotProbeException(Reason.READ_ONLY, directory, positive, what
                    + ": the filesystem is read-only");
        }
        return new CannotProbeException(Reason.MOUNT_FAILED, directory, positive, what);
    }

    /** {@return why the probe could not run} */
    public Reason reason() {
        return reason;
    }

    /** {@return the directory that was to be probed, as the caller named it} */
    public Path directory() {
        return directory;
    }

    /**
     * {@return the errno from mount(2), positive; 0 if the probe refused before any system
     * call}
     */
    public int errno() {
        return errno;
    }
}
