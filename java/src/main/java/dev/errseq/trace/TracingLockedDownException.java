package dev.errseq.trace;

/**
 * The kernel is locked down ({@code lockdown=confidentiality}, often forced by Secure Boot
 * policies): tracefs refuses even root with EPERM, since traces can leak kernel memory.
 */
public final class TracingLockedDownException extends TraceException {
    /** The serialized form's version. */
    private static final long serialVersionUID = 1L;

    TracingLockedDownException(String lockdown, Throwable cause) {
        super("tracefs refused access (EPERM) and the kernel is locked down (" + lockdown
                + " in /sys/kernel/security/lockdown): tracing is disabled in confidentiality"
                + " mode; boot with lockdown=integrity or none to watch writeback errors", cause);
    }
}
