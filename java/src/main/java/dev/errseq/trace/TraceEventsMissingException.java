package dev.errseq.trace;

import java.util.List;

/**
 * tracefs is there, but it has not the two filemap events (Linux before 4.14, or a kernel
 * built without them).
 */
public final class TraceEventsMissingException extends TraceException {
    /** The serialized form's version. */
    private static final long serialVersionUID = 1L;

    /** The missing events, part of the serialized form. */
    private final List<String> missing;

    TraceEventsMissingException(String tracefs, List<String> missing) {
        super("tracefs at " + tracefs + " lacks the events " + missing + ": they came with"
                + " Linux 4.14 (kernel " + System.getProperty("os.version") + " here); a newer"
                + " kernel is needed to watch writeback errors without consuming them", null);
        this.missing = List.copyOf(missing);
    }

    /**
     * The events that are missing.
     *
     * @return each as {@code system:event}
     */
    public List<String> missingEvents() {
        return missing;
    }
}
