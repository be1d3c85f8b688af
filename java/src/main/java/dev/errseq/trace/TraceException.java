package dev.errseq.trace;

import java.io.IOException;

/**
 * The monitor cannot trace here. Each subclass names one missing prerequisite, and its message
 * says what is missing and what to do about it.
 */
public abstract sealed class TraceException extends IOException
        permits NotRootException, TracefsUnavailableException, TraceEventsMissingException,
        TracingLockedDownException {
    /** The serialized form's version. */
    private static final long serialVersionUID = 1L;

    TraceException(String message, Throwable cause) {
        super(message, cause);
    }
}
