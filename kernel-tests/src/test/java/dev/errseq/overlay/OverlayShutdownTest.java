package dev.errseq.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrowsExactly;

import dev.errseq.Errno;
import dev.errseq.fs.FsHandle;
import dev.errseq.fs.ShutdownMode;
import dev.errseq.fs.WritebackErrorException;
import dev.errseq.testkit.FilesystemKind;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * xfstests overlay/087, re-implemented: syncfs on an overlay after its base filesystem was
 * shut down (FS_IOC_SHUTDOWN, flushing nothing, as xfstests' {@code _scratch_shutdown} does)
 * on a clean, freshly mounted filesystem (only ever the fixture's own), so the shutdown's EIO
 * is visible only through the base's {@code ->sync_fs}, not through any errseq word.
 *
 * <p>A non-volatile overlay's syncfs syncs the base and so returns its EIO. A volatile one
 * does not sync the base at all and a shutdown records no writeback error, so its syncfs
 * succeeds: a volatile overlay's guard cannot see a shutdown. xfstests runs this on xfs only;
 * Linux 6.18 answers the same on ext4 (without a journal): non-volatile EIO on every call,
 * volatile 0 on every call while the base's own syncfs returns EIO.
 */
class OverlayShutdownTest {
    private OverlayLayers layers;

    @AfterEach
    void tearDown() throws IOException {
        if (layers != null) {
            layers.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = FilesystemKind.class, names = {"EXT4", "XFS"})
    void overlay087_nonVolatileSyncfsReportsTheBaseShutdown(FilesystemKind kind)
            throws IOException {
        layers = OverlayLayers.create(kind);
        try (OverlayLayers.PlainOverlay overlay = layers.mountNonVolatile();
                FsHandle onOverlay = FsHandle.open(layers.merged);
                FsHandle base = FsHandle.open(layers.fs.root())) {
            onOverlay.syncfs();
            base.shutdown(ShutdownMode.NOLOGFLUSH);
            for (int call = 0; call < 2; call++) {
                assertEquals(Errno.EIO, assertThrowsExactly(WritebackErrorException.class,
                        onOverlay::syncfs).errno(), "syncfs call " + call);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = FilesystemKind.class, names = {"EXT4", "XFS"})
    void overlay087_volatileSyncfsDoesNotSeeTheBaseShutdown(FilesystemKind kind)
            throws IOException {
        layers = OverlayLayers.create(kind);
        try (VolatileOverlay overlay = layers.mount();
                VolatileOverlayGuard guard = overlay.guard();
                FsHandle onOverlay = FsHandle.open(layers.merged);
                FsHandle base = FsHandle.open(layers.fs.root())) {
            // Clean first: a page still dirty at the shutdown (the lower layer's file) fails
            // when anybody's sync(2) or the flusher gets to it, and that is a writeback error
            // in the base's word, which the volatile overlay rightly reports.
            base.syncfs();
            base.shutdown(ShutdownMode.NOLOGFLUSH);
            for (int call = 0; call < 2; call++) {
                onOverlay.syncfs();
            }
            guard.check();
            // The base itself knows (opening it anew would fail with EIO on xfs).
            assertEquals(Errno.EIO, assertThrowsExactly(WritebackErrorException.class,
                    base::syncfs).errno());
        }
    }
}
