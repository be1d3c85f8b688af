package dev.errseq.testkit.internal;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs the standard tools (mount, losetup, mkfs, ...) with a time limit, their output kept
 * for exception messages. Never through a shell: each argument is passed as it is.
 */
public final class Shell {
    /** Where the tools live on Debian; sbin is not always on a test JVM's PATH. */
    private static final List<String> EXTRA_DIRS = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin");

    /** For mount, umount, losetup and the like. */
    public static final Duration SHORT = Duration.ofSeconds(30);
    /** For mkfs and sync. */
    public static final Duration LONG = Duration.ofSeconds(120);

    /**
     * What a finished command printed, and how it ended.
     *
     * @param command the command as run, its tool resolved to an absolute path
     * @param exitCode its exit status
     * @param output its standard output and error, interleaved
     */
    public record Result(List<String> command, int exitCode, String output) {
        /**
         * Whether it exited 0.
         *
         * @return whether it exited 0
         */
        public boolean ok() {
            return exitCode == 0;
        }

        /**
         * The command, its exit status and its output, for a message.
         *
         * @return the command, its exit status and its output, for a message
         */
        public String describe() {
            return String.join(" ", command) + " exited " + exitCode
                    + (output.isBlank() ? " (no output)" : ", output:\n" + output.strip());
        }
    }

    private Shell() {
    }

    /**
     * A command name such as {@code mkfs.xfs}.
     *
     * @param tool a command name such as {@code mkfs.xfs}
     * @return its absolute path on PATH or in the sbin directories, or null
     */
    public static Path find(String tool) {
        Set<String> dirs = new LinkedHashSet<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    dirs.add(dir);
                }
            }
        }
        dirs.addAll(EXTRA_DIRS);
        for (String dir : dirs) {
            Path candidate = Path.of(dir, tool);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /**
     * Runs {@code command} and throws, with its output, unless it exits 0.
     *
     * @param timeout how long it may take before it is killed
     * @param command the tool and its arguments
     * @return what it printed
     * @throws IOException if it cannot start, times out or exits non-zero
     */
    public static String run(Duration timeout, String... command) throws IOException {
        Result result = exec(timeout, command);
        if (!result.ok()) {
            throw new IOException(result.describe());
        }
        return result.output();
    }

    /**
     * Runs {@code command} within {@code timeout}.
     *
     * @param timeout how long it may take before it is killed
     * @param command the tool and its arguments
     * @return how it ended
     * @throws IOException only if it cannot start or times out
     */
    public static Result exec(Duration timeout, String... command) throws IOException {
        List<String> argv = new ArrayList<>(List.of(command));
        Path tool = find(argv.get(0));
        if (tool == null) {
            throw new IOException("tool not found on PATH nor in " + EXTRA_DIRS + ": " + argv.get(0));
        }
        argv.set(0, tool.toString());
        ProcessBuilder builder = new ProcessBuilder(argv)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().put("LC_ALL", "C");
        Process process = builder.start();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread pump = new Thread(() -> drain(process.getInputStream(), output),
                "errseq-testkit-" + argv.get(0));
        pump.setDaemon(true);
        pump.start();
        boolean finished;
        try {
            finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
            pump.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + argv, e);
        }
        String text;
        synchronized (output) {
            text = output.toString(StandardCharsets.UTF_8);
        }
        if (!finished) {
            throw new IOException(String.join(" ", argv) + " did not finish within " + timeout
                    + " and was killed; output so far:\n" + text);
        }
        return new Result(argv, process.exitValue(), text);
    }

    private static void drain(InputStream in, ByteArrayOutputStream sink) {
        byte[] buffer = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                synchronized (sink) {
                    sink.write(buffer, 0, n);
                }
            }
        } catch (IOException e) {
            // The process went away; what was read is kept.
        }
    }
}
