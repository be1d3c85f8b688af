package dev.errseq.overlay;

import dev.errseq.fs.FsHandle;
import dev.errseq.mountinfo.MountInfo;
import dev.errseq.mountinfo.MountTable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An overlayfs mount as mountinfo describes it: its layers and whether it is volatile.
 *
 * <p>The kernel shows the layers as they were given at mount time: {@code lowerdir=} holds
 * one or more directories separated by {@code :} (a {@code ::} starts the data-only layers),
 * each with {@code \:}, {@code \,} and {@code \\} escapes; Linux 6.7 and newer may instead
 * list one {@code lowerdir+=} and {@code datadir+=} option per layer, unescaped. Relative
 * paths, which mount(2) accepts, stay relative here.
 *
 * <p>The option that makes a mount volatile is spelled {@code volatile} in mountinfo on older
 * kernels and {@code fsync=volatile} on newer ones; both are recognised.
 */
public final class OverlayMount {
    /** The type overlayfs has in mountinfo. */
    public static final String FS_TYPE = "overlay";

    private final MountInfo mountInfo;
    private final List<Path> lowerDirs;
    private final List<Path> dataDirs;
    private final Optional<Path> upperDir;
    private final Optional<Path> workDir;
    private final boolean isVolatile;

    private OverlayMount(MountInfo mountInfo, List<Path> lowerDirs, List<Path> dataDirs,
            Optional<Path> upperDir, Optional<Path> workDir, boolean isVolatile) {
        this.mountInfo = mountInfo;
        this.lowerDirs = List.copyOf(lowerDirs);
        this.dataDirs = List.copyOf(dataDirs);
        this.upperDir = upperDir;
        this.workDir = workDir;
        this.isVolatile = isVolatile;
    }

    /**
     * Reads the overlay options of a mountinfo line. Only the line's type is looked at, so
     * this is for lines read elsewhere; {@link #holding} confirms a live mount with statfs.
     *
     * @param mountInfo a mountinfo line of type {@value #FS_TYPE}
     * @return the overlay's layers, as the line's options name them
     * @throws IllegalArgumentException if the line's type is not {@value #FS_TYPE}
     */
    public static OverlayMount of(MountInfo mountInfo) {
        Objects.requireNonNull(mountInfo, "mountInfo");
        if (!mountInfo.fsType().equals(FS_TYPE)) {
            throw new IllegalArgumentException("not an overlay mount (type "
                    + mountInfo.fsType() + "): " + mountInfo.mountPoint());
        }
        List<Path> lower = new ArrayList<>();
        List<Path> data = new ArrayList<>();
        mountInfo.superOption("lowerdir").ifPresent(value -> splitLowerdir(value, lower, data));
        for (String layer : mountInfo.superOptionValues("lowerdir+")) {
            lower.add(Path.of(layer));
        }
        for (String layer : mountInfo.superOptionValues("datadir+")) {
            data.add(Path.of(layer));
        }
        return new OverlayMount(mountInfo, lower, data,
                mountInfo.superOption("upperdir").map(OverlayMount::unescapedPath),
                mountInfo.superOption("workdir").map(OverlayMount::unescapedPath),
                isVolatile(mountInfo));
    }

    /**
     * The overlay mount that holds {@code path}, if an overlay holds it: the mount found in
     * {@code /proc/self/mountinfo} ({@link MountTable#mountHolding}, after resolving links)
     * must be of type {@value #FS_TYPE}, and statfs(2) on {@code path} must report overlayfs's
     * magic number, so that a look-alike (fuse-overlayfs, a stale line) is not taken for one.
     *
     * @param path any path; links are resolved
     * @return the overlay mount that holds {@code path}, or empty if no overlay holds it
     * @throws IOException if {@code path} cannot be resolved or opened, or mountinfo read
     */
    public static Optional<OverlayMount> holding(Path path) throws IOException {
        Path real = Objects.requireNonNull(path, "path").toRealPath();
        Optional<MountInfo> mount = MountTable.read().mountHolding(real);
        if (mount.isEmpty() || !mount.get().fsType().equals(FS_TYPE)) {
            return Optional.empty();
        }
        try (FsHandle handle = FsHandle.open(real)) {
            if (!handle.fsType().isOverlay()) {
                return Optional.empty();
            }
        }
        return Optional.of(of(mount.get()));
    }

    /** Whether the super options make the mount volatile, in either spelling. */
    private static boolean isVolatile(MountInfo mountInfo) {
        return mountInfo.hasSuperFlag("volatile")
                || mountInfo.superOption("fsync").filter("volatile"::equals).isPresent();
    }

    /**
     * Splits {@code lowerdir}'s value at each unescaped {@code :}; after a {@code ::} the
     * layers are data-only. Each layer loses its backslash escapes, as the kernel does.
     */
    static void splitLowerdir(String value, List<Path> lower, List<Path> data) {
        StringBuilder layer = new StringBuilder();
        boolean dataLayers = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                layer.append(value.charAt(++i));
            } else if (c == ':') {
                (dataLayers ? data : lower).add(Path.of(layer.toString()));
                layer.setLength(0);
                if (i + 1 < value.length() && value.charAt(i + 1) == ':') {
                    dataLayers = true;
                    i++;
                }
            } else {
                layer.append(c);
            }
        }
        if (layer.length() > 0) {
            (dataLayers ? data : lower).add(Path.of(layer.toString()));
        }
    }

    /** upperdir and workdir as the kernel reads them: each backslash escapes the next char. */
    static Path unescapedPath(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                c = value.charAt(++i);
            }
            out.append(c);
        }
        return Path.of(out.toString());
    }

    /**
     * The mountinfo line this was read from.
     *
     * @return the mountinfo line this was read from
     */
    public MountInfo mountInfo() {
        return mountInfo;
    }

    /**
     * Where the overlay is mounted.
     *
     * @return where the overlay is mounted
     */
    public Path mountPoint() {
        return mountInfo.mountPoint();
    }

    /**
     * The lower layers, topmost first (without the data-only layers).
     *
     * @return the lower layers, topmost first (without the data-only layers)
     */
    public List<Path> lowerDirs() {
        return lowerDirs;
    }

    /**
     * The data-only lower layers (Linux 6.5+), usually none.
     *
     * @return the data-only lower layers (Linux 6.5+), usually none
     */
    public List<Path> dataDirs() {
        return dataDirs;
    }

    /**
     * The upper layer; empty for a read-only overlay of lower layers only.
     *
     * @return the upper layer; empty for a read-only overlay of lower layers only
     */
    public Optional<Path> upperDir() {
        return upperDir;
    }

    /**
     * The work directory, on the same filesystem as the upper layer; empty without one.
     *
     * @return the work directory, on the same filesystem as the upper layer; empty without one
     */
    public Optional<Path> workDir() {
        return workDir;
    }

    /**
     * Whether the overlay is volatile: it never syncs its upper layer, and every sync on it
     * fails with EIO once the upper filesystem has had a writeback error since the mount.
     *
     * @return whether the overlay is volatile: it never syncs its upper layer, and every sync on it
     *     fails with EIO once the upper filesystem has had a writeback error since the mount
     */
    public boolean isVolatile() {
        return isVolatile;
    }

    @Override
    public String toString() {
        return "OverlayMount[" + mountPoint() + (isVolatile ? ", volatile" : "") + ", lower "
                + lowerDirs + (dataDirs.isEmpty() ? "" : ", data " + dataDirs)
                + upperDir.map(p -> ", upper " + p).orElse("")
                + workDir.map(p -> ", work " + p).orElse("") + "]";
    }
}
