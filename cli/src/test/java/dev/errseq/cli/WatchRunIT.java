package dev.errseq.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrowsExactly;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errseq.fs.Assumptions;
import dev.errseq.fs.FsHandle;
import dev.errseq.fs.LoopFilesystem;
import dev.errseq.fs.WritebackErrorException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * target/errseq.jar watching a real writeback error: a loop-device ext4 over a full tmpfs (the
 * library's fixture), watched as text and as JSON by two processes at once, each stopped by
 * SIGTERM. Neither consumes the error: watchers opened before it are still told, once.
 */
class WatchRunIT {
    private LoopFilesystem fs;

    @AfterEach
    void tearDown() throws IOException {
        if (fs != null) {
            fs.close();
        }
    }

    @Test
    void aRealErrorIsPrintedAsTextAndJsonNothingIsConsumedAndSigtermStopsCleanly()
            throws Exception {
        Assumptions.assumeTracing(LoopFilesystem.Kind.EXT4);
        fs = LoopFilesystem.create(LoopFilesystem.Kind.EXT4);
        Path db = Files.createDirectory(fs.mountPoint().resolve("db"));
        Path log = Files.writeString(db.resolve("log"), "first line\n");
        long inode = (Long) Files.getAttribute(log, "unix:ino");
        String device = deviceOf(fs);
        try (FsHandle fileBefore = FsHandle.open(log);
                FsHandle filesystemBefore = FsHandle.open(db);
                WatchProcess text = WatchProcess.start(db.toString());
                WatchProcess json = WatchProcess.start("--json", db.toString())) {
            assertEquals(List.of("watching ext4 " + device + " at " + fs.mountPoint()
                    + " for writeback errors; stop with Ctrl-C"), text.lines());
            assertEquals(List.of("{\"event\":\"start\",\"filesystems\":\"ext4 " + device + " at "
                    + fs.mountPoint() + "\",\"metrics\":null}"), json.lines());

            fs.causeWritebackError(log);

            // ext4 reports ENOSPC or EIO, whichever failed write came last (the block layer's).
            Pattern textLine = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"
                    + " writeback error on ext4 " + Pattern.quote(fs.loopDevice() + " (" + device
                    + ") at " + fs.mountPoint()) + ": inode " + inode
                    + ", (ENOSPC \\(errno 28\\)|EIO \\(errno 5\\))");
            text.await(line -> textLine.matcher(line).matches(), 30);
            Pattern jsonLine = Pattern.compile("\\{\"event\":\"writeback_error\",\"time\":\"[^\"]+Z\","
                    + Pattern.quote("\"device\":\"" + device + "\",\"mount_point\":\""
                            + fs.mountPoint() + "\",\"fs_type\":\"ext4\",\"source\":\""
                            + fs.loopDevice() + "\",\"inode\":" + inode + ",\"block_device\":false,")
                    + "(\"errno\":28,\"errno_name\":\"ENOSPC\"|\"errno\":5,\"errno_name\":\"EIO\")"
                    + ",\"revealed\":true\\}");
            json.await(line -> jsonLine.matcher(line).matches(), 30);

            // Nothing consumed: the file's and the filesystem's watchers are told, once each.
            WritebackErrorException fsync = assertThrowsExactly(WritebackErrorException.class,
                    fileBefore::fsync);
            assertDoesNotThrow(fileBefore::fsync);
            WritebackErrorException syncfs = assertThrowsExactly(WritebackErrorException.class,
                    filesystemBefore::syncfs);
            assertDoesNotThrow(filesystemBefore::syncfs);
            System.out.println("watchers told " + fsync.errnoName() + " (fsync) and "
                    + syncfs.errnoName() + " (syncfs) after the watch printed the error");

            text.assertStopsCleanly();
            json.assertStopsCleanly();
            List<String> textLines = text.lines();
            assertTrue(textLines.get(textLines.size() - 1).matches("stopped: [1-9]\\d* writeback"
                    + " errors? \\(\\d+ with errno not revealed\\), [1-9]\\d* events read, 0 lost"),
                    textLines.toString());
            List<String> jsonLines = json.lines();
            assertTrue(jsonLines.get(jsonLines.size() - 1).matches("\\{\"event\":\"summary\","
                    + "\"writeback_errors\":[1-9]\\d*,\"unrevealed\":\\d+,\"events\":[1-9]\\d*,"
                    + "\"lost\":0}"), jsonLines.toString());
        }
    }

    /** major:minor of the loop device, as mountinfo shows it. */
    static String deviceOf(LoopFilesystem fs) throws IOException {
        String name = Path.of(fs.loopDevice()).getFileName().toString();
        return Files.readString(Path.of("/sys/block", name, "dev")).strip();
    }
}
