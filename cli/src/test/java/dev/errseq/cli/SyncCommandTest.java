package dev.errseq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrowsExactly;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errseq.fs.FsHandle;
import dev.errseq.fs.WritebackErrorException;
import dev.errseq.testkit.FaultyFilesystem;
import dev.errseq.testkit.FilesystemKind;
import dev.errseq.testkit.Prerequisites;
import dev.errseq.testkit.Skip;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * errseq sync against the real kernel: the syncs, their errnos and the sysexits statuses. The
 * writeback errors are real: a loop device on a full tmpfs (the library's test fixture).
 */
class SyncCommandTest {
    @TempDir
    Path tmp;

    private FaultyFilesystem fs;

    @AfterEach
    void tearDown() throws IOException {
        if (fs != null) {
            fs.close();
        }
    }

    @Test
    void eachSyncOfAHealthyFileIsOk() throws IOException {
        Path file = Files.writeString(tmp.resolve("data"), "x");
        for (String[] mode : new String[][] {{}, {"--file"}, {"--data"}, {"--fs"}}) {
            String operation = mode.length == 0 || mode[0].equals("--file") ? "fsync"
                    : mode[0].equals("--data") ? "fdatasync" : "syncfs";
            List<String> args = new ArrayList<>(List.of("sync"));
            args.addAll(List.of(mode));
            args.add(file.toString());
            CliRun run = CliRun.of(args.toArray(String[]::new));
            assertEquals(0, run.exit(), run.toString());
            assertEquals(List.of(operation + " " + file + ": ok"), run.outLines());
            assertEquals("", run.err());
        }
    }

    @Test
    void aMissingPathIsExit66WithOneLineOnStderr() {
        Path missing = tmp.resolve("no-such-file");
        CliRun run = CliRun.of("sync", missing.toString());
        assertEquals(ExitCodes.NO_INPUT, run.exit());
        assertEquals(List.of("fsync " + missing + ": ENOENT (errno 2)"), run.outLines());
        assertEquals(List.of("errseq sync: open(" + missing + "): ENOENT (errno 2); check the path"),
                run.errLines());
    }

    @Test
    void aFilesystemWithoutFsyncIsExit69() {
        // procfs files have no fsync: EINVAL from the kernel.
        CliRun run = CliRun.of("sync", "/proc/version");
        assertEquals(ExitCodes.UNAVAILABLE, run.exit());
        assertEquals(List.of("fsync /proc/version: EINVAL (errno 22)"), run.outLines());
        assertEquals(List.of("errseq sync: fsync(/proc/version): EINVAL (errno 22); this"
                + " filesystem does not support fsync"), run.errLines());
    }

    @Test
    void bothSyncFlagsAtOnceAreAUsageError() {
        DecodeCommandTest.assertUsageError(CliRun.of("sync", "--fs", "--data", "/tmp"),
                "mutually exclusive");
    }

    @Test
    void noPathIsAUsageError() {
        DecodeCommandTest.assertUsageError(CliRun.of("sync", "--fs"),
                "Missing required parameter: 'PATH'");
    }

    @Test
    void jsonSaysOkOrTheErrnoPerPath() throws IOException {
        Path file = Files.writeString(tmp.resolve("data"), "x");
        Path missing = tmp.resolve("gone");
        CliRun run = CliRun.of("sync", "--json", "--data", file.toString(), missing.toString());
        assertEquals(ExitCodes.NO_INPUT, run.exit());
        assertEquals(List.of(
                "{\"path\":\"" + file + "\",\"operation\":\"fdatasync\",\"ok\":true}",
                "{\"path\":\"" + missing + "\",\"operation\":\"fdatasync\",\"ok\":false,\"errno\":2,"
                        + "\"errno_name\":\"ENOENT\",\"failed_call\":\"open\",\"writeback_error\":false}"),
                run.outLines());
    }

    @Test
    void aWritebackErrorIsExit74OnceThenConsumed() throws IOException {
        Skip.ifMissing(Prerequisites.missingFor(FilesystemKind.EXT4));
        Skip.ifMissing(Prerequisites.missingForSyncfsErrors());
        fs = FaultyFilesystem.create(FilesystemKind.EXT4);
        Path file = fs.root().resolve("log");
        fs.causeWritebackError(file);
        Path missing = fs.root().resolve("gone");

        // A writeback error outranks the missing path; both are reported.
        CliRun first = CliRun.of("sync", "--fs", fs.root().toString(), missing.toString());
        assertEquals(ExitCodes.IO_ERR, first.exit(), first.toString());
        String line = first.outLines().get(0);
        assertTrue(line.matches("syncfs " + fs.root() + ": (ENOSPC \\(errno 28\\)|EIO \\(errno 5\\))"
                + ": writeback error, data written before may be lost"), line);
        assertEquals("syncfs " + missing + ": ENOENT (errno 2)", first.outLines().get(1));
        assertEquals(List.of("errseq sync: open(" + missing + "): ENOENT (errno 2); check the path"),
                first.errLines());

        // The command's open file was a new watcher that took the unseen error: it is seen now,
        // so a second run's new open file is not told again.
        CliRun second = CliRun.of("sync", "--fs", fs.root().toString());
        assertEquals(0, second.exit(), second.toString());
        // fsync on the file itself: its inode word still holds the error nobody saw through it.
        CliRun fsync = CliRun.of("sync", file.toString());
        assertEquals(ExitCodes.IO_ERR, fsync.exit(), fsync.toString());
    }

    @Test
    void aWatcherOpenedBeforeTheCommandStillGetsTheError() throws IOException {
        Skip.ifMissing(Prerequisites.missingFor(FilesystemKind.EXT4));
        Skip.ifMissing(Prerequisites.missingForSyncfsErrors());
        fs = FaultyFilesystem.create(FilesystemKind.EXT4);
        try (FsHandle database = FsHandle.open(fs.root())) {
            fs.causeWritebackError(fs.root().resolve("log"));
            assertEquals(ExitCodes.IO_ERR, CliRun.of("sync", "--fs", fs.root().toString()).exit());
            // The command consumed the error for later openers, not for a watcher that was there.
            assertThrowsExactly(WritebackErrorException.class, database::syncfs);
        }
    }
}
