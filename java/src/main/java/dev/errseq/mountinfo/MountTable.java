package dev.errseq.mountinfo;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The mounts of this process's mount namespace, as {@code /proc/self/mountinfo} lists them
 * at one moment, in the kernel's order (a mount comes after the mount it sits on).
 */
public final class MountTable {
    /** Where the kernel lists the mounts this process sees. */
    public static final Path PROC_SELF_MOUNTINFO = Path.of("/proc/self/mountinfo");

    /**
     * How the JVM encodes file names ({@code sun.jnu.encoding}), and so how the kernel sees
     * them: mountinfo's paths are raw bytes, decoded with this charset, and the library's
     * natives encode the paths they pass with it too.
     */
    public static final Charset PATH_CHARSET =
            Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));

    private final List<MountInfo> mounts;

    private MountTable(List<MountInfo> mounts) {
        this.mounts = List.copyOf(mounts);
    }

    /**
     * Reads {@code /proc/self/mountinfo} now.
     *
     * @return the mounts of this process's mount namespace
     * @throws IOException if {@code /proc/self/mountinfo} cannot be read
     */
    public static MountTable read() throws IOException {
        return parse(new String(Files.readAllBytes(PROC_SELF_MOUNTINFO), PATH_CHARSET));
    }

    /**
     * Parses mountinfo text, one mount per line; blank lines are skipped.
     *
     * @param mountinfo the text of a mountinfo file
     * @return the mounts the text describes
     * @throws IllegalArgumentException if a line is not a mountinfo line
     */
    public static MountTable parse(String mountinfo) {
        List<MountInfo> mounts = new ArrayList<>();
        for (String line : Objects.requireNonNull(mountinfo, "mountinfo").split("\n")) {
            if (!line.isBlank()) {
                mounts.add(MountInfo.parse(line));
            }
        }
        return new MountTable(mounts);
    }

    /**
     * Every mount, in the kernel's order.
     *
     * @return every mount, in the kernel's order
     */
    public List<MountInfo> mounts() {
        return mounts;
    }

    /**
     * The mount that holds {@code path}: the one with the longest mount point that is
     * {@code path} or one of its parents, compared name by name. When several mounts sit on
     * the same point, the last one listed is on top and wins.
     *
     * <p>Symbolic links are not followed: pass a real path ({@link Path#toRealPath}).
     *
     * @param path an absolute, normalized path
     * @return the mount that holds {@code path}: the one with the longest mount point that is
     *     {@code path} or one of its parents, compared name by name
     * @throws IllegalArgumentException if {@code path} is not absolute
     */
    public Optional<MountInfo> mountHolding(Path path) {
        Objects.requireNonNull(path, "path");
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException("not an absolute path: " + path);
        }
        Path target = path.normalize();
        MountInfo best = null;
        for (MountInfo mount : mounts) {
            if (target.startsWith(mount.mountPoint())
                    && (best == null || mount.mountPoint().getNameCount()
                            >= best.mountPoint().getNameCount())) {
                best = mount;
            }
        }
        return Optional.ofNullable(best);
    }

    @Override
    public String toString() {
        return "MountTable[" + mounts.size() + " mounts]";
    }
}
