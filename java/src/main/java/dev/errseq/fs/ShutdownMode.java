package dev.errseq.fs;

/** The three flags of {@code FS_IOC_SHUTDOWN}: how much to flush before the filesystem stops. */
public enum ShutdownMode {
    /** Flush data and the log, then shut down ({@code FS_GOING_FLAGS_DEFAULT}). */
    DEFAULT(0),
    /** Flush the log only ({@code FS_GOING_FLAGS_LOGFLUSH}). */
    LOGFLUSH(1),
    /** Flush nothing: as if the device vanished ({@code FS_GOING_FLAGS_NOLOGFLUSH}). */
    NOLOGFLUSH(2);

    private final int flags;

    ShutdownMode(int flags) {
        this.flags = flags;
    }

    /**
     * The value the ioctl takes.
     *
     * @return the value the ioctl takes
     */
    public int flags() {
        return flags;
    }
}
