package dev.errseq.overlay;

import dev.errseq.mountinfo.MountInfo;
import dev.errseq.mountinfo.MountTable;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** What a probe may leave behind, looked for where it would be. */
final class ProbeLeftovers {
    private ProbeLeftovers() {
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

    /** The probe entries in the runtime directory (the lock file is not one). */
    static List<String> entries() throws IOException {
        Path base = UnseenErrorProbe.runtimeDirectory();
        if (!Files.isDirectory(base)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(base)) {
            return entries.map(p -> p.getFileName().toString())
                    .filter(name -> name.matches("\\d+-\\d+-\\d+")).sorted().toList();
        }
    }

    /** The mounts at or under the runtime directory. */
    static List<Path> mounts() throws IOException {
        Path base = UnseenErrorProbe.runtimeDirectory();
        return MountTable.read().mounts().stream().map(MountInfo::mountPoint)
                .filter(point -> point.startsWith(base)).toList();
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
