package dev.errseq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.errseq.fs.Assumptions;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * errseq watch refusing bad input in this JVM, before any tracefs instance exists. The watch
 * itself, its signals and its metrics run as the built jar in {@code WatchRunIT}.
 */
class WatchCommandTest {
    private static final Path INSTANCES = Path.of("/sys/kernel/tracing/instances");

    @TempDir
    Path tmp;

    @Test
    void aMissingPathIsExit66AndNoInstanceIsMade() throws IOException {
        Assumptions.assumeRoot();
        TreeSet<String> before = ownInstances();
        Path missing = tmp.resolve("missing");
        CliRun run = CliRun.of("watch", tmp.toString(), missing.toString());
        assertEquals(ExitCodes.NO_INPUT, run.exit(), run.toString());
        assertEquals("", run.out());
        assertEquals(List.of("errseq watch: " + missing + ": no such file or directory; check the"
                + " path"), run.errLines());
        assertEquals(before, ownInstances());
    }

    @Test
    void aNegativeRevealWaitIsAUsageError() {
        DecodeCommandTest.assertUsageError(CliRun.of("watch", "--reveal-wait", "-1"),
                "'--reveal-wait': -1.0 is not 0 to 3600 seconds");
    }

    @Test
    void aRevealWaitThatIsNoNumberIsAUsageError() {
        DecodeCommandTest.assertUsageError(CliRun.of("watch", "--reveal-wait", "soon"),
                "'soon' is not a double");
    }

    /** This JVM's instances (errseq-PID-N), the only ones a test may look at. */
    static TreeSet<String> ownInstances() throws IOException {
        TreeSet<String> names = new TreeSet<>();
        if (!Files.isDirectory(INSTANCES)) {
            return names;
        }
        String prefix = "errseq-" + ProcessHandle.current().pid() + "-";
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(INSTANCES, prefix + "*")) {
            entries.forEach(e -> names.add(e.getFileName().toString()));
        }
        return names;
    }
}
