package dev.errseq.bench.trace;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An ext4 (no journal) on a loop device whose backing file sits on a private tmpfs that is
 * full: every page written back fails with ENOSPC, so each writeback is one traced set. Only
 * for the monitor benchmark, as root; {@link #close} (or the shutdown hook) unmounts, detaches
 * and removes everything under {@code /tmp/errseq-bench-monitor-<pid>}.
 */
final class FailingFilesystem implements AutoCloseable {
    private final Path dir = Path.of("/tmp/errseq-bench-monitor-" + ProcessHandle.current().pid());
    private final Path tmpfs = dir.resolve("tmpfs");
    private final Path mnt = dir.resolve("mnt");
    private final Thread hook = new Thread(this::closeQuietly, "errseq-bench-cleanup");
    private String loop;

    private FailingFilesystem() {
    }

    /** Makes, mounts and fills the tmpfs under a new ext4 of {@code sizeMiB}. */
    static FailingFilesystem create(int sizeMiB) throws IOException {
        FailingFilesystem fs = new FailingFilesystem();
        Runtime.getRuntime().addShutdownHook(fs.hook);
        try {
            fs.setUp(sizeMiB);
        } catch (IOException | RuntimeException e) {
            fs.closeQuietly();
            throw e;
        }
        return fs;
    }

    private void setUp(int sizeMiB) throws IOException {
        Files.createDirectories(tmpfs);
        Files.createDirectories(mnt);
        run("mount", "-t", "tmpfs", "-o", "size=1g,mode=0700", "errseq-bench", tmpfs.toString());
        Path image = tmpfs.resolve("backing.img");
        run("truncate", "-s", sizeMiB + "M", image.toString());
        loop = run("losetup", "-f", "--show", image.toString()).strip();
        run("mkfs.ext4", "-q", "-F", "-O", "^has_journal", "-E",
                "lazy_itable_init=0,lazy_journal_init=0,nodiscard", loop);
        run("mount", "-t", "ext4", "-o", "errors=continue", loop, mnt.toString());
        long used = Files.getFileStore(tmpfs).getTotalSpace()
                - Files.getFileStore(tmpfs).getUnallocatedSpace();
        // No room left: every block the filesystem writes from now on fails in the loop device.
        run("mount", "-o", "remount,size=" + used, tmpfs.toString());
    }

    Path mountPoint() {
        return mnt;
    }

    private static String run(String... command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(),
                StandardCharsets.UTF_8);
        try {
            if (process.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
        return output;
    }

    private void closeQuietly() {
        try {
            close();
        } catch (IOException e) {
            System.err.println("could not clean up " + dir + ": " + e.getMessage());
        }
    }

    @Override
    public synchronized void close() throws IOException {
        List<String> failures = new ArrayList<>();
        for (String[] step : List.of(new String[] {"umount", mnt.toString()},
                loop == null ? null : new String[] {"losetup", "-d", loop},
                new String[] {"umount", tmpfs.toString()})) {
            if (step == null || (step[0].equals("umount") && !isMounted(Path.of(step[1])))) {
                continue;
            }
            try {
                run(step);
            } catch (IOException e) {
                failures.add(e.getMessage());
            }
        }
        loop = null;
        if (failures.isEmpty()) {
            Files.deleteIfExists(mnt);
            Files.deleteIfExists(tmpfs);
            Files.deleteIfExists(dir);
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // Called from the hook itself: the JVM is already shutting down.
        }
        if (!failures.isEmpty()) {
            throw new IOException(String.join("; ", failures));
        }
    }

    private static boolean isMounted(Path point) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            if (line.split(" ")[4].equals(point.toString())) {
                return true;
            }
        }
        return false;
    }
}
