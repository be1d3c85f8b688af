package dev.errseq.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrowsExactly;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errseq.fs.FsHandle;
import dev.errseq.fs.WritebackErrorException;
import dev.errseq.testkit.FaultyFilesystem;
import dev.errseq.testkit.FilesystemKind;
import dev.errseq.testkit.Prerequisites;
import dev.errseq.testkit.Skip;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * target/errseq.jar watching a real writeback error: a loop-device ext4 over a full tmpfs (the
 * library's fixture), watched as text and as JSON by two processes at once, stopped by SIGTERM
 * and by SIGINT. Neither consumes the error: files opened after the lines appeared are still
 * told (the error is unseen), as are those opened before, once each.
 */
class WatchRunIT {
    private FaultyFilesystem fs;

    @AfterEach
    void tearDown() throws IOException {
        if (fs != null) {
            fs.close();
        }
    }

    @Test
    void aRealErrorIsPrintedAsTextAndJsonNothingIsConsumedAndSigtermStopsCleanly()
            throws Exception {
        Skip.ifMissing(Prerequisites.missingFor(FilesystemKind.EXT4).or(Prerequisites::missingForTracing));
        fs = FaultyFilesystem.create(FilesystemKind.EXT4);
        Path db = Files.createDirectory(fs.root().resolve("db"));
        Path log = Files.writeString(db.resolve("log"), "first line\n");
        long inode = (Long) Files.getAttribute(log, "unix:ino");
        String device = ProbeCommandTest.deviceOf(fs);
        try (FsHandle fileBefore = FsHandle.open(log);
                FsHandle filesystemBefore = FsHandle.open(db);
                WatchProcess text = WatchProcess.start(db.toString());
                WatchProcess json = WatchProcess.start("--json", db.toString())) {
            assertEquals(List.of("watching ext4 " + device + " at " + fs.root()
                    + " for writeback errors; stop with Ctrl-C"), text.lines());
            assertEquals(List.of("{\"event\":\"start\",\"filesystems\":\"ext4 " + device + " at "
                    + fs.root() + "\",\"metrics\":null}"), json.lines());

            fs.causeWritebackError(log);

            // ext4 reports ENOSPC or EIO, whichever failed write came last (the block layer's).
            Pattern textLine = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"
                    + " writeback error on ext4 " + Pattern.quote(fs.loopDevice() + " (" + device
                    + ") at " + fs.root()) + ": inode " + inode
                    + ", (ENOSPC \\(errno 28\\)|EIO \\(errno 5\\))");
            text.await(line -> textLine.matcher(line).matches(), 30);
            Pattern jsonLine = Pattern.compile("\\{\"event\":\"writeback_error\",\"time\":\"[^\"]+Z\","
                    + Pattern.quote("\"device\":\"" + device + "\",\"mount_point\":\""
                            + fs.root() + "\",\"fs_type\":\"ext4\",\"source\":\""
                            + fs.loopDevice() + "\",\"inode\":" + inode + ",\"block_device\":false,")
                    + "(\"errno\":28,\"errno_name\":\"ENOSPC\"|\"errno\":5,\"errno_name\":\"EIO\")"
                    + ",\"revealed\":true\\}");
            json.await(line -> jsonLine.matcher(line).matches(), 30);

            // Nothing consumed. Files opened after the error are told only while nobody has
            // seen it: these are, and so are the watchers opened before, once each.
            try (FsHandle fileAfter = FsHandle.open(log);
                    FsHandle filesystemAfter = FsHandle.open(db)) {
                for (FsHandle file : List.of(fileAfter, fileBefore)) {
                    WritebackErrorException fsync = assertThrowsExactly(
                            WritebackErrorException.class, file::fsync);
                    assertDoesNotThrow(file::fsync);
                    System.out.println("fsync told " + fsync.errnoName());
                }
                for (FsHandle filesystem : List.of(filesystemAfter, filesystemBefore)) {
                    WritebackErrorException syncfs = assertThrowsExactly(
                            WritebackErrorException.class, filesystem::syncfs);
                    assertDoesNotThrow(filesystem::syncfs);
                    System.out.println("syncfs told " + syncfs.errnoName());
                }
            }

            text.assertStopsCleanly();
            json.assertStopsCleanly(true);
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

    /**
     * --metrics on JDK 25 (the jar's manifest and bundled binding keep stderr empty there too,
     * HTTP server included): the counter of the real error by device, mount point, type and
     * errno, the event counters, and the port closed after SIGTERM.
     */
    @Test
    void metricsCountTheRealErrorAndTheJarPrintsNothingElseOnJdk25() throws Exception {
        Path jdk25 = JarRunIT.jdk25();
        Skip.ifMissing(Prerequisites.missingFor(FilesystemKind.EXT4).or(Prerequisites::missingForTracing));
        fs = FaultyFilesystem.create(FilesystemKind.EXT4);
        Path db = Files.createDirectory(fs.root().resolve("db"));
        String device = ProbeCommandTest.deviceOf(fs);
        try (WatchProcess watch = WatchProcess.start(jdk25, "--metrics", "127.0.0.1:0",
                db.toString())) {
            String url = watch.metricsUrl();
            assertTrue(url.startsWith("http://127.0.0.1:"), url);
            String before = scrape(url);
            assertTrue(before.contains("\nerrseq_trace_events_lost_total 0.0\n"), before);
            assertTrue(!before.contains("errseq_writeback_errors_total{"), before);

            fs.causeWritebackError(db.resolve("log"));
            Pattern counter = Pattern.compile("(?m)^errseq_writeback_errors_total\\{device=\""
                    + Pattern.quote(device) + "\",errno=\"(ENOSPC|EIO)\",fstype=\"ext4\","
                    + "mountpoint=\"" + Pattern.quote(fs.root().toString()) + "\"} "
                    + "[1-9]\\d*\\.0$");
            String after = "";
            for (long deadline = System.nanoTime() + 30_000_000_000L;
                    !counter.matcher(after).find() && System.nanoTime() < deadline;) {
                Thread.sleep(200);
                after = scrape(url);
            }
            assertTrue(counter.matcher(after).find(), after);
            assertTrue(Pattern.compile("(?m)^errseq_trace_events_total [1-9]\\d*\\.0$")
                    .matcher(after).find(), after);
            assertTrue(after.contains("# TYPE errseq_writeback_errors_total counter"), after);

            watch.assertStopsCleanly();
            assertThrowsExactly(java.net.ConnectException.class, () -> scrape(url));
        }
    }

    /**
     * {@code errseq watch DB | head -n 1}: head leaves after the start line, the watch's next
     * line (the error's) meets a closed pipe, and the watch stops as on a signal: status 0,
     * its instance removed.
     */
    @Test
    void aClosedOutputStopsTheWatchCleanly() throws Exception {
        Skip.ifMissing(Prerequisites.missingFor(FilesystemKind.EXT4).or(Prerequisites::missingForTracing));
        fs = FaultyFilesystem.create(FilesystemKind.EXT4);
        Path db = Files.createDirectory(fs.root().resolve("db"));
        String java = Path.of(System.getProperty("java.home"), "bin/java").toString();
        String jar = Path.of(System.getProperty("errseq.jar", "target/errseq.jar"))
                .toAbsolutePath().toString();
        Process shell = new ProcessBuilder("bash", "-c", "\"$0\" -jar \"$1\" watch \"$2\""
                + " | head -n 1; echo \"watch status ${PIPESTATUS[0]}\"", java, jar,
                db.toString()).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(
                shell.getInputStream(), StandardCharsets.UTF_8))) {
            assertTrue(out.readLine().startsWith("watching ext4 "));
            long watchPid = shell.descendants().filter(p -> p.info().command()
                    .map(c -> c.equals(java)).orElse(false)).findFirst()
                    .orElseThrow(() -> new AssertionError("no java under the shell")).pid();
            assertEquals(1, WatchProcess.instancesOf(watchPid).size());

            fs.causeWritebackError(db.resolve("log"));

            assertTrue(shell.waitFor(30, TimeUnit.SECONDS), "the watch did not stop");
            assertEquals("watch status 0", out.readLine());
            assertEquals(null, out.readLine());
            assertEquals(List.of(), WatchProcess.instancesOf(watchPid));
        } finally {
            shell.descendants().forEach(ProcessHandle::destroy);
            shell.destroy();
        }
    }

    static String scrape(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }
}
