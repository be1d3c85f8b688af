package dev.errseq.overlay;

import dev.errseq.mountinfo.MountInfo;
import dev.errseq.mountinfo.MountTable;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * What a probe may leave behind, looked for where it would be. The runtime directory is the
 * machine's: another process may probe at the same time, so only the entries (and the mounts
 * in them) of this JVM and of the children it started count.
 */
final class ProbeLeftovers {
    /** This JVM's pid and those of the probe children it started. */
    private static final Set<Long> OURS = ConcurrentHashMap.newKeySet();

    static {
        OURS.add(ProcessHandle.current().pid());
    }

    private ProbeLeftovers() {
    }

    /** Counts {@code pid}'s probe entries as this test run's. */
    static void own(long pid) {
        OURS.add(pid);
    }

    /** Whether an entry name ({@code <pid>-<start>-<n>}) is of this JVM or one of its children. */
    private static boolean ours(String entry) {
        int dash = entry.indexOf('-');
        return dash > 0 && entry.substring(0, dash).matches("\\d+")
                && OURS.contains(Long.parseLong(entry.substring(0, dash)));
    }

    /** The probe's scratch directories in {@code dir}. */
    static List<String> scratchIn(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString())
                    .filter(name -> name.startsWith(ProbeSite.SCRATCH_PREFIX)).sorted().toList();
        }
    }

    /** The names in {@code dir}, sorted. */
    static List<String> list(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** This run's probe entries in the runtime directory (the lock file is not one). */
    static List<String> entries() throws IOException {
        Path base = UnseenErrorProbe.runtimeDirectory();
        if (!Files.isDirectory(base)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(base)) {
            return entries.map(p -> p.getFileName().toString())
                    .filter(name -> name.matches("\\d+-\\d+-\\d+")).filter(ProbeLeftovers::ours)
                    .sorted().toList();
        }
    }

    /** The mounts at or under this run's entries in the runtime directory. */
    static List<Path> mounts() throws IOException {
        Path base = UnseenErrorProbe.runtimeDirectory();
        return MountTable.read().mounts().stream().map(MountInfo::mountPoint)
                .filter(point -> point.startsWith(base) && !point.equals(base)
                        && ours(base.relativize(point).getName(0).toString()))
                .toList();
    }

    /** No scratch directory in {@code dir}, no entry and no mount in the runtime directory. */
    static void assertNone(Path dir) throws IOException {
        assertEquals(List.of(), scratchIn(dir), "scratch directories left in " + dir);
        assertEquals(List.of(), entries(), "entries left in "
                + UnseenErrorProbe.runtimeDirectory());
        assertEquals(List.of(), mounts(), "mounts left under "
                + UnseenErrorProbe.runtimeDirectory());
    }
}
