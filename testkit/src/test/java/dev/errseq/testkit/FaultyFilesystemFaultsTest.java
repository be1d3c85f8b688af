package dev.errseq.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertThrowsExactly;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errseq.Errno;
import dev.errseq.fs.FsHandle;
import dev.errseq.fs.ShutdownMode;
import dev.errseq.fs.WritebackErrorException;
import dev.errseq.overlay.VolatileOverlay;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The faults besides writeback errors: shutdown, eviction by remount, an overlay on top. */
@ExtendWith(FaultyFilesystemExtension.class)
class FaultyFilesystemFaultsTest {
    @Test
    void afterShutdownEveryWriteFailsWithEio(FaultyFilesystem fs) throws IOException {
        Path file = Files.writeString(fs.root().resolve("before"), "data");
        fs.shutdown(ShutdownMode.NOLOGFLUSH);
        IOException e = assertThrows(IOException.class,
                () -> Files.writeString(fs.root().resolve("after"), "data"));
        assertTrue(String.valueOf(e.getMessage()).contains("Input/output error"), e.toString());
        assertTrue(Files.exists(file.getParent()));
    }

    @Test
    void causeWritebackErrorOnAFileReachesItsFsyncOnceAndTheFileKeepsItsName(
            @Faulty(FilesystemKind.XFS) FaultyFilesystem fs) throws IOException {
        Path file = Files.writeString(fs.root().resolve("log"), "first record\n");
        try (FsHandle handle = FsHandle.open(file)) {
            handle.fsync();
            WritebackError error = fs.causeWritebackError(file);
            assertEquals(file, error.file());
            assertEquals(1 << 20, error.bytesWritten());
            assertTrue(fs.writesFail());
            WritebackErrorException e = assertThrowsExactly(WritebackErrorException.class,
                    handle::fsync);
            assertTrue(e.errno() == Errno.EIO || e.errno() == Errno.ENOSPC, e.toString());
            handle.fsync();
        }
    }

    @Test
    void evictAllRemountsWithTheDataKeptAndTheUnseenErrorForgotten(FaultyFilesystem fs)
            throws IOException {
        Path kept = Files.writeString(fs.root().resolve("kept"), "on disk");
        fs.sync();
        fs.causeWritebackError();
        fs.heal();
        fs.evictAll();
        assertEquals(List.of(fs.root()), Leftovers.mountsUnder(fs.root()));
        assertEquals("on disk", Files.readString(kept));
        try (FsHandle handle = FsHandle.open(fs.root())) {
            handle.syncfs(); // a new superblock: its word starts clean
        }
    }

    @Test
    void aVolatileOverlayOnTopReportsTheErrorAndCloseUnmountsItFirst(
            @Faulty(FilesystemKind.BTRFS) FaultyFilesystem fs) throws IOException {
        VolatileOverlay overlay = fs.mountVolatileOverlay();
        assertTrue(overlay.isMounted());
        assertTrue(overlay.upperDir().startsWith(fs.root()));
        Files.writeString(overlay.target().resolve("through-the-overlay"), "data");
        try (FsHandle merged = FsHandle.open(overlay.target())) {
            fs.causeWritebackError();
            assertThrows(WritebackErrorException.class, merged::syncfs);
        }
        fs.heal();
        fs.close();
        assertFalse(overlay.isMounted());
        assertEquals("", Leftovers.describe(fs.root(), fs.loopDevice()));
    }
}
