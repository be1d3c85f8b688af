package dev.errseq.testkit;

import static dev.errseq.testkit.KernelAnswers.OK;
import static dev.errseq.testkit.KernelAnswers.append;
import static dev.errseq.testkit.KernelAnswers.fsync;
import static dev.errseq.testkit.KernelAnswers.fsyncByNewDescriptor;
import static dev.errseq.testkit.KernelAnswers.readBack;
import static dev.errseq.testkit.KernelAnswers.syncfs;

import dev.errseq.fs.FsHandle;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The classic fsync traps, as the running kernel answers them on a real writeback error: each
 * case prints its row of the README's table and fails when the kernel answers otherwise.
 */
class WritebackTrapsTest {
    private static final int HEALTHY = 64 * 1024;
    private static final int LOST = 1024 * 1024;
    private static final byte OLD = 'A';
    private static final byte NEW = 0x5a;

    /**
     * The errno of a failed data writeback: the loop device's ENOSPC. On ext4 a metadata
     * buffer of the file that fails too records EIO in the same word, and the later of the two
     * is the one reported.
     */
    private static String[] writebackError(FilesystemKind kind) {
        return kind == FilesystemKind.EXT4 ? new String[] {"ENOSPC", "EIO"} : new String[] {"ENOSPC"};
    }

    /**
     * What a read of a lost append returns once the inode was evicted: ext4 kept the new size,
     * so the blocks read as zeros; xfs and btrfs grow the size on disk only when the write
     * reached it, so the file ends where the healthy data did.
     */
    private static String lostAppend(FilesystemKind kind) {
        return kind == FilesystemKind.EXT4 ? "zeros" : "end of file at " + HEALTHY;
    }

    private static FaultyFilesystem create(FilesystemKind kind) throws IOException {
        Skip.ifMissing(Prerequisites.missingFor(kind));
        return FaultyFilesystem.create(kind);
    }

    /**
     * fsyncgate (PostgreSQL, 2018): the first fsync after a failed writeback reports the
     * error, the retry reports success, and the data is gone once the page cache lets go.
     */
    @ParameterizedTest
    @EnumSource(FilesystemKind.class)
    void fsyncgateRetriedFsyncSucceedsWhileTheDataIsGone(FilesystemKind kind) throws IOException {
        Observed table = new Observed(kind, "(a) fsyncgate");
        try (FaultyFilesystem fs = create(kind)) {
            Path file = fs.root().resolve("table");
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.READ)) {
                append(channel, HEALTHY, OLD);
                table.expect("fsync of healthy data", fsync(channel), OK);
                fs.failWrites();
                append(channel, LOST, NEW);
                table.expect("first fsync after the writeback failed", fsync(channel),
                        writebackError(kind));
                fs.heal();
                table.expect("retried fsync, device healthy again", fsync(channel), OK);
            }
            table.expect("read back, page cache still holding it", readBack(file, HEALTHY, LOST, NEW, OLD),
                    "the written bytes");
            fs.evictInode(file);
            table.expect("read back after the inode's eviction", readBack(file, HEALTHY, LOST, NEW, OLD),
                    lostAppend(kind));
            table.expect("the healthy data before it", readBack(file, 0, HEALTHY, OLD, OLD),
                    "the written bytes");
        }
        table.verify();
    }

    /**
     * Lucene's IOUtils.fsync: the writer closed the file, a new descriptor fsyncs it. It learns
     * of an error only if nobody saw it first and the inode stayed in memory.
     */
    @ParameterizedTest
    @EnumSource(FilesystemKind.class)
    void closeReopenFsyncLearnsOnlyOfAnErrorNobodySawOnAnInodeStillInMemory(FilesystemKind kind)
            throws IOException {
        Observed table = new Observed(kind, "(b) close, reopen, fsync");
        try (FaultyFilesystem fs = create(kind)) {
            Path unseen = fs.root().resolve("unseen");
            fs.causeWritebackError(unseen);
            table.expect("nobody saw it, inode in memory: new descriptor's fsync",
                    fsyncByNewDescriptor(unseen), writebackError(kind));
            table.expect("the next new descriptor's fsync", fsyncByNewDescriptor(unseen), OK);

            Path consumed = fs.root().resolve("consumed");
            append(consumed, HEALTHY, OLD);
            try (FileChannel other = FileChannel.open(consumed, StandardOpenOption.WRITE)) {
                fs.causeWritebackError(consumed);
                table.expect("another descriptor's fsync first", fsync(other), writebackError(kind));
            }
            table.expect("then the new descriptor's fsync", fsyncByNewDescriptor(consumed), OK);

            Path evicted = fs.root().resolve("evicted");
            try (FsHandle directory = FsHandle.open(fs.root())) {
                syncfs(directory);
                fs.causeWritebackError(evicted);
                fs.heal();
                fs.evictInode(evicted);
                table.expect("nobody saw it, inode evicted (drop_caches): new descriptor's fsync",
                        fsyncByNewDescriptor(evicted), OK);
                table.expect("syncfs on a directory opened before", syncfs(directory),
                        writebackError(kind));
            }

            Path remounted = fs.root().resolve("remounted");
            fs.causeWritebackError(remounted);
            fs.heal();
            fs.evictAll();
            table.expect("nobody saw it, filesystem remounted: new descriptor's fsync",
                    fsyncByNewDescriptor(remounted), OK);
            try (FsHandle directory = FsHandle.open(fs.root())) {
                table.expect("syncfs on a directory opened after the remount", syncfs(directory), OK);
            }
        }
        table.verify();
    }

    /**
     * syncfs reports the filesystem's word: an error of any file reaches every handle opened
     * before anyone saw it (even one opened after the error), and none opened after that.
     */
    @ParameterizedTest
    @EnumSource(FilesystemKind.class)
    void syncfsReportsAnyFilesErrorToHandlesOpenedBeforeItWasSeen(FilesystemKind kind)
            throws IOException {
        Observed table = new Observed(kind, "(c) syncfs");
        try (FaultyFilesystem fs = create(kind)) {
            Path other = fs.root().resolve("other");
            append(other, HEALTHY, OLD);
            try (FsHandle before = FsHandle.open(fs.root());
                    FsHandle otherFile = FsHandle.open(other)) {
                otherFile.fsync();
                fs.causeWritebackError(fs.root().resolve("failed"));
                fs.heal();
                try (FsHandle afterUnseen = FsHandle.open(fs.root())) {
                    table.expect("fsync of another file, opened before", fsync(otherFile), OK);
                    table.expect("syncfs on the other file's handle, opened before",
                            syncfs(otherFile), writebackError(kind));
                    table.expect("syncfs on a directory opened before", syncfs(before),
                            writebackError(kind));
                    table.expect("the same directory handle again", syncfs(before), OK);
                    table.expect("syncfs on a directory opened after the error, before anyone saw it",
                            syncfs(afterUnseen), writebackError(kind));
                }
                try (FsHandle afterSeen = FsHandle.open(fs.root())) {
                    table.expect("syncfs on a directory opened after it was seen", syncfs(afterSeen),
                            OK);
                }
            }
        }
        table.verify();
    }

    /**
     * What a read of the pages that failed to write back returns: before eviction, and after
     * each way of evicting; and the same for an overwrite of data already on disk.
     */
    @ParameterizedTest
    @EnumSource(FilesystemKind.class)
    void readingBackPagesThatFailedToWrite(FilesystemKind kind) throws IOException {
        Observed table = new Observed(kind, "(d) read back");
        try (FaultyFilesystem fs = create(kind)) {
            Path appended = fs.root().resolve("appended");
            Path overwritten = fs.root().resolve("overwritten");
            append(appended, HEALTHY, OLD);
            append(overwritten, LOST, OLD);
            fs.sync();
            fs.failWrites();
            append(appended, LOST, NEW);
            try (FileChannel channel = FileChannel.open(overwritten, StandardOpenOption.WRITE)) {
                KernelAnswers.overwrite(channel, LOST, NEW);
                table.expect("overwrite in place: fsync", fsync(channel),
                        kind == FilesystemKind.BTRFS ? writebackError(kind) : new String[] {OK});
            }
            table.expect("appended: fsync of a new descriptor", fsyncByNewDescriptor(appended),
                    writebackError(kind));
            fs.heal();
            table.expect("appended, before eviction", readBack(appended, HEALTHY, LOST, NEW, OLD),
                    "the written bytes");
            table.expect("overwritten, before eviction", readBack(overwritten, 0, LOST, NEW, OLD),
                    "the written bytes");
            fs.evictInode(appended);
            // btrfs writes an overwrite to new blocks too: it fails, and the old data stays.
            String overwrite = kind == FilesystemKind.BTRFS ? "the old bytes" : "the written bytes";
            table.expect("appended, after drop_caches", readBack(appended, HEALTHY, LOST, NEW, OLD),
                    lostAppend(kind));
            table.expect("overwritten, after drop_caches", readBack(overwritten, 0, LOST, NEW, OLD),
                    overwrite);
            fs.evictAll();
            table.expect("appended, after remount", readBack(appended, HEALTHY, LOST, NEW, OLD),
                    lostAppend(kind));
            table.expect("overwritten, after remount", readBack(overwritten, 0, LOST, NEW, OLD),
                    overwrite);
        }
        table.verify();
    }
}
