package dev.errseq.trace;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** What the trace tests share: draining a monitor, listing instances, inode numbers. */
final class TraceFixtures {
    static final Path TRACEFS = Path.of("/sys/kernel/tracing");

    private TraceFixtures() {
    }

    /** Every event traced so far: flushes the monitor, then polls until the queue is empty. */
    static List<WritebackErrorEvent> drain(WritebackErrorMonitor monitor) throws IOException {
        List<WritebackErrorEvent> events = new ArrayList<>();
        try {
            if (!monitor.flush(Duration.ofSeconds(20))) {
                throw new AssertionError("the monitor's reader did not reach its flush marker");
            }
            WritebackErrorEvent event;
            while ((event = monitor.poll(Duration.ZERO)) != null) {
                events.add(event);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return events;
    }

    /** The names under tracefs's instances/ now (tracefs mounted by then). */
    static TreeSet<String> instances() throws IOException {
        TreeSet<String> names = new TreeSet<>();
        Path dir = TRACEFS.resolve("instances");
        if (!Files.isDirectory(dir)) {
            return names;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            entries.forEach(e -> names.add(e.getFileName().toString()));
        }
        return names;
    }

    static long inode(Path path) throws IOException {
        return ((Number) Files.getAttribute(path, "unix:ino", LinkOption.NOFOLLOW_LINKS))
                .longValue();
    }

    static DeviceNumber device(Path path) throws IOException {
        return DeviceNumber.fromUser(((Number) Files.getAttribute(path, "unix:dev",
                LinkOption.NOFOLLOW_LINKS)).longValue());
    }
}
