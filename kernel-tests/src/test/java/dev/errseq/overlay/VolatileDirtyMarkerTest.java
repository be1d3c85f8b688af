package dev.errseq.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertThrowsExactly;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errseq.fs.WritebackErrorException;
import dev.errseq.testkit.FilesystemKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dirty marker on the real kernel: every volatile mount leaves it, it blocks the next
 * mount, and {@link VolatileDirtyMarker#recover} clears it only when that is safe.
 */
class VolatileDirtyMarkerTest {
    private OverlayLayers layers;

    @AfterEach
    void tearDown() throws IOException {
        if (layers != null) {
            layers.close();
        }
    }

    private OverlayLayers layers() throws IOException {
        layers = OverlayLayers.create(FilesystemKind.EXT4);
        return layers;
    }

    private static void assertKept(VolatileDirtyMarker marker) {
        assertTrue(marker.isPresent(), marker + " was removed");
        assertTrue(marker.blocksMount());
    }

    @Test
    void markerLeftByACleanUnmountBlocksARemountUntilRecovered() throws IOException {
        OverlayLayers l = layers();
        VolatileDirtyMarker marker;
        try (VolatileOverlay overlay = l.mount()) {
            Files.writeString(l.merged.resolve("kept"), "data\n");
            marker = overlay.dirtyMarker();
            assertTrue(marker.isPresent(), "made at mount time");
        }
        assertKept(marker);
        assertFalse(marker.isFromEarlierBoot());
        assertThrowsExactly(DirtyWorkdirException.class, l::mount);

        assertTrue(marker.recover(l.upper));
        assertFalse(marker.isPresent());
        assertFalse(marker.blocksMount());
        assertFalse(marker.recover(l.upper), "nothing left to recover");
        try (VolatileOverlay again = l.mount()) {
            assertEquals("data\n", Files.readString(l.merged.resolve("kept")));
        }
    }

    @Test
    void recoveryRefusesWhileTheUpperHoldsAnUnseenErrorFromTheVolatileMount()
            throws IOException {
        OverlayLayers l = layers();
        try (VolatileOverlay overlay = l.mount()) {
            l.fs.causeWritebackError(l.merged.resolve("lost"));
        }
        VolatileDirtyMarker marker = VolatileDirtyMarker.of(l.work);
        WritebackErrorException refused = assertThrowsExactly(WritebackErrorException.class,
                () -> marker.recover(l.upper));
        assertEquals("syncfs", refused.operation());
        System.out.println("recover refused with the upper's error: " + refused.getMessage());
        assertKept(marker);

        // That was the error's one report: it is seen now, and the upper is healthy again.
        l.fs.heal();
        assertTrue(marker.recover(l.upper));
        l.mount().close();
    }

    @Test
    void recoveryRefusesAWorkdirInUse() throws IOException {
        OverlayLayers l = layers();
        try (VolatileOverlay overlay = l.mount()) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> overlay.dirtyMarker().recover(l.upper));
            assertTrue(e.getMessage().contains(l.merged.toString()), e.getMessage());
            assertKept(overlay.dirtyMarker());
        }
    }

    @Test
    void recoveryRefusesAMarkerFromAnEarlierBoot() throws IOException {
        OverlayLayers l = layers();
        l.mount().close();
        VolatileDirtyMarker marker = VolatileDirtyMarker.of(l.work);
        FileTime beforeBoot = FileTime.from(
                VolatileDirtyMarker.bootTime().minus(Duration.ofHours(1)));
        Files.setLastModifiedTime(marker.dirtyFile(), beforeBoot);
        assertTrue(marker.isFromEarlierBoot());
        MarkerFromEarlierBootException e = assertThrowsExactly(
                MarkerFromEarlierBootException.class, () -> marker.recover(l.upper));
        assertEquals(marker.dirtyFile(), e.marker().dirtyFile());
        assertKept(marker);
    }

    @Test
    void recoveryRefusesAnUpperOnAnotherFilesystem(@TempDir Path elsewhere) throws IOException {
        OverlayLayers l = layers();
        l.mount().close();
        VolatileDirtyMarker marker = VolatileDirtyMarker.of(l.work);
        assertThrows(IllegalArgumentException.class, () -> marker.recover(elsewhere));
        assertKept(marker);
    }

    @Test
    void aWorkdirThatWasNeverMountedVolatileHasNoMarker(@TempDir Path work) throws IOException {
        VolatileDirtyMarker marker = VolatileDirtyMarker.of(work);
        assertFalse(marker.isPresent());
        assertFalse(marker.blocksMount());
        assertFalse(marker.recover(work));
        assertEquals(work.resolve("work/incompat/volatile/dirty"), marker.dirtyFile());
    }
}
