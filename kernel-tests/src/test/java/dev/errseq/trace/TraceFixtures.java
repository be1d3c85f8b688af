package dev.errseq.trace;

import dev.errseq.testkit.ReplayCheck;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;

/** What the trace tests share: draining a monitor, listing instances, inode numbers. */
final class TraceFixtures {
    static final Path TRACEFS = Path.of("/sys/kernel/tracing");

    private TraceFixtures() {
    }

    /** Every event traced so far (see {@link ReplayCheck#drain}). */
    static List<WritebackErrorEvent> drain(WritebackErrorMonitor monitor) throws IOException {
        return ReplayCheck.drain(monitor);
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

    /** The class path for a child JVM that runs as root: this JVM's (the tests run on it). */
    static String childClassPath() {
        return System.getProperty("java.class.path");
    }

    /** The tracefs lines of this process's mountinfo. */
    static List<String> tracefsMounts() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .filter(line -> line.contains(" - tracefs ")).toList();
    }

    static long inode(Path path) throws IOException {
        return ReplayCheck.inode(path);
    }

    static DeviceNumber device(Path path) throws IOException {
        return ReplayCheck.traceDevice(path);
    }

    /** The first few events, for an assertion message that stays readable. */
    static String head(List<WritebackErrorEvent> events) {
        return events.size() + " events" + (events.isEmpty() ? "" : ", the first "
                + events.subList(0, Math.min(5, events.size())));
    }
}
