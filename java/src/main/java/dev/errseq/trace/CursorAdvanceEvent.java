package dev.errseq.trace;

import dev.errseq.Layout;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code filemap:file_check_and_advance_wb_err}: an fsync or fdatasync found that an open
 * file's cursor ({@code f_wb_err}) was behind its mapping's word, reported the error and moved
 * the cursor. {@code newCursor} is the word with SEEN set, as the kernel stored it.
 *
 * @param timestampNanos CLOCK_MONOTONIC nanoseconds
 * @param cpu the CPU
 * @param pid the task that synced
 * @param comm its name
 * @param device the traced device
 * @param inode the traced inode
 * @param filesystem the filesystem from mountinfo, if any
 * @param onBlockDevice whether this is a block device's page cache
 * @param file the open file, as the kernel's hashed pointer (stable while the file is open)
 * @param oldCursor the cursor before
 * @param newCursor the cursor after
 */
public record CursorAdvanceEvent(long timestampNanos, int cpu, int pid, String comm,
        DeviceNumber device, long inode, Optional<TracedFilesystem> filesystem,
        boolean onBlockDevice, String file, int oldCursor, int newCursor)
        implements WritebackErrorEvent {

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
     * @param file as in the class description
     * @param oldCursor as in the class description
     * @param newCursor as in the class description
     */
    public CursorAdvanceEvent {
        Objects.requireNonNull(comm, "comm");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(filesystem, "filesystem");
        Objects.requireNonNull(file, "file");
    }

    /**
     * The errno this fsync reported (0 if only the SEEN flag had changed since the cursor).
     *
     * @return a positive errno, or 0
     */
    public int reportedErrno() {
        return Layout.errnoOf(newCursor);
    }

    @Override
    public String toString() {
        return "advance " + device + " ino=" + Long.toHexString(inode) + " file=" + file + " "
                + Layout.UPSTREAM.describe(oldCursor) + " -> "
                + Layout.UPSTREAM.describe(newCursor) + " by " + comm + "-" + pid
                + filesystem.map(f -> " on " + f).orElse("");
    }
}
