package dev.errseq.trace;

import java.io.IOException;
import java.util.List;

/**
 * The library's trace refusals as the monitor throws them, for the command line's tests on a
 * machine that can trace (their constructors are the library's own, package-private).
 */
public final class TraceRefusals {
    private TraceRefusals() {
    }

    /** What a kernel without tracefs (ENODEV from mount(2)) gives. */
    public static TraceException tracefsUnavailable() {
        return new TracefsUnavailableException("tracefs is not mounted and mounting it at"
                + " /sys/kernel/tracing failed with ENODEV: this kernel has no tracing"
                + " (CONFIG_TRACING); use a kernel built with it", new IOException("ENODEV"));
    }

    /** What a kernel older than 4.14 gives. */
    public static TraceException eventsMissing() {
        return new TraceEventsMissingException("/sys/kernel/tracing",
                List.of("filemap:file_check_and_advance_wb_err", "filemap:filemap_set_wb_err"));
    }

    /** What a kernel in lockdown=confidentiality gives. */
    public static TraceException lockedDown() {
        return new TracingLockedDownException("none integrity [confidentiality]",
                new IOException("EPERM"));
    }

    /** What a process that is not root gives. */
    public static TraceException notRoot() {
        return new NotRootException(1000);
    }
}
