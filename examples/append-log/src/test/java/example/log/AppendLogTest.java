package example.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errseq.testkit.Faulty;
import dev.errseq.testkit.FaultyFilesystem;
import dev.errseq.testkit.FaultyFilesystemExtension;
import dev.errseq.testkit.FilesystemKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The log against a real writeback error: the kernel's own, on ext4, xfs and btrfs made for
 * each test. Every record the log acknowledged must be on disk after the inodes were evicted
 * (the filesystem unmounted and mounted again), and after a failed sync it must acknowledge
 * nothing more.
 */
@ExtendWith(FaultyFilesystemExtension.class)
class AppendLogTest {
    private static byte[] record(String name) {
        byte[] record = new byte[8192];
        byte[] text = name.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < record.length; i++) {
            record[i] = text[i % text.length];
        }
        return record;
    }

    private static void assertRecords(Path file, byte[]... expected) throws IOException {
        List<byte[]> found = Records.read(file);
        assertEquals(expected.length, found.size(), "records on disk");
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], found.get(i), "record " + i);
        }
    }

    @Test
    void everyAcknowledgedRecordSurvivesEviction(FaultyFilesystem fs) throws IOException {
        Path file = fs.root().resolve("log");
        try (AppendLog log = AppendLog.open(file)) {
            log.append(record("one"));
            log.append(record("two"));
            log.sync();
        }
        fs.evictAll();
        assertRecords(file, record("one"), record("two"));
    }

    @Test
    void aFailedSyncStopsTheLogForGood(FaultyFilesystem fs) throws IOException {
        Path file = fs.root().resolve("log");
        try (AppendLog log = AppendLog.open(file)) {
            log.append(record("kept"));
            fs.failWrites();
            IOException failed = assertThrows(IOException.class, () -> log.append(record("lost")));
            assertFalse(failed instanceof LogFailedException, failed.toString());
            assertTrue(log.isFailed());
            fs.heal();
            LogFailedException refused = assertThrows(LogFailedException.class,
                    () -> log.append(record("after")));
            assertSame(failed, refused.getCause());
            assertInstanceOf(LogFailedException.class, assertThrows(IOException.class, log::sync));
        }
        fs.evictAll();
        assertRecords(file, record("kept"));
    }

    @Test
    void aFailedSyncStopsTheLogOnXfsToo(@Faulty(FilesystemKind.XFS) FaultyFilesystem fs)
            throws IOException {
        aFailedSyncStopsTheLogForGood(fs);
    }

    @Test
    void aFailedSyncStopsTheLogOnBtrfsToo(@Faulty(FilesystemKind.BTRFS) FaultyFilesystem fs)
            throws IOException {
        aFailedSyncStopsTheLogForGood(fs);
    }

    @Test
    void retryingTheFailedSyncAcknowledgesARecordThatIsGone(FaultyFilesystem fs)
            throws IOException {
        Path file = fs.root().resolve("log");
        try (RetryingLog log = RetryingLog.open(file)) {
            log.append(record("kept"));
            fs.failWrites();
            log.append(record("acknowledged")); // the retried force returned: "durable"
            fs.heal();
        }
        fs.evictAll();
        List<byte[]> found = Records.read(file);
        assertEquals(1, found.size(), "records on disk");
        assertArrayEquals(record("kept"), found.get(0));
    }
}
