package dev.errseq.testkit;

import dev.errseq.testkit.internal.Shell;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a real faulty filesystem needs from the machine, as reasons: each {@code missingFor*}
 * method returns why it cannot work here, or nothing when it can. {@link Skip#ifMissing}
 * turns a reason into a skipped test, or into a failure where {@value #REQUIRE_VARIABLE}=1
 * says the tests must run (a CI job that would otherwise pass by skipping everything). This
 * class needs no JUnit: a command can ask it too.
 */
public final class Prerequisites {
    /**
     * The environment variable that turns every skip for a missing prerequisite into a
     * failure, when it is {@code 1}.
     */
    public static final String REQUIRE_VARIABLE = "ERRSEQ_REQUIRE_KERNEL_TESTS";

    /**
     * Whether {@value #REQUIRE_VARIABLE} is {@code 1} in this process's environment.
     *
     * @return whether {@value #REQUIRE_VARIABLE} is {@code 1} in this process's environment
     */
    public static boolean isRequired() {
        return "1".equals(System.getenv(REQUIRE_VARIABLE));
    }

    /** syncfs(2) reports the superblock's errseq word since Linux 5.8. */
    private static final int[] SYNCFS_ERRSEQ_KERNEL = {5, 8};
    /** Volatile overlays report upper writeback errors from their syncfs since Linux 5.11. */
    private static final int[] VOLATILE_OVERLAY_KERNEL = {5, 11};
    /** The filemap writeback-error tracepoints came in Linux 4.14. */
    private static final int[] TRACEPOINTS_KERNEL = {4, 14};

    private Prerequisites() {
    }

    /**
     * Why filesystems cannot be mounted by this process (not root, no mount tool), if they
     * cannot.
     *
     * @return why filesystems cannot be mounted by this process (not root, no mount tool), if
     *     they cannot
     */
    public static Optional<String> missingForMounting() {
        long euid = effectiveUid();
        if (euid != 0) {
            return Optional.of("not root (effective uid " + euid + "): mounting needs root");
        }
        return missingTools(List.of("mount", "umount"));
    }

    /**
     * A filesystem type as {@code /proc/filesystems} lists it, such as {@code overlay} or {@code hugetlbfs}.
     *
     * @param type a filesystem type as {@code /proc/filesystems} lists it, such as
     *     {@code overlay} or {@code hugetlbfs}
     * @return why filesystems of {@code type} cannot be mounted by this process (what
     *     {@link #missingForMounting()} says, or the kernel lacks the type), if they cannot
     */
    public static Optional<String> missingForFilesystemType(String type) {
        return missingForMounting().or(() -> missingFilesystemType(type));
    }

    /**
     * Why a {@link FaultyFilesystem} of {@code kind} cannot be made here, if it cannot.
     *
     * @param kind a filesystem
     * @return why {@link FaultyFilesystem#create(FilesystemKind)} cannot work here, if it cannot
     */
    public static Optional<String> missingFor(FilesystemKind kind) {
        Optional<String> mounting = missingForMounting();
        if (mounting.isPresent()) {
            return mounting;
        }
        if (!Files.exists(Path.of("/dev/loop-control"))) {
            return Optional.of("/dev/loop-control is missing: no loop devices on this machine"
                    + " (modprobe loop)");
        }
        Optional<String> type = missingFilesystemType(kind.fsName());
        if (type.isPresent()) {
            return type;
        }
        List<String> tools = new ArrayList<>(List.of("losetup", "sync", "fstrim", "fallocate"));
        tools.addAll(kind.tools());
        return missingTools(tools).map(why -> why + " (needed for " + kind.fsName() + ")");
    }

    /**
     * Why syncfs(2) here does not report writeback errors (Linux older than 5.8), if it does
     * not.
     *
     * @return why syncfs(2) here does not report writeback errors (Linux older than 5.8), if
     *     it does not
     */
    public static Optional<String> missingForSyncfsErrors() {
        return kernelOlderThan(SYNCFS_ERRSEQ_KERNEL, "its syncfs(2) does not report writeback"
                + " errors through the superblock's errseq word");
    }

    /**
     * Why a volatile overlay on a {@link FaultyFilesystem} of {@code kind} cannot be mounted
     * here, if it cannot.
     *
     * @param kind the filesystem under the overlay
     * @return why {@link FaultyFilesystem#mountVolatileOverlay()} cannot work here (Linux older
     *     than 5.11, no overlay in the kernel, or what {@link #missingFor} says), if it cannot
     */
    public static Optional<String> missingForVolatileOverlay(FilesystemKind kind) {
        return missingFor(kind)
                .or(() -> kernelOlderThan(VOLATILE_OVERLAY_KERNEL, "its volatile overlays do not"
                        + " report upper writeback errors"))
                .or(() -> missingFilesystemType("overlay"));
    }

    /**
     * Why the kernel's filemap writeback-error tracepoints cannot be read here (not root,
     * Linux older than 4.14), if they cannot.
     *
     * @return why the kernel's filemap writeback-error tracepoints cannot be read here (not
     *     root, Linux older than 4.14), if they cannot
     */
    public static Optional<String> missingForTracing() {
        return missingForMounting().or(() -> kernelOlderThan(TRACEPOINTS_KERNEL,
                "it has no filemap writeback-error tracepoints"));
    }

    private static Optional<String> missingFilesystemType(String type) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/filesystems"))) {
                if (line.endsWith("\t" + type)) {
                    return Optional.empty();
                }
            }
            return Optional.of(type + " is not in /proc/filesystems: this kernel was built"
                    + " without it, or its module is not loaded (modprobe " + type + ")");
        } catch (IOException e) {
            return Optional.of("cannot read /proc/filesystems: " + e);
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
        return Optional.of("missing tools " + missing + " (apt-get install util-linux mount"
                + " e2fsprogs xfsprogs btrfs-progs)");
    }

    private static Optional<String> kernelOlderThan(int[] needed, String consequence) {
        String release = System.getProperty("os.version", "");
        Matcher m = Pattern.compile("^(\\d+)\\.(\\d+)").matcher(release);
        if (!m.find()) {
            return Optional.of("cannot tell the kernel version from os.version=" + release);
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        if (major > needed[0] || major == needed[0] && minor >= needed[1]) {
            return Optional.empty();
        }
        return Optional.of("kernel " + release + " is older than " + needed[0] + "." + needed[1]
                + ": " + consequence);
    }

    /**
     * The effective uid, from /proc/self/status (the JDK has no call for it): a command that
     * needs root says so with it.
     *
     * @return this process's effective uid, or -1 if it cannot be read
     */
    public static long effectiveUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return Long.parseLong(line.split("\\s+")[2]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Fall through: not knowing counts as not root.
        }
        return -1;
    }
}
