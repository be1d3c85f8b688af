package dev.errseq.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrowsExactly;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errseq.testkit.Prerequisites;
import dev.errseq.testkit.PrivateTmpfs;
import dev.errseq.testkit.Skip;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The probe and the watch on a private tmpfs, which can hold an overlay's upper layer and
 * never has writeback errors: the answer is no, the result names the filesystem, and nothing
 * is left behind. The answers on ext4, xfs and btrfs with a real error are in
 * {@link UnseenErrorProbeKernelTest}.
 */
class UnseenErrorProbeTest {
    private PrivateTmpfs tmpfs;
    private Path dir;

    @BeforeEach
    void setUp() throws IOException {
        Skip.ifMissing(Prerequisites.missingForFilesystemType("overlay"));
        tmpfs = PrivateTmpfs.create();
        dir = Files.createDirectory(tmpfs.root().resolve("dir"));
        Files.writeString(dir.resolve("kept"), "x");
    }

    @AfterEach
    void tearDown() throws IOException {
        if (tmpfs != null) {
            tmpfs.close();
        }
    }

    @Test
    void aProbeSaysNoNamesTheFilesystemAndLeavesTheDirectoryAsItWas() throws IOException {
        ProbeResult result = UnseenErrorProbe.probe(dir);

        assertFalse(result.unseenError());
        assertEquals(dir, result.directory());
        assertEquals("tmpfs", result.fsType());
        assertEquals(tmpfs.root(), result.mountPoint());
        assertTrue(result.device().matches("\\d+:\\d+"), result.device());
        assertTrue(result.toString().startsWith("no unseen writeback error on tmpfs"),
                result::toString);
        assertEquals(List.of("kept"), ProbeLeftovers.list(dir));
        ProbeLeftovers.assertNone(dir);
    }

    @Test
    void aRelativePathAndASymbolicLinkAreProbedWhereTheyLead() throws IOException {
        Path link = Files.createSymbolicLink(tmpfs.root().resolve("link"), dir);
        assertEquals(dir, UnseenErrorProbe.probe(link).directory());
        Path relative = Path.of("").toAbsolutePath().relativize(dir);
        assertEquals(dir, UnseenErrorProbe.probe(relative).directory());
        ProbeLeftovers.assertNone(dir);
    }

    @Test
    void aWatchPassesStaysArmedAndCloseRemovesEverything() throws IOException {
        UnseenErrorWatch watch = UnseenErrorProbe.watch(dir);
        try {
            assertTrue(watch.isArmed());
            assertFalse(watch.hasFailed());
            watch.check();
            assertFalse(watch.rearm(), "nothing failed, so nothing to re-arm");
            assertEquals(dir, watch.directory());
            assertEquals("tmpfs", watch.filesystem().fsType());
            assertEquals(1, ProbeLeftovers.scratchIn(dir).size());
            assertEquals(2, ProbeLeftovers.mounts().size(), "the tmpfs and the overlay");
            // A probe while the watch is mounted: the two do not get in each other's way.
            assertFalse(UnseenErrorProbe.probe(dir).unseenError());
        } finally {
            watch.close();
        }
        watch.close(); // twice is fine
        ProbeLeftovers.assertNone(dir);
        assertThrowsExactly(IllegalStateException.class, watch::check);
        assertThrowsExactly(IllegalStateException.class, watch::rearm);
    }
}
