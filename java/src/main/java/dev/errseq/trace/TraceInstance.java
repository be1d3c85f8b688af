package dev.errseq.trace;

import dev.errseq.internal.Processes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * This process's own tracefs instance, {@code instances/errseq-<pid>-<n>}: a ring buffer of
 * its own in which only the two filemap events are enabled. The global buffer and other
 * instances are never written. Removing the directory (rmdir) frees the buffer; the kernel
 * refuses it with EBUSY while a file of the instance is open.
 */
final class TraceInstance {
    static final String PREFIX = "errseq-";
    private static final Pattern NAME = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)-(\\d+)");
    private static final long PID = ProcessHandle.current().pid();
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final Path dir;

    private TraceInstance(Path dir) {
        this.dir = dir;
    }

    /**
     * Creates and configures a new instance under {@code tracefs}: clock {@code mono}, the
     * buffer size, the filter on both events, then both events enabled. Removes it again if
     * any step fails.
     */
    static TraceInstance create(Path tracefs, TraceEnvironment env, String filter,
            int bufferKb) throws IOException {
        Path instances = tracefs.resolve("instances");
        TraceInstance instance = new TraceInstance(newDirectory(instances, env));
        try {
            instance.write("trace_clock", "mono");
            instance.write("buffer_size_kb", Integer.toString(bufferKb));
            for (String event : Tracefs.EVENTS) {
                if (!filter.isEmpty()) {
                    instance.write("events/" + event + "/filter", filter);
                }
                instance.write("events/" + event + "/enable", "1");
            }
        } catch (IOException e) {
            instance.removeAfter(e);
            throw lockdownOr(env, e);
        } catch (RuntimeException e) {
            instance.removeAfter(e);
            throw e;
        }
        return instance;
    }

    private static Path newDirectory(Path instances, TraceEnvironment env) throws IOException {
        for (;;) {
            Path dir = instances.resolve(PREFIX + PID + "-" + COUNTER.incrementAndGet());
            try {
                Files.createDirectory(dir);
                return dir;
            } catch (FileAlreadyExistsException e) {
                // Left by an earlier process with our pid: take the next number.
            } catch (IOException e) {
                throw lockdownOr(env, e);
            }
        }
    }

    private void removeAfter(Exception failure) {
        try {
            remove();
        } catch (IOException removing) {
            failure.addSuppressed(removing);
        }
    }

    /** EPERM as root means lockdown if the kernel says it is locked down for confidentiality. */
    static IOException lockdownOr(TraceEnvironment env, IOException e) {
        boolean denied = e instanceof AccessDeniedException
                || (e instanceof FileSystemException f && String.valueOf(f.getReason())
                        .contains("Operation not permitted"));
        String mode = env.lockdownMode();
        if (denied && "confidentiality".equals(mode)) {
            return new TracingLockedDownException(mode, e);
        }
        return e;
    }

    /**
     * Removes instances named {@code errseq-<pid>-<n>} whose process is gone: a JVM that was
     * killed before its shutdown hook ran.
     *
     * @return one line per instance removed or left (for logs)
     */
    static List<String> removeStale(Path tracefs) {
        List<String> log = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(tracefs.resolve("instances"),
                PREFIX + "*")) {
            for (Path entry : entries) {
                Matcher m = NAME.matcher(entry.getFileName().toString());
                if (m.matches() && !Processes.isLiveJava(Long.parseLong(m.group(1)))) {
                    try {
                        Files.delete(entry);
                        log.add("removed stale " + entry);
                    } catch (IOException e) {
                        log.add("could not remove stale " + entry + ": " + e);
                    }
                }
            }
        } catch (IOException e) {
            log.add("could not list " + tracefs.resolve("instances") + ": " + e);
        }
        return log;
    }

    Path directory() {
        return dir;
    }

    /** The instance's text trace_pipe: each read blocks until events arrive, and consumes them. */
    InputStream openPipe() throws IOException {
        return Files.newInputStream(dir.resolve("trace_pipe"));
    }

    /** Writes a line into this instance's buffer (and no other). */
    void mark(String text) throws IOException {
        write("trace_marker", text);
    }

    /**
     * Events the kernel dropped from this instance's buffer: {@code overrun} (overwritten
     * before they were read) plus {@code dropped events}, summed over the CPUs.
     */
    long lostInKernel() throws IOException {
        long lost = 0;
        try (DirectoryStream<Path> cpus = Files.newDirectoryStream(dir.resolve("per_cpu"), "cpu*")) {
            for (Path cpu : cpus) {
                for (String line : Files.readAllLines(cpu.resolve("stats"))) {
                    if (line.startsWith("overrun:") || line.startsWith("dropped events:")) {
                        lost += Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
                    }
                }
            }
        }
        return lost;
    }

    /** rmdir: the kernel frees the buffer and disables the events with it. */
    void remove() throws IOException {
        if (Files.isDirectory(dir)) {
            Files.delete(dir);
        }
    }

    private void write(String file, String value) throws IOException {
        Files.write(dir.resolve(file), value.getBytes(StandardCharsets.UTF_8),
                StandardOpenOption.WRITE);
    }

    @Override
    public String toString() {
        return dir.toString();
    }
}
