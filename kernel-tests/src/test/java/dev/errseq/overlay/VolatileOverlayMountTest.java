package dev.errseq.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertThrowsExactly;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errseq.Errno;
import dev.errseq.fs.FsHandle;
import dev.errseq.fs.FsUsageException;
import dev.errseq.fs.WritebackErrorException;
import dev.errseq.testkit.FilesystemKind;
import dev.errseq.testkit.PrivateTmpfs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Volatile overlays mounted with mount(2) on the real kernel, the upper layer on an ext4 made
 * by the fixture: what mountinfo shows, and the errno of each refusal.
 *
 * <p>What Linux 6.18 answered: mountinfo spells the option {@code fsync=volatile}; an unseen
 * upper writeback error refuses the mount with EIO (checked before the workdir, so it wins
 * over a dirty workdir), without consuming the error; a leftover {@code work/incompat/volatile}
 * refuses it with EINVAL even when only the {@code dirty} file was removed; a workdir on
 * another filesystem is EINVAL too (so only the marker tells the two apart); a missing layer
 * is ENOENT.
 */
class VolatileOverlayMountTest {
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

    @Test
    void mountShowsTheLayersInMountinfoAndCloseUnmounts() throws IOException {
        OverlayLayers l = layers();
        VolatileOverlay overlay = l.mount();
        assertTrue(overlay.isMounted());
        assertEquals("from the lower layer\n", Files.readString(l.merged.resolve("hello")));

        OverlayMount seen = OverlayMount.holding(l.merged.resolve("hello")).orElseThrow();
        assertEquals(l.merged, seen.mountPoint());
        assertTrue(seen.isVolatile(), () -> "not volatile: " + seen.mountInfo());
        assertEquals(List.of(l.lower), seen.lowerDirs());
        assertEquals(Optional.of(l.upper), seen.upperDir());
        assertEquals(Optional.of(l.work), seen.workDir());
        System.out.println("mountinfo options: " + seen.mountInfo().superOptions());
        try (FsHandle handle = FsHandle.open(l.merged)) {
            assertTrue(handle.fsType().isOverlay(), handle.fsType().toString());
        }

        overlay.close();
        assertFalse(overlay.isMounted());
        overlay.close(); // twice is fine
        assertEquals(Optional.empty(), OverlayMount.holding(l.merged));
    }

    @Test
    void escapedPathsAndSeveralLowerLayersRoundTripThroughMountinfo() throws IOException {
        OverlayLayers l = layers();
        Path root = l.fs.root();
        Path top = Files.createDirectory(root.resolve("top layer, with: colon"));
        Path bottom = Files.createDirectory(root.resolve("back\\slash\tand tab"));
        Path upper = Files.createDirectory(root.resolve("up per,x:y"));
        Path work = Files.createDirectory(root.resolve("wo\\rk, space"));
        Path target = Files.createDirectory(root.resolve("mer ged"));
        Files.writeString(top.resolve("shadowed"), "top\n");
        Files.writeString(bottom.resolve("shadowed"), "bottom\n");
        Files.writeString(bottom.resolve("only-bottom"), "bottom\n");

        VolatileOverlay overlay = l.track(
                VolatileOverlay.mount(List.of(top, bottom), upper, work, target));
        assertEquals("top\n", Files.readString(target.resolve("shadowed")));
        assertEquals("bottom\n", Files.readString(target.resolve("only-bottom")));
        OverlayMount seen = OverlayMount.holding(target).orElseThrow();
        System.out.println("mountinfo line: " + seen.mountInfo());
        assertEquals(List.of(top, bottom), seen.lowerDirs());
        assertEquals(Optional.of(upper), seen.upperDir());
        assertEquals(Optional.of(work), seen.workDir());
        assertTrue(seen.isVolatile());
        overlay.close();
    }

    @Test
    void holdingFindsNoOverlayOnAPlainFilesystem() throws IOException {
        OverlayLayers l = layers();
        assertEquals(Optional.empty(), OverlayMount.holding(l.lower));
    }

    @Test
    void refusedWithEioWhileTheUpperHoldsAnUnseenErrorAcceptedOnceSynced() throws IOException {
        OverlayLayers l = layers();
        l.fs.causeWritebackError(l.fs.root().resolve("lost"));

        UnseenUpperErrorException refused = assertThrowsExactly(
                UnseenUpperErrorException.class, l::mount);
        assertEquals(Errno.EIO, refused.errno());
        assertEquals("mount", refused.operation());
        assertEquals(l.upper, refused.upperDir());
        assertTrue(refused.getMessage().contains("syncfs"), refused.getMessage());
        // The dirty workdir is checked after the error: a refused mount leaves no marker.
        assertFalse(VolatileDirtyMarker.of(l.work).blocksMount());

        // The refusal consumed nothing: a handle on the upper still gets the error, once.
        try (FsHandle upper = FsHandle.open(l.upper)) {
            assertThrowsExactly(WritebackErrorException.class, upper::syncfs);
            upper.syncfs();
        }
        l.mount().close();
    }

    @Test
    void unseenErrorWinsOverADirtyWorkdir() throws IOException {
        OverlayLayers l = layers();
        l.mount().close();
        l.fs.causeWritebackError(l.fs.root().resolve("lost"));
        assertThrowsExactly(UnseenUpperErrorException.class, l::mount);
        try (FsHandle upper = FsHandle.open(l.upper)) {
            assertThrowsExactly(WritebackErrorException.class, upper::syncfs);
        }
        assertThrowsExactly(DirtyWorkdirException.class, l::mount);
    }

    @Test
    void refusedWithEinvalWhileTheWorkdirIsDirty() throws IOException {
        OverlayLayers l = layers();
        l.mount().close();
        VolatileDirtyMarker marker = VolatileDirtyMarker.of(l.work);
        assertTrue(marker.isPresent(), "a volatile mount leaves " + marker.dirtyFile());

        DirtyWorkdirException refused = assertThrowsExactly(DirtyWorkdirException.class,
                l::mount);
        assertEquals(Errno.EINVAL, refused.errno());
        assertEquals(l.work, refused.workDir());
        assertEquals(marker.volatileDir(), refused.marker().volatileDir());
        assertTrue(refused.getMessage().contains("not cleanly retired"), refused.getMessage());

        // Removing the dirty file alone is not enough: the volatile directory blocks too.
        Files.delete(marker.dirtyFile());
        assertFalse(marker.isPresent());
        assertThrowsExactly(DirtyWorkdirException.class, l::mount);
        Files.delete(marker.volatileDir());
        l.mount().close();
    }

    @Test
    void otherRefusalsAreUsageErrors() throws IOException {
        OverlayLayers l = layers();
        // A workdir on another filesystem than the upper: a private tmpfs of this test's.
        try (PrivateTmpfs other = PrivateTmpfs.create()) {
            Path elsewhere = Files.createDirectory(other.root().resolve("work"));
            FsUsageException otherFs = assertThrowsExactly(FsUsageException.class,
                    () -> l.track(VolatileOverlay.mount(l.lower, l.upper, elsewhere, l.merged)));
            assertEquals(Errno.EINVAL, otherFs.errno());
            assertTrue(otherFs.getMessage().contains("dmesg"), otherFs.getMessage());
        }

        FsUsageException missing = assertThrowsExactly(FsUsageException.class,
                () -> l.track(VolatileOverlay.mount(l.lower.resolve("none"), l.upper, l.work,
                        l.merged)));
        assertEquals(Errno.ENOENT, missing.errno());
        assertThrows(IllegalArgumentException.class,
                () -> VolatileOverlay.mount(List.of(), l.upper, l.work, l.merged));
    }

    @Test
    void closeWhileAFileIsOpenIsEbusyAndCanBeRetried() throws IOException {
        OverlayLayers l = layers();
        VolatileOverlay overlay = l.mount();
        try (FsHandle open = FsHandle.open(l.merged.resolve("hello"))) {
            FsUsageException busy = assertThrowsExactly(FsUsageException.class, overlay::close);
            assertEquals(Errno.EBUSY, busy.errno());
            assertTrue(overlay.isMounted());
        }
        overlay.close();
        assertFalse(overlay.isMounted());
    }

    @Test
    void optionsEscapeWhatOverlayfsWouldSplitOn() {
        assertEquals("lowerdir=/a\\:b:/c\\,d\\\\e,upperdir=/u:v\\,w,workdir=/w",
                VolatileOverlay.layerOptions(List.of(Path.of("/a:b"), Path.of("/c,d\\e")),
                        Path.of("/u:v,w"), Path.of("/w")));
    }
}
