package dev.errseq.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errseq.Errno;
import dev.errseq.fs.FsHandle;
import dev.errseq.fs.WritebackErrorException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What each kind does with the testkit's faults, against the real kernel. */
@ExtendWith(FaultyFilesystemExtension.class)
class FaultyFilesystemTest {
    private static final Set<Integer> WRITEBACK_ERRNOS = Set.of(Errno.EIO, Errno.ENOSPC);

    private static void append(Path file, int bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer data = ByteBuffer.allocate(bytes);
            while (data.hasRemaining()) {
                channel.write(data);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(FilesystemKind.class)
    void failWritesMakesTheNextFsyncFailOnceThenHealLetsWritesThrough(FilesystemKind kind)
            throws IOException {
        Skip.ifMissing(Prerequisites.missingFor(kind));
        try (FaultyFilesystem fs = FaultyFilesystem.create(kind)) {
            Path file = fs.root().resolve("data");
            append(file, 1 << 20);
            try (FsHandle handle = FsHandle.open(file)) {
                handle.fsync();
                fs.failWrites();
                assertTrue(fs.writesFail());
                append(file, 1 << 20);
                WritebackErrorException e = assertThrows(WritebackErrorException.class, handle::fsync);
                assertTrue(WRITEBACK_ERRNOS.contains(e.errno()), e.toString());
                handle.fsync(); // seen: reported once
                fs.heal();
                assertFalse(fs.writesFail());
                append(file, 1 << 20);
                handle.fsync();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(FilesystemKind.class)
    void causeWritebackErrorOnTheFilesystemReachesSyncfsNotOtherFiles(FilesystemKind kind)
            throws IOException {
        Skip.ifMissing(Prerequisites.missingFor(kind));
        try (FaultyFilesystem fs = FaultyFilesystem.create(kind)) {
            Path mine = Files.writeString(fs.root().resolve("mine"), "x");
            try (FsHandle dir = FsHandle.open(fs.root()); FsHandle file = FsHandle.open(mine)) {
                file.fsync();
                WritebackError error = fs.causeWritebackError();
                assertEquals(1 << 20, error.bytesWritten());
                file.fsync(); // its pages did not fail
                WritebackErrorException e = assertThrows(WritebackErrorException.class, dir::syncfs);
                assertTrue(WRITEBACK_ERRNOS.contains(e.errno()), e.toString());
                fs.heal();
                dir.syncfs();
            }
        }
    }

    /**
     * A writeback that rewrites the file's last, partly filled block in place and goes on into
     * new blocks right after it: the device must fail the new blocks, though the first block
     * of the same write lands. (Unless each request to the loop device stays within one page
     * of its backing file, the tmpfs takes the first page, the write comes back short, and the
     * loop device reports the short write as a success: fsync 0, the data zeros.)
     */
    @ParameterizedTest
    @EnumSource(FilesystemKind.class)
    void aWritebackThatStartsInABlockWrittenBeforeStillFails(FilesystemKind kind) throws IOException {
        Skip.ifMissing(Prerequisites.missingFor(kind));
        try (FaultyFilesystem fs = FaultyFilesystem.create(kind)) {
            Path file = fs.root().resolve("tail");
            append(file, 6 * 1024);
            Path neighbour = fs.root().resolve("neighbour");
            append(neighbour, 1 << 20);
            fs.sync();
            fs.failWrites();
            append(file, 1 << 20);
            try (FsHandle handle = FsHandle.open(file)) {
                WritebackErrorException e = assertThrows(WritebackErrorException.class, handle::fsync);
                assertTrue(WRITEBACK_ERRNOS.contains(e.errno()), e.toString());
            }
        }
    }
}
