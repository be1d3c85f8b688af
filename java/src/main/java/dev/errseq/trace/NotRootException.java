package dev.errseq.trace;

/**
 * The process is not root. Creating a tracefs instance and enabling events in it needs
 * CAP_SYS_ADMIN (tracefs files are root's, mode 0700 or 0640), and so does mounting tracefs.
 */
public final class NotRootException extends TraceException {
    /** The serialized form's version. */
    private static final long serialVersionUID = 1L;

    /** The effective uid, part of the serialized form. */
    private final long euid;

    NotRootException(long euid) {
        super("tracing writeback errors needs root: this process runs with effective uid " + euid
                + "; run it as root (or with CAP_SYS_ADMIN, and tracefs readable)", null);
        this.euid = euid;
    }

    /**
     * The effective uid the process had.
     *
     * @return the uid
     */
    public long effectiveUid() {
        return euid;
    }
}
