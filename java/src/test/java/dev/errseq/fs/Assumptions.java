package dev.errseq.fs;

import dev.errseq.internal.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the real-kernel tests need from the machine, as reasons to skip. The {@code assume*}
 * methods print the reason to stdout and abort the test through JUnit's
 * {@code assumeTrue} (or fail, where {@value #REQUIRE_VARIABLE}=1); the {@code why*} methods return it, for callers without JUnit
 * ({@link ConformanceReport}).
 */
public final class Assumptions {
    /** syncfs(2) reports the superblock's errseq word since Linux 5.8. */
    static final int[] SYNCFS_ERRSEQ_KERNEL = {5, 8};
    /**
     * Volatile overlays came in 5.10; their syncfs reports upper errors (sticky EIO) since
     * 5.11 ("ovl: implement volatile-specific fsync error behaviour").
     */
    static final int[] VOLATILE_OVERLAY_KERNEL = {5, 11};
    /** The filemap_set_wb_err and file_check_and_advance_wb_err tracepoints came in 4.14. */
    static final int[] TRACEPOINTS_KERNEL = {4, 14};

    private Assumptions() {
    }

    /** Why the tests cannot mount filesystems here, if they cannot. */
    static Optional<String> whyNotRoot() {
        long euid = Processes.effectiveUid();
        if (euid != 0) {
            return Optional.of("not root (effective uid " + euid + "): mounting needs root");
        }
        return missingTools(List.of("mount", "umount"));
    }

    /** Why {@link LoopFilesystem#create(LoopFilesystem.Kind)} cannot work here, if it cannot. */
    static Optional<String> whyNoLoopFilesystem(LoopFilesystem.Kind kind) {
        Optional<String> root = whyNotRoot();
        if (root.isPresent()) {
            return root;
        }
        if (!Files.exists(Path.of("/dev/loop-control"))) {
            return Optional.of("/dev/loop-control is missing: no loop devices on this machine");
        }
        List<String> tools = new ArrayList<>(List.of("losetup", "sync"));
        tools.addAll(kind.tools());
        return missingTools(tools).map(why -> why + " (needed for " + kind.fsName() + ")");
    }

    /** Why syncfs(2) here does not report writeback errors, if it does not (kernel < 5.8). */
    static Optional<String> whyNoSyncfsErrors() {
        String release = System.getProperty("os.version", "");
        int[] version = kernelVersion(release);
        if (version == null) {
            return Optional.of("cannot tell the kernel version from os.version=" + release);
        }
        if (compare(version, SYNCFS_ERRSEQ_KERNEL) < 0) {
            return Optional.of("kernel " + release + " is older than 5.8: its syncfs(2) does"
                    + " not report writeback errors through the superblock's errseq word");
        }
        return Optional.empty();
    }

    /** Why volatile overlays cannot be tested here, if they cannot (kernel < 5.11, no overlay). */
    static Optional<String> whyNoVolatileOverlay() {
        String release = System.getProperty("os.version", "");
        int[] version = kernelVersion(release);
        if (version == null) {
            return Optional.of("cannot tell the kernel version from os.version=" + release);
        }
        if (compare(version, VOLATILE_OVERLAY_KERNEL) < 0) {
            return Optional.of("kernel " + release + " is older than 5.11: its volatile"
                    + " overlays do not report upper writeback errors");
        }
        try {
            String filesystems = Files.readString(Path.of("/proc/filesystems"));
            if (!filesystems.matches("(?s).*\\boverlay\\b.*")) {
                return Optional.of("overlay is not in /proc/filesystems (modprobe overlay)");
            }
        } catch (IOException e) {
            return Optional.of("cannot read /proc/filesystems: " + e);
        }
        return Optional.empty();
    }

    /** Why filesystems of {@code type} cannot be mounted here, if they cannot. */
    static Optional<String> whyNoFilesystemType(String type) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/filesystems"))) {
                if (line.endsWith("\t" + type)) {
                    return Optional.empty();
                }
            }
            return Optional.of(type + " is not in /proc/filesystems: this kernel was built"
                    + " without it");
        } catch (IOException e) {
            return Optional.of("cannot read /proc/filesystems: " + e);
        }
    }

    /** Skips the test unless filesystems of {@code type} can be mounted here, as root. */
    public static void assumeFilesystemType(String type) {
        skipIf(whyNotRoot().or(() -> whyNoFilesystemType(type)));
    }

    /** Why the filemap tracepoints cannot be read here, if they cannot (not root, Linux < 4.14). */
    static Optional<String> whyNoTracing() {
        Optional<String> root = whyNotRoot();
        if (root.isPresent()) {
            return root;
        }
        String release = System.getProperty("os.version", "");
        int[] version = kernelVersion(release);
        if (version == null || compare(version, TRACEPOINTS_KERNEL) < 0) {
            return Optional.of("kernel " + release + " is older than 4.14: no filemap"
                    + " writeback-error tracepoints");
        }
        return Optional.empty();
    }

    /**
     * Skips the test unless a monitor can trace a loop filesystem of {@code kind}: root, loop
     * devices, Linux 4.14 or newer (tracefs itself the monitor mounts when it is missing).
     */
    public static void assumeTracing(LoopFilesystem.Kind kind) {
        skipIf(whyNoLoopFilesystem(kind).or(Assumptions::whyNoTracing));
    }

    /**
     * Whether a part of a test that needs tracing can run: true if it can; false, with the
     * reason printed, if it cannot; an AssertionError where {@value #REQUIRE_VARIABLE}=1.
     */
    public static boolean tracingOrNote() {
        Optional<String> reason = whyNoTracing();
        if (reason.isPresent() && "1".equals(System.getenv(REQUIRE_VARIABLE))) {
            throw new AssertionError(REQUIRE_VARIABLE + "=1 requires the trace replay to run,"
                    + " but: " + reason.get());
        }
        reason.ifPresent(why -> System.out.println("NOT REPLAYED: " + why));
        return reason.isEmpty();
    }

    /** Skips the test unless filesystems can be mounted. */
    public static void assumeRoot() {
        skipIf(whyNotRoot());
    }

    /** Skips the test unless a loop filesystem of {@code kind} can be made. */
    public static void assumeLoopFilesystem(LoopFilesystem.Kind kind) {
        skipIf(whyNoLoopFilesystem(kind));
    }

    /** Skips the test unless syncfs reports writeback errors (Linux 5.8 or newer). */
    public static void assumeSyncfsReportsErrors() {
        skipIf(whyNoSyncfsErrors());
    }

    /**
     * Skips the test unless volatile overlays can be mounted on a loop filesystem of
     * {@code kind} and report its writeback errors (root, loop devices, Linux 5.11 or newer).
     */
    public static void assumeVolatileOverlay(LoopFilesystem.Kind kind) {
        skipIf(whyNoLoopFilesystem(kind).or(Assumptions::whyNoSyncfsErrors)
                .or(Assumptions::whyNoVolatileOverlay));
    }

    /**
     * Set (to 1) where a skip would hide a gap, as in this project's CI: there a missing
     * prerequisite fails the test instead of skipping it.
     */
    static final String REQUIRE_VARIABLE = "ERRSEQ_REQUIRE_KERNEL_TESTS";

    private static void skipIf(Optional<String> reason) {
        if (reason.isPresent() && "1".equals(System.getenv(REQUIRE_VARIABLE))) {
            throw new AssertionError(REQUIRE_VARIABLE + "=1 requires the real-kernel tests to"
                    + " run, but: " + reason.get());
        }
        if (reason.isPresent()) {
            System.out.println("SKIPPED: " + reason.get());
            org.junit.jupiter.api.Assumptions.assumeTrue(false, reason.get());
        }
    }

    private static Optional<String> missingTools(List<String> tools) {
        List<String> missing = new ArrayList<>();
        for (String tool : tools) {
            if (Shell.find(tool) == null) {
                missing.add(tool);
            }
        }
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("missing tools " + missing + " (apt-get install e2fsprogs xfsprogs"
                + " btrfs-progs util-linux mount)");
    }

    /** {major, minor} of a release such as {@code 6.18.44-fc-v782}, or null. */
    static int[] kernelVersion(String release) {
        Matcher m = Pattern.compile("^(\\d+)\\.(\\d+)").matcher(release);
        if (!m.find()) {
            return null;
        }
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
    }

    private static int compare(int[] a, int[] b) {
        return a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(a[1], b[1]);
    }
}
