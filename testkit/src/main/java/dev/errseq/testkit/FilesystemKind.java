package dev.errseq.testkit;

import java.util.List;

/** The filesystems a {@link FaultyFilesystem} can be, each with the smallest size its mkfs accepts. */
public enum FilesystemKind {
    /** ext4 without a journal, 4 KiB blocks, its inode tables written by mkfs (no lazy initialisation later). */
    EXT4("ext4", 64, 256, List.of("mkfs.ext4")),
    /** xfs; mkfs.xfs refuses filesystems under 300 MB. */
    XFS("xfs", 300, 512, List.of("mkfs.xfs")),
    /** btrfs; mkfs.btrfs wants 109 MiB at least. */
    BTRFS("btrfs", 128, 512, List.of("mkfs.btrfs", "btrfs"));

    private final String fsName;
    private final long minimumMiB;
    private final long defaultMiB;
    private final List<String> tools;

    FilesystemKind(String fsName, long minimumMiB, long defaultMiB, List<String> tools) {
        this.fsName = fsName;
        this.minimumMiB = minimumMiB;
        this.defaultMiB = defaultMiB;
        this.tools = tools;
    }

    /**
     * The type mount(8) and /proc/filesystems know it by.
     *
     * @return the type mount(8) and /proc/filesystems know it by
     */
    public String fsName() {
        return fsName;
    }

    /**
     * The smallest size, in MiB, the testkit makes it with.
     *
     * @return the smallest size, in MiB, the testkit makes it with
     */
    public long minimumMiB() {
        return minimumMiB;
    }

    /**
     * The size, in MiB, it is made with unless another is asked for.
     *
     * @return the size, in MiB, it is made with unless another is asked for
     */
    public long defaultMiB() {
        return defaultMiB;
    }

    /**
     * The tools it needs besides losetup, mount, umount, fstrim, fallocate and sync.
     *
     * @return the tools it needs besides losetup, mount, umount, fstrim, fallocate and sync
     */
    public List<String> tools() {
        return tools;
    }

    @Override
    public String toString() {
        return fsName;
    }
}
