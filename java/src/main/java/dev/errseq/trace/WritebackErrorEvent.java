package dev.errseq.trace;

import java.util.Optional;

/**
 * One traced change of a writeback-error word: a set ({@link WordSetEvent}) or a cursor moved
 * by an fsync ({@link CursorAdvanceEvent}).
 */
public sealed interface WritebackErrorEvent permits WordSetEvent, CursorAdvanceEvent {
    /**
     * When the kernel traced it.
     *
     * @return nanoseconds on CLOCK_MONOTONIC, comparable with {@link System#nanoTime()}
     *     (microsecond resolution)
     */
    long timestampNanos();

    /**
     * The CPU the event happened on.
     *
     * @return the CPU number
     */
    int cpu();

    /**
     * The task that caused it (often a writeback kworker or a softirq for a set).
     *
     * @return its pid (thread id)
     */
    int pid();

    /**
     * The task's name as the trace prints it.
     *
     * @return the comm, {@code <...>} if the kernel no longer knew it
     */
    String comm();

    /**
     * The device of the inode's superblock, as traced. For a block device's own page cache
     * (the metadata buffers of a filesystem on it) this is the internal bdev filesystem,
     * {@code 0:3} on Linux 6.18.
     *
     * @return the traced device
     */
    DeviceNumber device();

    /**
     * The inode. For a block device's page cache this is the block device's number in the
     * kernel's encoding.
     *
     * @return the inode number
     */
    long inode();

    /**
     * The filesystem the event belongs to: the one mounted from {@link #device()}, or for a
     * block-device event the one mounted on that block device; empty if none is mounted.
     *
     * @return the filesystem, if mountinfo names one
     */
    Optional<TracedFilesystem> filesystem();

    /**
     * Whether the event is on the page cache of the block device under the filesystem
     * (failed metadata writes) rather than on a file of the filesystem.
     *
     * @return true for a block-device event
     */
    boolean onBlockDevice();
}
