package dev.errseq.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrowsExactly;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errseq.Errno;
import dev.errseq.fs.ErrnoException;
import dev.errseq.fs.FsUsageException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Each refusal names the problem, and changes nothing: no mount, no fill, no directory. */
@ExtendWith(FaultyFilesystemExtension.class)
class FaultyFilesystemBadInputTest {
    private static List<Path> scratchDirs() throws IOException {
        try (Stream<Path> entries = Files.list(Path.of("/tmp"))) {
            return entries.filter(p -> p.getFileName().toString().startsWith("errseq-testkit-"))
                    .sorted().toList();
        }
    }

    @Test
    void aSizeBelowTheKindsMinimumIsRefusedBeforeAnythingIsMade() throws IOException {
        List<Path> before = scratchDirs();
        IllegalArgumentException e = assertThrowsExactly(IllegalArgumentException.class,
                () -> FaultyFilesystem.create(FilesystemKind.XFS, 299));
        assertEquals("xfs is made with 300 to 65536 MiB, not 299", e.getMessage());
        assertThrowsExactly(IllegalArgumentException.class,
                () -> FaultyFilesystem.create(FilesystemKind.EXT4, 65537));
        assertThrowsExactly(NullPointerException.class, () -> FaultyFilesystem.create(null));
        assertEquals(before, scratchDirs());
    }

    @Test
    void aFileOutsideTheFilesystemIsRefusedAndNothingFails(FaultyFilesystem fs) throws IOException {
        Path outside = fs.root().resolveSibling("elsewhere");
        IllegalArgumentException e = assertThrowsExactly(IllegalArgumentException.class,
                () -> fs.causeWritebackError(outside));
        assertEquals(outside + " is not a file under " + fs.root(), e.getMessage());
        assertThrowsExactly(IllegalArgumentException.class,
                () -> fs.causeWritebackError(fs.root().resolve("a/../..")));
        assertThrowsExactly(IllegalArgumentException.class, () -> fs.causeWritebackError(fs.root()));
        assertThrowsExactly(IllegalArgumentException.class, () -> fs.evictInode(outside));
        assertFalse(fs.writesFail());
        assertFalse(Files.exists(outside));
        Files.writeString(fs.root().resolve("still-fine"), "data");
        fs.sync();
    }

    @Test
    void anOpenFileIsNotEvictedAndTheFilesystemStaysMounted(FaultyFilesystem fs) throws IOException {
        Path file = Files.writeString(fs.root().resolve("open"), "data");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            IllegalStateException one = assertThrowsExactly(IllegalStateException.class,
                    () -> fs.evictInode(file));
            assertEquals(file + " is open in this JVM: its inode cannot be evicted until every"
                    + " descriptor on it is closed", one.getMessage());
            IllegalStateException all = assertThrowsExactly(IllegalStateException.class,
                    fs::evictAll);
            assertTrue(all.getMessage().startsWith("cannot unmount " + fs.root()), all.getMessage());
            assertTrue(channel.isOpen());
        }
        assertEquals(List.of(fs.root()), Leftovers.mountsUnder(fs.root()));
        assertEquals("data", Files.readString(file));
    }

    @Test
    void freezingTwiceAndThawingUnfrozenAreTheKernelsRefusals(FaultyFilesystem fs)
            throws IOException {
        ErrnoException thaw = assertThrowsExactly(FsUsageException.class, fs::thaw);
        assertEquals(Errno.EINVAL, thaw.errno());
        fs.freeze();
        ErrnoException again = assertThrowsExactly(FsUsageException.class, fs::freeze);
        assertEquals(Errno.EBUSY, again.errno());
        assertThrowsExactly(IllegalStateException.class,
                () -> fs.causeWritebackError(fs.root().resolve("file")));
        assertThrowsExactly(IllegalStateException.class, fs::evictAll);
        IllegalStateException fail = assertThrowsExactly(IllegalStateException.class,
                fs::failWrites);
        assertEquals(fs + " is frozen: thaw it first", fail.getMessage());
        assertFalse(fs.writesFail());
        fs.thaw();
        Files.writeString(fs.root().resolve("after-thaw"), "data");
    }

    @Test
    void everyCallAfterCloseIsRefusedAndCloseTwiceIsHarmless() throws IOException {
        Skip.ifMissing(Prerequisites.missingFor(FilesystemKind.EXT4));
        FaultyFilesystem fs = FaultyFilesystem.create(FilesystemKind.EXT4);
        fs.close();
        fs.close();
        String closed = fs + " is closed";
        for (Executable call : List.<Executable>of(fs::failWrites, fs::heal, fs::causeWritebackError,
                fs::evictAll, fs::freeze, fs::thaw, fs::mountVolatileOverlay,
                () -> fs.evictInode(fs.root().resolve("x")))) {
            IllegalStateException e = assertThrowsExactly(IllegalStateException.class, call::run);
            assertEquals(closed, e.getMessage());
        }
        assertEquals("", Leftovers.describe(fs.root(), fs.loopDevice()));
    }

    /** A call that may throw anything. */
    private interface Executable {
        void run() throws Exception;
    }
}
