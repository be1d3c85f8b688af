package dev.errseq.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertThrowsExactly;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errseq.Errno;
import dev.errseq.fs.FsHandle;
import dev.errseq.fs.WritebackErrorException;
import dev.errseq.kerneltests.TracingSkips;
import dev.errseq.testkit.FilesystemKind;
import dev.errseq.testkit.ReplayCheck;
import dev.errseq.trace.WritebackErrorMonitor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The kernel's volatile-overlay guard on a real ext4 upper: once the upper has had a writeback
 * error since the mount, syncfs on the overlay fails with EIO on every call and through every
 * handle, fsync too, and none of it consumes the upper's error.
 *
 * <p>The errors are made through the overlay (copy-up writes to the upper ext4 whose loop
 * device sits on a tmpfs that fills up). What Linux 6.18 answered: syncfs on the overlay EIO,
 * fsync on any file of the overlay the upper's latest errno (ENOSPC here, as the loop device
 * reported it), both sticky until unmount, also after the upper's own watcher consumed the
 * error and after the tmpfs was healed; the upper's watchers still got the error once each.
 * The upper file's word, traced meanwhile, is reproduced bit for bit by both models.
 */
class VolatileOverlayGuardTest {
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

    /** Writes through the overlay until writeback to the upper filesystem fails. */
    private static void causeUpperErrorThroughOverlay(OverlayLayers l) throws IOException {
        l.fs.causeWritebackError(l.merged.resolve("lost"));
    }

    @Test
    void noFailureWithoutAnError() throws IOException {
        OverlayLayers l = layers();
        try (VolatileOverlay overlay = l.mount(); VolatileOverlayGuard guard = overlay.guard()) {
            Files.writeString(l.merged.resolve("kept"), "data\n");
            assertFalse(guard.hasFailed());
            guard.check();
            assertEquals(l.merged, guard.overlay().mountPoint());
        }
    }

    @Test
    void stickyEioOnEveryCallAndEveryHandleAfterAnUpperError() throws IOException {
        OverlayLayers l = layers();
        boolean traced = TracingSkips.tracingOrNote();
        try (VolatileOverlay overlay = l.mount(); VolatileOverlayGuard guard = overlay.guard();
                WritebackErrorMonitor monitor = traced
                        ? WritebackErrorMonitor.start(List.of(l.upper)) : null) {
            assertFalse(guard.hasFailed());
            causeUpperErrorThroughOverlay(l);

            for (int call = 0; call < 3; call++) {
                assertTrue(guard.hasFailed(), "call " + call);
                WritebackErrorException e = assertThrowsExactly(WritebackErrorException.class,
                        guard::check);
                assertEquals(Errno.EIO, e.errno());
            }
            // syncfs says EIO; fsync passes on the upper's latest errno (the block layer's).
            Set<Integer> fsyncErrnos = new HashSet<>();
            for (Path path : List.of(l.merged, l.merged.resolve("hello"),
                    l.merged.resolve("lost"))) {
                try (FsHandle handle = FsHandle.open(path)) {
                    for (int call = 0; call < 2; call++) {
                        assertEquals(Errno.EIO, assertThrowsExactly(WritebackErrorException.class,
                                handle::syncfs).errno(), "syncfs " + path + " call " + call);
                        fsyncErrnos.add(assertThrowsExactly(WritebackErrorException.class,
                                handle::fsync).errno());
                    }
                }
            }
            // Healing the upper changes nothing: the overlay stays failed until unmount.
            l.fs.heal();
            try (FsHandle late = FsHandle.open(l.merged)) {
                assertThrowsExactly(WritebackErrorException.class, late::syncfs);
            }
            // Neither does a new guard: the starting point is the mount.
            try (VolatileOverlayGuard second = overlay.guard()) {
                assertTrue(second.hasFailed());
            }
            try (FsHandle upper = FsHandle.open(l.upper)) {
                int upperErrno = assertThrowsExactly(WritebackErrorException.class,
                        upper::syncfs).errno();
                assertEquals(Set.of(upperErrno), fsyncErrnos,
                        "fsync on the overlay reports the upper's errno");
            }
            if (monitor != null) {
                // The upper's own word of the file, as the kernel traced it, bit for bit.
                ReplayCheck replay = ReplayCheck.of(ReplayCheck.ofFile(ReplayCheck.drain(monitor),
                        l.upper.resolve("lost")));
                System.out.println("upper of a volatile overlay, file lost: " + replay.line());
                assertTrue(replay.exact(), replay::explain);
            }
        }
    }

    @Test
    void watchingTheOverlayDoesNotConsumeTheUpperError() throws IOException {
        OverlayLayers l = layers();
        try (VolatileOverlay overlay = l.mount(); VolatileOverlayGuard guard = overlay.guard()) {
            causeUpperErrorThroughOverlay(l);
            for (int i = 0; i < 3; i++) {
                assertTrue(guard.hasFailed());
                try (FsHandle onOverlay = FsHandle.open(l.merged)) {
                    assertThrowsExactly(WritebackErrorException.class, onOverlay::syncfs);
                }
            }
            // A later opener of the upper still gets the error, once.
            try (FsHandle upper = FsHandle.open(l.upper)) {
                WritebackErrorException e = assertThrowsExactly(WritebackErrorException.class,
                        upper::syncfs);
                System.out.println("upper's syncfs after the overlay's checks: "
                        + e.errnoName());
                upper.syncfs();
            }
            // And the overlay is still failed after the upper's watcher saw the error.
            try (FsHandle onOverlay = FsHandle.open(l.merged)) {
                assertThrowsExactly(WritebackErrorException.class, onOverlay::syncfs);
            }
            assertTrue(guard.hasFailed());
        }
    }

    @Test
    void aGuardStartedAfterTheErrorStillSeesItTheMountIsTheStartingPoint() throws IOException {
        OverlayLayers l = layers();
        try (VolatileOverlay overlay = l.mount()) {
            causeUpperErrorThroughOverlay(l);
            try (VolatileOverlayGuard guard = overlay.guard()) {
                assertTrue(guard.hasFailed());
            }
        }
    }

    @Test
    void anOpenGuardKeepsTheOverlayBusy() throws IOException {
        OverlayLayers l = layers();
        VolatileOverlay overlay = l.mount();
        VolatileOverlayGuard guard = overlay.guard();
        assertThrows(IOException.class, overlay::close);
        guard.close();
        guard.close(); // twice is fine
        assertThrows(IllegalStateException.class, guard::hasFailed);
        overlay.close();
    }

    @Test
    void onlyAVolatileOverlayCanBeGuarded() throws IOException {
        OverlayLayers l = layers();
        IllegalArgumentException plainFs = assertThrows(IllegalArgumentException.class,
                () -> VolatileOverlayGuard.watch(l.lower));
        assertTrue(plainFs.getMessage().contains("no overlay"), plainFs.getMessage());
        try (OverlayLayers.PlainOverlay plain = l.mountNonVolatile()) {
            IllegalArgumentException notVolatile = assertThrows(IllegalArgumentException.class,
                    () -> VolatileOverlayGuard.watch(l.merged));
            assertTrue(notVolatile.getMessage().contains("not volatile"),
                    notVolatile.getMessage());
        }
    }
}
