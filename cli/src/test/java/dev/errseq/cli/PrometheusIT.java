package dev.errseq.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errseq.testkit.FaultyFilesystem;
import dev.errseq.testkit.FilesystemKind;
import dev.errseq.testkit.Prerequisites;
import dev.errseq.testkit.Skip;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus server (Debian's package) scraping {@code errseq watch --metrics} every
 * second, both on loopback: a real writeback error on a loop-device ext4 shows up in
 * Prometheus's own query API as {@code errseq_writeback_errors_total} with the filesystem's
 * labels. The server runs from a temporary directory (its config and its TSDB) and is stopped
 * at the end, like the watch and the filesystem.
 */
class PrometheusIT {
    private static final Path PROMETHEUS = Path.of(System.getProperty("errseq.prometheus",
            "/usr/bin/prometheus"));
    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(30);

    @TempDir
    Path tmp;

    private FaultyFilesystem fs;
    private Process prometheus;

    @AfterEach
    void tearDown() throws IOException, InterruptedException {
        try {
            if (prometheus != null) {
                prometheus.toHandle().destroy(); // SIGTERM: it shuts its TSDB down
                if (!prometheus.waitFor(30, TimeUnit.SECONDS)) {
                    prometheus.destroyForcibly().waitFor();
                }
            }
        } finally {
            if (fs != null) {
                fs.close();
            }
        }
    }

    @Test
    void prometheusScrapesTheCounterOfARealWritebackError() throws Exception {
        assumePrometheus();
        Skip.ifMissing(Prerequisites.missingFor(FilesystemKind.EXT4).or(Prerequisites::missingForTracing));
        fs = FaultyFilesystem.create(FilesystemKind.EXT4);
        Path db = Files.createDirectory(fs.root().resolve("db"));
        String device = ProbeCommandTest.deviceOf(fs);
        try (WatchProcess watch = WatchProcess.start("--metrics", "127.0.0.1:0", db.toString())) {
            URI target = URI.create(watch.metricsUrl());
            String api = startPrometheus(target.getHost() + ":" + target.getPort());

            fs.causeWritebackError(db.resolve("log"));

            String query = api + "/api/v1/query?query="
                    + URLEncoder.encode("errseq_writeback_errors_total", StandardCharsets.UTF_8);
            List<String> wanted = List.of("\"status\":\"success\"",
                    "\"__name__\":\"errseq_writeback_errors_total\"", "\"device\":\"" + device + "\"",
                    "\"fstype\":\"ext4\"", "\"mountpoint\":\"" + fs.root() + "\"",
                    "\"job\":\"errseq\"");
            String answer = "";
            long deadline = System.nanoTime() + WAIT_NANOS;
            while (!wanted.stream().allMatch(answer::contains) && System.nanoTime() < deadline) {
                Thread.sleep(500);
                answer = get(query);
            }
            assertTrue(wanted.stream().allMatch(answer::contains), "after 30 s Prometheus"
                    + " answered " + answer + "; its log: " + Files.readString(tmp.resolve("log")));
            assertTrue(answer.matches("(?s).*\"errno\":\"(ENOSPC|EIO)\".*"), answer);
            System.out.println("Prometheus answered " + answer);
            watch.assertStopsCleanly();
        }
    }

    /** Starts the server on a free loopback port, scraping {@code target} every second. */
    private String startPrometheus(String target) throws IOException, InterruptedException {
        Files.writeString(tmp.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: errseq
                    static_configs:
                      - targets: ['%s']
                """.formatted(target));
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        prometheus = new ProcessBuilder(PROMETHEUS.toString(),
                "--config.file=" + tmp.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + tmp.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(tmp.resolve("log").toFile()).start();
        String api = "http://127.0.0.1:" + port;
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (true) {
            try {
                if (get(api + "/-/ready").contains("Ready")) {
                    return api;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (!prometheus.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("Prometheus did not become ready on port " + port
                        + (prometheus.isAlive() ? " within 30 s" : ", it exited with "
                                + prometheus.exitValue()) + "; its log: "
                        + Files.readString(tmp.resolve("log")));
            }
            Thread.sleep(200);
        }
    }

    private static String get(String url) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    /** Skips, naming the reason, without the server; fails instead where CI requires it. */
    private static void assumePrometheus() {
        if (Files.isExecutable(PROMETHEUS)) {
            return;
        }
        String why = "no Prometheus server at " + PROMETHEUS + " (apt-get install prometheus, or"
                + " -Derrseq.prometheus=...)";
        if ("1".equals(System.getenv("ERRSEQ_REQUIRE_KERNEL_TESTS"))) {
            throw new AssertionError("ERRSEQ_REQUIRE_KERNEL_TESTS=1 requires this test, but there"
                    + " is " + why);
        }
        System.out.println("SKIPPED: " + why);
        org.junit.jupiter.api.Assumptions.assumeTrue(false, why);
    }
}
