package dev.errseq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errseq.overlay.VolatileDirtyMarker;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * errseq overlay list and recover on real volatile overlays, their upper and work directories
 * on a loop-device ext4 of the test's own (so a writeback error can be caused under them).
 */
class OverlayCommandTest {
    @TempDir
    Path tmp;

    private FaultyFilesystem fs;
    private Path lower;
    private Path upper;
    private Path work;
    private Path target;

    @BeforeEach
    void layers() throws IOException {
        Skip.ifMissing(Prerequisites.missingForVolatileOverlay(FilesystemKind.EXT4));
        fs = FaultyFilesystem.create(FilesystemKind.EXT4);
        lower = Files.createDirectory(fs.root().resolve("lower"));
        upper = Files.createDirectory(fs.root().resolve("upper"));
        work = Files.createDirectory(fs.root().resolve("work"));
        target = Files.createDirectory(tmp.resolve("merged"));
    }

    @AfterEach
    void tearDown() throws IOException {
        if (fs != null) {
            fs.close();
        }
    }

    @Test
    void listShowsAMountedVolatileOverlayAndItsMarker() throws IOException {
        try (VolatileOverlay overlay = VolatileOverlay.mount(lower, upper, work, target)) {
            CliRun run = CliRun.of("overlay", "list", "--volatile");
            assertEquals(0, run.exit(), run.toString());
            assertTrue(run.outLines().contains(target + " volatile upper=" + upper + " work=" + work
                    + " marker=present"), run.out());
            CliRun json = CliRun.of("overlay", "list", "--json");
            assertTrue(json.outLines().contains("{\"mount_point\":\"" + target + "\",\"volatile\":true,"
                    + "\"upper\":\"" + upper + "\",\"work\":\"" + work + "\",\"marker\":\"present\"}"),
                    json.out());
        }
        CliRun after = CliRun.of("overlay", "list");
        assertFalse(after.out().contains(target.toString()), after.out());
    }

    @Test
    void recoverRemovesTheMarkerOfACleanUnmountOnce() throws IOException {
        VolatileOverlay.mount(lower, upper, work, target).close();
        assertTrue(VolatileDirtyMarker.of(work).blocksMount());

        CliRun run = CliRun.of("overlay", "recover", "--upper", upper.toString(), work.toString());
        assertEquals(0, run.exit(), run.toString());
        assertEquals(List.of(work + ": marker removed"), run.outLines());
        assertFalse(VolatileDirtyMarker.of(work).blocksMount());

        CliRun again = CliRun.of("overlay", "recover", "--json", "--upper", upper.toString(), work.toString());
        assertEquals(0, again.exit());
        assertEquals(List.of("{\"workdir\":\"" + work + "\",\"upper\":\"" + upper
                + "\",\"outcome\":\"no marker\"}"), again.outLines());
    }

    @Test
    void recoverWhileMountedIsExit75AndKeepsTheMarker() throws IOException {
        try (VolatileOverlay overlay = VolatileOverlay.mount(lower, upper, work, target)) {
            CliRun run = CliRun.of("overlay", "recover", "--upper", upper.toString(), work.toString());
            assertEquals(ExitCodes.TEMP_FAIL, run.exit(), run.toString());
            assertEquals("", run.out());
            assertEquals(List.of("errseq overlay recover: the workdir " + work + " is in use by the"
                    + " overlay mounted on " + target + ": unmount it first"), run.errLines());
            assertTrue(VolatileDirtyMarker.of(work).blocksMount());
        }
    }

    @Test
    void recoverAfterAnUnseenUpperErrorIsExit74AndKeepsTheMarker() throws IOException {
        VolatileOverlay.mount(lower, upper, work, target).close();
        fs.causeWritebackError(upper.resolve("lost"));

        CliRun run = CliRun.of("overlay", "recover", "--upper", upper.toString(), work.toString());
        assertEquals(ExitCodes.IO_ERR, run.exit(), run.toString());
        assertEquals("", run.out());
        assertEquals(1, run.errLines().size(), run.err());
        assertTrue(run.errLines().get(0).startsWith("errseq overlay recover: syncfs(" + upper + "): "),
                run.err());
        assertTrue(VolatileDirtyMarker.of(work).blocksMount());
    }

    @Test
    void recoverOfAMissingWorkdirIsExit66() throws IOException {
        Path missing = tmp.resolve("no-work");
        CliRun run = CliRun.of("overlay", "recover", "--upper", upper.toString(), missing.toString());
        assertEquals(ExitCodes.NO_INPUT, run.exit());
        assertEquals(List.of("errseq overlay recover: " + missing + ": no such directory; check the path"),
                run.errLines());
    }

    @Test
    void recoverWithAnUpperOnAnotherFilesystemIsAUsageErrorAndKeepsTheMarker() throws IOException {
        VolatileOverlay.mount(lower, upper, work, target).close();
        CliRun run = CliRun.of("overlay", "recover", "--upper", tmp.toString(), work.toString());
        assertEquals(ExitCodes.USAGE, run.exit(), run.toString());
        assertTrue(run.err().contains("is not on the filesystem of the workdir"), run.err());
        assertTrue(VolatileDirtyMarker.of(work).blocksMount());
    }

    @Test
    void recoverWithoutUpperIsAUsageError() {
        DecodeCommandTest.assertUsageError(CliRun.of("overlay", "recover", work.toString()),
                "Missing required option: '--upper=UPPER'");
    }

    @Test
    void overlayAloneIsAUsageError() {
        DecodeCommandTest.assertUsageError(CliRun.of("overlay"), "a subcommand is needed");
    }
}
