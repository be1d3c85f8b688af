package dev.errseq.trace;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.Optional;

/**
 * A best-effort path for a traced inode: a walk of its filesystem's mount that stops at the
 * first entry with that inode number, or after {@code maxEntries} entries.
 *
 * <p>Cost: one {@code lstat} per entry visited (and a {@code getdents} per directory), so up to
 * {@code maxEntries} system calls, in the caller's thread; on a large filesystem with a small
 * bound it finds nothing. It never runs on a monitor's event path. It does not follow links,
 * does not cross into other mounts, skips what it may not read, and finds one name of a file
 * with several hard links; a file already deleted (the common case for a temporary file) has
 * no path at all.
 */
public final class InodePaths {
    private InodePaths() {
    }

    /**
     * Searches the mount of {@code event} for its inode.
     *
     * @param event a traced event; block-device events have no path
     * @param maxEntries how many entries to look at, at most
     * @return a path with that inode number on that filesystem, if one was found in time
     * @throws IllegalArgumentException if {@code maxEntries} is below 1
     */
    public static Optional<Path> find(WritebackErrorEvent event, int maxEntries) {
        Objects.requireNonNull(event, "event");
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries below 1: " + maxEntries);
        }
        if (event.onBlockDevice() || event.filesystem().isEmpty()) {
            return Optional.empty();
        }
        return find(event.filesystem().get().mountPoint(), event.inode(), maxEntries);
    }

    /**
     * Searches the filesystem mounted at {@code mountPoint} for {@code inode}.
     *
     * @param mountPoint where the filesystem is mounted
     * @param inode the inode number
     * @param maxEntries how many entries to look at, at most
     * @return a path with that inode number, if one was found in time
     * @throws IllegalArgumentException if {@code maxEntries} is below 1, or the path is not
     *     of the default filesystem
     */
    public static Optional<Path> find(Path mountPoint, long inode, int maxEntries) {
        Objects.requireNonNull(mountPoint, "mountPoint");
        if (mountPoint.getFileSystem() != FileSystems.getDefault()) {
            throw new IllegalArgumentException("not a path of the default filesystem: "
                    + mountPoint);
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries below 1: " + maxEntries);
        }
        Object device;
        try {
            device = Files.getAttribute(mountPoint, "unix:dev", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return Optional.empty();
        }
        Path[] found = new Path[1];
        int[] left = {maxEntries};
        try {
            Files.walkFileTree(mountPoint, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return visit(dir) ? FileVisitResult.CONTINUE : stopOrSkip(dir);
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    visit(file);
                    return found[0] != null || left[0] <= 0 ? FileVisitResult.TERMINATE
                            : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return left[0] <= 0 ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
                }

                /** True to go on into {@code path}: same filesystem, not found, budget left. */
                private boolean visit(Path path) {
                    left[0]--;
                    try {
                        if (!device.equals(Files.getAttribute(path, "unix:dev",
                                LinkOption.NOFOLLOW_LINKS))) {
                            return false;
                        }
                        if (((Number) Files.getAttribute(path, "unix:ino",
                                LinkOption.NOFOLLOW_LINKS)).longValue() == inode) {
                            found[0] = path;
                            return false;
                        }
                    } catch (IOException e) {
                        return false;
                    }
                    return left[0] > 0;
                }

                private FileVisitResult stopOrSkip(Path dir) {
                    return found[0] != null || left[0] <= 0 ? FileVisitResult.TERMINATE
                            : FileVisitResult.SKIP_SUBTREE;
                }
            });
        } catch (IOException e) {
            // walkFileTree reports failures through visitFileFailed; nothing else can fail here.
        }
        return Optional.ofNullable(found[0]);
    }
}
