package example.log;

import java.io.IOException;

/** The log refuses to go on: an earlier write or sync failed, and records may be lost. */
public final class LogFailedException extends IOException {
    private static final long serialVersionUID = 1L;

    /** @param cause the first failure */
    public LogFailedException(IOException cause) {
        super("the log failed earlier and takes no more records: " + cause.getMessage(), cause);
    }
}
