package dev.errseq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errseq.cli.conformance.Scenario;
import dev.errseq.testkit.FilesystemKind;
import dev.errseq.testkit.Prerequisites;
import dev.errseq.testkit.Skip;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * errseq conformance through the command: every case on real filesystems, the table and the
 * JSON lines, and the refusals. The cases themselves, with their explanations, are
 * KernelConformanceTest's; the jar as another user is JarRunIT's.
 */
class ConformanceCommandTest {
    /** Skips (or, where required, fails) unless the command can make {@code kind} here. */
    static void skipUnlessRealFilesystems(FilesystemKind kind) {
        Skip.ifMissing(Prerequisites.missingForVolatileOverlay(kind)
                .or(Prerequisites::missingForSyncfsErrors)
                .or(Prerequisites::missingForTracing));
    }

    @Test
    void everyCaseOnExt4AgreesInTheTable() {
        skipUnlessRealFilesystems(FilesystemKind.EXT4);
        CliRun run = CliRun.of("conformance", "--fs", "ext4");
        assertEquals(0, run.exit(), run.toString());
        assertEquals("", run.err());
        List<String> lines = run.outLines();
        assertTrue(lines.get(0).matches("scenario +fs +who +reports per watcher +verdict"),
                lines.get(0));
        for (Scenario scenario : Scenario.values()) {
            String row = lines.stream().filter(l -> l.startsWith(scenario.caseName() + " "))
                    .findFirst().orElseThrow(() -> new AssertionError(scenario + " in " + run.out()));
            assertTrue(row.matches(scenario.caseName() + " +ext4 +kernel +\\S.* agree"), row);
            int at = lines.indexOf(row);
            assertTrue(lines.get(at + 1).matches(" +C core +.*\\(model fed: file E[A-Z]+, sb E[A-Z]+\\)"),
                    lines.get(at + 1));
            assertTrue(lines.get(at + 2).matches(" +Java twin +.*"), lines.get(at + 2));
            assertTrue(lines.get(at + 3).matches(" +replay +traced words (\\d+), C core \\1,"
                    + " Java twin \\1, differ 0"), lines.get(at + 3));
        }
        assertTrue(lines.get(lines.size() - 2).matches("kernel \\S+; 7 rows: 7 agree, 0 disagree"
                + " or failed \\(\\d+\\.\\d s\\)"), lines.get(lines.size() - 2));
    }

    @Test
    void everyCaseOnXfsAndBtrfsAgreesInJson() {
        skipUnlessRealFilesystems(FilesystemKind.XFS);
        skipUnlessRealFilesystems(FilesystemKind.BTRFS);
        CliRun run = CliRun.of("conformance", "--json", "--fs", "xfs,btrfs");
        assertEquals(0, run.exit(), run.toString());
        assertEquals("", run.err());
        List<String> lines = run.outLines();
        assertEquals(2 * Scenario.values().length + 1, lines.size(), run.out());
        int i = 0;
        for (Scenario scenario : Scenario.values()) {
            for (String fs : List.of("xfs", "btrfs")) {
                String line = lines.get(i++);
                assertTrue(line.startsWith("{\"scenario\":\"" + scenario.caseName() + "\",\"fs\":\""
                        + fs + "\",\"verdict\":\"agree\",\"agree\":true,\"reports\":{\"kernel\":\""),
                        line);
                assertTrue(line.matches(".*\"replay\":\"traced words (\\d+), C core \\1, Java twin"
                        + " \\1, differ 0\".*"), line);
            }
        }
        assertEquals("{\"kernel\":\"" + System.getProperty("os.version") + "\",\"rows\":14,"
                + "\"agree\":14,\"failed\":0}", lines.get(lines.size() - 1));
    }

    @Test
    void anUnknownFilesystemIsExit64AndMakesNothing() throws IOException {
        List<Path> before = scratch();
        CliRun run = CliRun.of("conformance", "--fs", "ext4,zfs");
        assertEquals(new CliRun(ExitCodes.USAGE, "", "errseq conformance: Invalid value for"
                + " option '--fs' (FS): 'zfs' is not a filesystem errseq can make (write ext4,"
                + " xfs or btrfs, separated by commas); see 'errseq conformance --help'\n"), run);
        assertEquals(before, scratch(), "a filesystem was made after all");
    }

    @Test
    void anEmptyFilesystemNameIsExit64() {
        CliRun run = CliRun.of("conformance", "--fs", "");
        assertEquals(new CliRun(ExitCodes.USAGE, "", "errseq conformance: Invalid value for"
                + " option '--fs' (FS): '' is not a filesystem errseq can make (write ext4,"
                + " xfs or btrfs, separated by commas); see 'errseq conformance --help'\n"), run);
    }

    /** The testkit's scratch directories of this JVM: none appear for a refused command. */
    private static List<Path> scratch() throws IOException {
        try (Stream<Path> entries = Files.list(Path.of("/tmp"))) {
            return entries.filter(p -> p.getFileName().toString().startsWith("errseq-testkit-"))
                    .sorted().toList();
        }
    }
}
