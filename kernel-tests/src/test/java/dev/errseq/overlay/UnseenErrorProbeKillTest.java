package dev.errseq.overlay;

import dev.errseq.mountinfo.MountTable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errseq.testkit.Prerequisites;
import dev.errseq.testkit.PrivateTmpfs;
import dev.errseq.testkit.Skip;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A JVM killed (SIGKILL) in the middle of a probe or a watch leaves its entry, tmpfs, overlay
 * and scratch directory behind; the next probe, in another JVM, removes all of it. The child
 * stops at each step of a probe (ProbeSite.steps) before it is killed, so every state a kill
 * can leave is covered: the record written but nothing made, the scratch directory made, the
 * tmpfs mounted, the overlay mounted, and everything unmounted but not yet removed.
 */
class UnseenErrorProbeKillTest {
    private PrivateTmpfs tmpfs;

    @BeforeEach
    void setUp() throws IOException {
        Skip.ifMissing(Prerequisites.missingForFilesystemType("overlay"));
        tmpfs = PrivateTmpfs.create();
    }

    @AfterEach
    void tearDown() throws IOException {
        if (tmpfs != null) {
            tmpfs.close();
        }
    }

    @ParameterizedTest(name = "{0} killed at {1}")
    @CsvSource({
        "probe, record, 0, 0",
        "probe, scratch, 1, 0",
        "probe, tmpfs, 1, 1",
        "probe, mounted, 1, 2",
        "probe, unmounted, 1, 0",
        "watch, mounted, 1, 2",
    })
    void theNextProbeRemovesWhatAKilledJvmLeft(String mode, String step, int scratchDirs,
            int mounts) throws Exception {
        Path dir = Files.createDirectory(tmpfs.root().resolve("dir"));
        UnseenErrorProbe.cleanStale(); // what an earlier, killed test run may have left
        ProbeLeftovers.assertNone(dir);
        try (ProbeChildProcess child = ProbeChildProcess.start(Path.of("/tmp"), mode,
                dir.toString(), step)) {
            assertEquals("PAUSED " + step, child.awaitLine("PAUSED"));
            String pid = Long.toString(child.pid());
            // Another process's probe would clean the dead child's leftovers up as soon as it
            // is killed; holding the cleaners' lock keeps them in place until they are counted.
            Path base = UnseenErrorProbe.runtimeDirectory();
            try (FileChannel lock = FileChannel.open(base.resolve(StaleProbes.LOCK),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock held = lock.lock()) {
                child.kill();

                List<String> entries = ProbeLeftovers.entries();
                assertEquals(1, entries.size(), entries::toString);
                assertTrue(entries.get(0).startsWith(pid + "-"), entries::toString);
                assertEquals(scratchDirs, ProbeLeftovers.scratchIn(dir).size(),
                        () -> "scratch directories: " + leftovers(dir));
                assertEquals(mounts, ProbeLeftovers.mounts().size(),
                        () -> "mounts: " + leftovers(dir));
                if (mounts == 2) {
                    assertOverlayNamesTheScratch(dir);
                }
            }
        }

        ProbeResult next = UnseenErrorProbe.probe(dir);

        assertFalse(next.unseenError(), next::toString);
        ProbeLeftovers.assertNone(dir);
    }

    /** The leftover overlay's upper layer is in the leftover scratch directory. */
    private static void assertOverlayNamesTheScratch(Path dir) throws IOException {
        Path scratch = dir.resolve(ProbeLeftovers.scratchIn(dir).get(0));
        List<Path> ours = ProbeLeftovers.mounts();
        OverlayMount overlay = MountTable.read().mounts().stream()
                .filter(m -> m.fsType().equals(OverlayMount.FS_TYPE))
                .map(OverlayMount::of)
                .filter(o -> ours.contains(o.mountPoint()))
                .findFirst().orElseThrow();
        assertEquals(scratch.resolve("upper"), overlay.upperDir().orElseThrow());
        assertTrue(overlay.isVolatile());
    }

    private static String leftovers(Path dir) {
        try {
            return ProbeLeftovers.entries() + " " + ProbeLeftovers.scratchIn(dir) + " "
                    + ProbeLeftovers.mounts();
        } catch (IOException e) {
            return e.toString();
        }
    }
}
