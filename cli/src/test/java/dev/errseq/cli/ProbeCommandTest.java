package dev.errseq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errseq.overlay.VolatileOverlay;
import dev.errseq.testkit.FaultyFilesystem;
import dev.errseq.testkit.FilesystemKind;
import dev.errseq.testkit.Prerequisites;
import dev.errseq.testkit.Skip;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * errseq probe on a real filesystem: 0 before the error, 1 after it, the error still there for
 * the next syncfs (the probe consumed nothing), 0 once that syncfs took it.
 */
class ProbeCommandTest {
    @TempDir
    Path tmp;

    private FaultyFilesystem fs;

    @AfterEach
    void tearDown() throws IOException {
        if (fs != null) {
            fs.close();
        }
    }

    @Test
    void probeSaysYesWithoutConsumingThenNoOnceSyncfsTookTheError() throws IOException {
        Skip.ifMissing(Prerequisites.missingForVolatileOverlay(FilesystemKind.EXT4));
        fs = FaultyFilesystem.create(FilesystemKind.EXT4);
        Path db = Files.createDirectory(fs.root().resolve("db"));

        CliRun before = CliRun.of("probe", db.toString());
        assertEquals(0, before.exit(), before.toString());
        assertEquals(List.of("no unseen writeback error on ext4 " + fs.loopDevice() + " ("
                + deviceOf(fs) + ") at " + fs.root() + ", probed from " + db), before.outLines());

        fs.causeWritebackError(db.resolve("log"));
        for (int i = 0; i < 2; i++) {
            CliRun after = CliRun.of("probe", "--json", db.toString());
            assertEquals(ExitCodes.FOUND, after.exit(), after.toString());
            assertEquals(List.of("{\"path\":\"" + db + "\",\"unseen_error\":true,\"fs_type\":\"ext4\","
                    + "\"device\":\"" + deviceOf(fs) + "\",\"source\":\"" + fs.loopDevice()
                    + "\",\"mount_point\":\"" + fs.root() + "\"}"), after.outLines());
            assertEquals("", after.err());
        }
        assertEquals(ExitCodes.IO_ERR, CliRun.of("sync", "--fs", db.toString()).exit(),
                "the probes consumed the error");
        assertEquals(0, CliRun.of("probe", db.toString()).exit());
        try (var entries = Files.list(db)) {
            assertEquals(List.of(db.resolve("log")), entries.toList(), "the probe left something");
        }
    }

    @Test
    void aMissingDirectoryIsExit66() {
        Skip.ifMissing(Prerequisites.missingForMounting());
        Path missing = tmp.resolve("missing");
        CliRun run = CliRun.of("probe", missing.toString());
        assertEquals(ExitCodes.NO_INPUT, run.exit(), run.toString());
        assertEquals("", run.out());
        assertEquals(List.of("errseq probe: " + missing + ": no such file or directory; check the path"),
                run.errLines());
    }

    @Test
    void aFileIsNotADirectoryExit66() throws IOException {
        Skip.ifMissing(Prerequisites.missingForMounting());
        Path file = Files.writeString(tmp.resolve("file"), "x");
        CliRun run = CliRun.of("probe", file.toString());
        assertEquals(ExitCodes.NO_INPUT, run.exit(), run.toString());
        assertEquals(List.of("errseq probe: " + file + ": not a directory; check the path"), run.errLines());
    }

    @Test
    void aDirectoryOnAnOverlayIsExit69AndNamesTheFix() throws IOException {
        Skip.ifMissing(Prerequisites.missingForVolatileOverlay(FilesystemKind.EXT4));
        fs = FaultyFilesystem.create(FilesystemKind.EXT4);
        Path lower = Files.createDirectory(fs.root().resolve("lower"));
        Path upper = Files.createDirectory(fs.root().resolve("upper"));
        Path work = Files.createDirectory(fs.root().resolve("work"));
        Path merged = Files.createDirectory(tmp.resolve("merged"));
        try (VolatileOverlay overlay = VolatileOverlay.mount(lower, upper, work, merged)) {
            CliRun run = CliRun.of("probe", merged.toString());
            assertEquals(ExitCodes.UNAVAILABLE, run.exit(), run.toString());
            assertEquals("", run.out());
            assertEquals(1, run.errLines().size(), run.err());
            assertTrue(run.errLines().get(0).startsWith("errseq probe: cannot probe " + merged),
                    run.err());
            assertTrue(run.errLines().get(0).endsWith("; probe a directory on the overlay's upper"
                    + " filesystem instead"), run.err());
        }
    }

    @Test
    void noDirectoryIsAUsageError() {
        DecodeCommandTest.assertUsageError(CliRun.of("probe"), "Missing required parameter: 'DIR'");
    }

    /** major:minor of the loop device, as mountinfo shows it. */
    static String deviceOf(FaultyFilesystem fs) throws IOException {
        String name = Path.of(fs.loopDevice()).getFileName().toString();
        return Files.readString(Path.of("/sys/block", name, "dev")).strip();
    }
}
