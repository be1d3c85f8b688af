package dev.errseq.trace;

/**
 * tracefs is not mounted and could not be mounted: the kernel lacks it (no CONFIG_TRACING),
 * the mount point is missing, or mount(2) was refused (a container without CAP_SYS_ADMIN in
 * the initial namespace).
 */
public final class TracefsUnavailableException extends TraceException {
    /** The serialized form's version. */
    private static final long serialVersionUID = 1L;

    TracefsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
