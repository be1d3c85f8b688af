package dev.errseq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.errseq.trace.CursorAdvanceEvent;
import dev.errseq.trace.DeviceNumber;
import dev.errseq.trace.NewErrorTracker;
import dev.errseq.trace.NewWritebackError;
import dev.errseq.trace.TracedFilesystem;
import dev.errseq.trace.WordSetEvent;
import dev.errseq.trace.WritebackErrorEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The lines of errseq watch, text and JSON, for events as a monitor delivered them on Linux
 * 6.18: an ext4 without journal on /dev/loop0 whose file (inode 12) and block device (its
 * metadata, traced as 0:3 inode 0x700000) failed to write back.
 */
class WatchLinesTest {
    private static final TracedFilesystem EXT4 = new TracedFilesystem(new DeviceNumber(7, 0),
            Path.of("/var/lib"), "ext4", "/dev/loop0", Optional.of(new DeviceNumber(7, 0)));
    /** Monotonic 2586.932198 s was wall-clock 2026-12-01T14:50:01.932198Z. */
    private static final long MONO = 2586_932_198_000L;
    private static final Instant WALL = Instant.parse("2026-12-01T14:50:01.932198Z");

    private static WatchLines lines(boolean json) {
        return new WatchLines(json, Duration.ofSeconds(2), nanos -> WALL.plusNanos(nanos - MONO));
    }

    private static WordSetEvent fileSet(long nanos, int wordBefore) {
        return new WordSetEvent(nanos, 1, 22, "ksoftirqd/1", new DeviceNumber(7, 0), 12,
                Optional.of(EXT4), false, wordBefore);
    }

    private static WordSetEvent metadataSet(long nanos, int wordBefore) {
        return new WordSetEvent(nanos, 0, 14, "ksoftirqd/0", new DeviceNumber(0, 3), 0x700000,
                Optional.of(EXT4), true, wordBefore);
    }

    /** The recorded sequence: file sets, the metadata's set, the fixture's fsync of the device. */
    private static List<NewWritebackError> errors() {
        List<WritebackErrorEvent> events = List.of(
                fileSet(MONO, 0x0),
                metadataSet(MONO + 3_000_000, 0x0),
                fileSet(MONO + 6_780_000, 0x1c),
                fileSet(MONO + 16_383_000, 0x1c),
                new CursorAdvanceEvent(MONO + 84_392_000, 1, 494, "java", new DeviceNumber(0, 3),
                        0x700000, Optional.of(EXT4), true, "00000000d49ce305", 0x0, 0x1005),
                fileSet(MONO + 90_168_000, 0x101c));
        NewErrorTracker tracker = new NewErrorTracker(Duration.ofSeconds(2));
        List<NewWritebackError> errors = new ArrayList<>();
        events.forEach(e -> errors.addAll(tracker.accept(e)));
        errors.addAll(tracker.expire(MONO + 90_168_000 + 2_000_000_000L));
        return errors;
    }

    @Test
    void textNamesTimeFilesystemInodeAndErrnoOrThatItWasNotRevealed() {
        WatchLines text = lines(false);
        assertEquals(List.of(
                "2026-12-01T14:50:01.932Z writeback error on ext4 /dev/loop0 (7:0) at /var/lib:"
                        + " inode 12, ENOSPC (errno 28)",
                "2026-12-01T14:50:01.935Z writeback error on ext4 /dev/loop0 (7:0) at /var/lib:"
                        + " the block device's metadata, EIO (errno 5)",
                "2026-12-01T14:50:02.022Z writeback error on ext4 /dev/loop0 (7:0) at /var/lib:"
                        + " inode 12, errno not revealed (no later event of the inode within 2 s)"),
                errors().stream().map(text::error).toList());
    }

    @Test
    void jsonHasOneObjectPerErrorWithNullForAnUnrevealedErrno() {
        WatchLines json = lines(true);
        assertEquals(List.of(
                "{\"event\":\"writeback_error\",\"time\":\"2026-12-01T14:50:01.932Z\","
                        + "\"device\":\"7:0\",\"mount_point\":\"/var/lib\",\"fs_type\":\"ext4\","
                        + "\"source\":\"/dev/loop0\",\"inode\":12,\"block_device\":false,"
                        + "\"errno\":28,\"errno_name\":\"ENOSPC\",\"revealed\":true}",
                "{\"event\":\"writeback_error\",\"time\":\"2026-12-01T14:50:01.935Z\","
                        + "\"device\":\"7:0\",\"mount_point\":\"/var/lib\",\"fs_type\":\"ext4\","
                        + "\"source\":\"/dev/loop0\",\"inode\":7340032,\"block_device\":true,"
                        + "\"errno\":5,\"errno_name\":\"EIO\",\"revealed\":true}",
                "{\"event\":\"writeback_error\",\"time\":\"2026-12-01T14:50:02.022Z\","
                        + "\"device\":\"7:0\",\"mount_point\":\"/var/lib\",\"fs_type\":\"ext4\","
                        + "\"source\":\"/dev/loop0\",\"inode\":12,\"block_device\":false,"
                        + "\"errno\":null,\"errno_name\":\"unrevealed\",\"revealed\":false}"),
                errors().stream().map(json::error).toList());
    }

    @Test
    void aFilesystemNoLongerMountedIsNamedByItsTracedDevice() {
        WordSetEvent set = new WordSetEvent(MONO, 0, 1, "kworker/u8:0", new DeviceNumber(7, 3),
                12, Optional.empty(), false, 0);
        WordSetEvent next = new WordSetEvent(MONO + 1000, 0, 1, "kworker/u8:0",
                new DeviceNumber(7, 3), 12, Optional.empty(), false, 0x5);
        NewWritebackError error = new NewWritebackError(set, 5, Optional.of(next));
        assertEquals("2026-12-01T14:50:01.932Z writeback error on 7:3 (no longer mounted): inode"
                + " 12, EIO (errno 5)", lines(false).error(error));
        assertEquals("{\"event\":\"writeback_error\",\"time\":\"2026-12-01T14:50:01.932Z\","
                + "\"device\":\"7:3\",\"mount_point\":null,\"fs_type\":null,\"source\":null,"
                + "\"inode\":12,\"block_device\":false,\"errno\":5,\"errno_name\":\"EIO\","
                + "\"revealed\":true}", lines(true).error(error));
    }

    @Test
    void startLostAndSummaryLines() {
        WatchLines text = lines(false);
        WatchLines json = lines(true);
        assertEquals("watching all filesystems for writeback errors; stop with Ctrl-C",
                text.start(List.of(), Optional.empty()));
        assertEquals("watching ext4 7:0 at /var/lib for writeback errors, metrics at"
                + " http://127.0.0.1:9464/metrics; stop with Ctrl-C",
                text.start(List.of(EXT4), Optional.of("http://127.0.0.1:9464/metrics")));
        assertEquals("{\"event\":\"start\",\"filesystems\":\"ext4 7:0 at /var/lib\","
                + "\"metrics\":null}", json.start(List.of(EXT4), Optional.empty()));
        assertEquals("lost 40 events (52 in all): they were not read in time; errors among them"
                + " are not shown", text.lost(40, 52));
        assertEquals("{\"event\":\"lost\",\"lost\":40,\"lost_total\":52}", json.lost(40, 52));
        assertEquals("stopped: 1 writeback error (0 with errno not revealed), 7 events read,"
                + " 0 lost", text.summary(1, 0, 7, 0));
        assertEquals("{\"event\":\"summary\",\"writeback_errors\":3,\"unrevealed\":1,"
                + "\"events\":20,\"lost\":52}", json.summary(3, 1, 20, 52));
    }
}
