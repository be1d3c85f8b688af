package dev.errseq.trace;

import dev.errseq.Layout;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code filemap:filemap_set_wb_err}: a writeback error was recorded in an inode mapping's
 * word. The traced word is what {@code errseq_set} returned: the word <em>before</em> this set
 * (or, in a rare race, the value another setter had just stored). The errno being set shows
 * only in the next traced word of the same inode.
 *
 * @param timestampNanos CLOCK_MONOTONIC nanoseconds
 * @param cpu the CPU
 * @param pid the task's pid
 * @param comm the task's name
 * @param device the traced device
 * @param inode the traced inode
 * @param filesystem the filesystem from mountinfo, if any
 * @param onBlockDevice whether this is a block device's page cache
 * @param wordBefore the raw word before the set, in {@link Layout#UPSTREAM}
 */
public record WordSetEvent(long timestampNanos, int cpu, int pid, String comm,
        DeviceNumber device, long inode, Optional<TracedFilesystem> filesystem,
        boolean onBlockDevice, int wordBefore) implements WritebackErrorEvent {

    /**
     * Checks that no component is null.
     *
     * @param timestampNanos as in the class description
     * @param cpu as in the class description
     * @param pid as in the class description
     * @param comm as in the class description
     * @param device as in the class description
     * @param inode as in the class description
     * @param filesystem as in the class description
     * @param onBlockDevice as in the class description
     * @param wordBefore as in the class description
     */
    public WordSetEvent {
        Objects.requireNonNull(comm, "comm");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(filesystem, "filesystem");
    }

    /**
     * The errno the word held before the set.
     *
     * @return a positive errno, or 0 at the epoch
     */
    public int errnoBefore() {
        return Layout.errnoOf(wordBefore);
    }

    /**
     * Whether someone had seen the previous error (then this set moves the counter).
     *
     * @return the SEEN flag of the word before
     */
    public boolean seenBefore() {
        return Layout.UPSTREAM.isReported(wordBefore);
    }

    /**
     * The counter of the word before.
     *
     * @return the counter field, shifted down
     */
    public int counterBefore() {
        return Layout.UPSTREAM.counterOf(wordBefore);
    }

    @Override
    public String toString() {
        return "set " + device + " ino=" + Long.toHexString(inode) + " before "
                + Layout.UPSTREAM.describe(wordBefore) + " by " + comm + "-" + pid
                + filesystem.map(f -> " on " + f).orElse("");
    }
}
