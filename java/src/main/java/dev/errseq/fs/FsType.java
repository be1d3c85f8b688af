package dev.errseq.fs;

/**
 * The type of a filesystem as statfs(2) gives it: its magic number, and a name for the
 * common ones.
 *
 * @param magic {@code f_type}, such as {@code 0xEF53}
 * @param name {@code "ext4"}, {@code "xfs"}, ... or {@code "unknown"}
 */
public record FsType(long magic, String name) {
    /** ext2, ext3 and ext4 share this magic. */
    public static final long EXT4_MAGIC = 0xEF53L;
    /** xfs. */
    public static final long XFS_MAGIC = 0x58465342L;
    /** btrfs. */
    public static final long BTRFS_MAGIC = 0x9123683EL;
    /** tmpfs. */
    public static final long TMPFS_MAGIC = 0x01021994L;
    /** overlayfs. */
    public static final long OVERLAY_MAGIC = 0x794C7630L;

    /**
     * The type for {@code magic}, named when it is one of the common ones.
     *
     * @param magic statfs(2)'s {@code f_type}
     * @return the type for {@code magic}, named when it is one of the common ones
     */
    public static FsType of(long magic) {
        String name;
        if (magic == EXT4_MAGIC) {
            name = "ext4";
        } else if (magic == XFS_MAGIC) {
            name = "xfs";
        } else if (magic == BTRFS_MAGIC) {
            name = "btrfs";
        } else if (magic == TMPFS_MAGIC) {
            name = "tmpfs";
        } else if (magic == OVERLAY_MAGIC) {
            name = "overlay";
        } else {
            name = "unknown";
        }
        return new FsType(magic, name);
    }

    /**
     * Whether this is an overlay filesystem.
     *
     * @return whether this is an overlay filesystem
     */
    public boolean isOverlay() {
        return magic == OVERLAY_MAGIC;
    }

    @Override
    public String toString() {
        return name + String.format(" (0x%x)", magic);
    }
}
