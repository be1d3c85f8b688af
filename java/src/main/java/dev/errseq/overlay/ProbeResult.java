package dev.errseq.overlay;

import dev.errseq.mountinfo.MountInfo;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@link UnseenErrorProbe#probe} found: whether the filesystem that holds
 * {@code directory} held a writeback error nobody had seen, and which filesystem that was.
 *
 * @param directory the directory probed, as a real path
 * @param unseenError true if the kernel refused the probe's volatile overlay with EIO: the
 *     superblock's errseq word holds an error that no watcher has seen yet
 * @param filesystem the mount that holds {@code directory}, from {@code /proc/self/mountinfo}:
 *     its device ({@code major:minor}), source, type and mount point
 */
public record ProbeResult(Path directory, boolean unseenError, MountInfo filesystem) {

    /**
     * Checks that no component is null.
     *
     * @param directory the directory probed
     * @param unseenError whether the filesystem held an unseen writeback error
     * @param filesystem the mount that holds {@code directory}
     * @throws NullPointerException if {@code directory} or {@code filesystem} is null
     */
    public ProbeResult {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(filesystem, "filesystem");
    }

    /** {@return the filesystem type, such as {@code ext4}} */
    public String fsType() {
        return filesystem.fsType();
    }

    /** {@return the device the filesystem is on, {@code major:minor} as in mountinfo} */
    public String device() {
        return filesystem.device();
    }

    /** {@return where the filesystem that holds the directory is mounted} */
    public Path mountPoint() {
        return filesystem.mountPoint();
    }

    @Override
    public String toString() {
        return (unseenError ? "unseen writeback error" : "no unseen writeback error") + " on "
                + fsType() + " " + filesystem.source() + " (" + device() + ") at "
                + mountPoint() + ", probed from " + directory;
    }
}
