package dev.errseq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code java -jar errseq.jar watch ...} as a child process: its output lines as they come,
 * its standard error in a file, and a stop by SIGTERM, as a service manager stops it.
 */
final class WatchProcess implements AutoCloseable {
    private static final Path JAR = Path.of(System.getProperty("errseq.jar", "target/errseq.jar"));
    private static final Path INSTANCES = Path.of("/sys/kernel/tracing/instances");

    private final Process process;
    private final Path err;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;

    private WatchProcess(Process process, Path err) {
        this.process = process;
        this.err = err;
        this.reader = new Thread(this::read, "watch-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code errseq watch ARGS} on this JVM's java and waits for its start line. */
    static WatchProcess start(String... args) throws IOException, InterruptedException {
        return start(Path.of(System.getProperty("java.home")), args);
    }

    /** Starts {@code errseq watch ARGS} on the JDK at {@code javaHome}. */
    static WatchProcess start(Path javaHome, String... args)
            throws IOException, InterruptedException {
        // env(1) puts SIGINT and SIGTERM back to their default first: a build started in the
        // background of a shell without job control (a CI runner, nohup ... &) hands every
        // child SIGINT ignored, and the JVM keeps an inherited ignore, as a Unix program should.
        List<String> command = new ArrayList<>(List.of("env", "--default-signal=INT,TERM",
                javaHome.resolve("bin/java").toString(), "-jar",
                JAR.toAbsolutePath().toString(), "watch"));
        command.addAll(List.of(args));
        Path err = Files.createTempFile("errseq-watch-err", ".txt");
        Process process = new ProcessBuilder(command).redirectError(err.toFile()).start();
        WatchProcess watch = new WatchProcess(process, err);
        watch.await(line -> line.startsWith("watching ") || line.startsWith("{\"event\":\"start\""),
                30);
        return watch;
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first line that matches, waiting up to {@code seconds}; fails naming what came. */
    String await(Predicate<String> wanted, int seconds) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        synchronized (lines) {
            while (true) {
                for (String line : lines) {
                    if (wanted.test(line)) {
                        return line;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || (!process.isAlive() && !reader.isAlive())) {
                    throw new AssertionError("no such line within " + seconds + " s; output "
                            + lines + ", stderr " + Files.readString(err) + (process.isAlive()
                                    ? "" : ", exit " + process.exitValue()));
                }
                TimeUnit.NANOSECONDS.timedWait(lines, Math.min(left, 100_000_000L));
            }
        }
    }

    /** SIGINT (Ctrl-C), by kill(1) with this process's pid. */
    void interrupt() throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(pid())).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill -INT " + pid());
    }

    /** SIGTERM, then the exit status; asserts it ends within 30 s and read all its output. */
    int stop() throws InterruptedException {
        // SIGTERM through the handle: Process.destroy() would also close the output pipe,
        // and the lines printed on the way out would be lost.
        process.toHandle().destroy();
        return awaitExit();
    }

    /** The exit status, once the process has ended (within 30 s) and all output is read. */
    int awaitExit() throws InterruptedException {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("watch " + process.pid() + " did not stop within 30 s");
        }
        reader.join(10_000);
        return process.exitValue();
    }

    List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** The URL of the metrics, from the start line of a watch run with --metrics. */
    String metricsUrl() {
        Matcher url = Pattern.compile("metrics at (http://\\S+/metrics);").matcher(lines().get(0));
        if (!url.find()) {
            throw new AssertionError("no metrics URL in " + lines());
        }
        return url.group(1);
    }

    String stderr() throws IOException {
        return Files.readString(err);
    }

    long pid() {
        return process.pid();
    }

    /** The tracefs instances of this process (errseq-PID-N): none may outlive it. */
    List<String> instances() throws IOException {
        return instancesOf(pid());
    }

    /** The tracefs instances of the process {@code pid}, the only ones a test may look at. */
    static List<String> instancesOf(long pid) throws IOException {
        List<String> names = new ArrayList<>();
        if (Files.isDirectory(INSTANCES)) {
            try (var entries = Files.newDirectoryStream(INSTANCES, "errseq-" + pid + "-*")) {
                entries.forEach(e -> names.add(e.getFileName().toString()));
            }
        }
        return names;
    }

    /** Asserts a clean stop by SIGTERM: exit 0, nothing on stderr, no instance left. */
    void assertStopsCleanly() throws InterruptedException, IOException {
        assertStopsCleanly(false);
    }

    /** The same, stopped by SIGINT (Ctrl-C) if {@code interrupt}. */
    void assertStopsCleanly(boolean interrupt) throws InterruptedException, IOException {
        assertEquals(1, instances().size(), "the running watch " + pid() + " has one instance");
        int exit;
        if (interrupt) {
            interrupt();
            exit = awaitExit();
        } else {
            exit = stop();
        }
        assertEquals(0, exit, lines() + " " + stderr());
        assertEquals("", stderr());
        assertEquals(List.of(), instances(), "instances left by " + pid());
    }

    /**
     * Stops what is still running (after a failed assertion): SIGTERM first, so that the watch
     * removes its tracefs instance, SIGKILL only if it does not end within 10 s. Removes the
     * stderr file.
     */
    @Override
    public void close() throws IOException {
        try {
            if (process.isAlive()) {
                process.toHandle().destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            Files.deleteIfExists(err);
        }
    }
}
