package dev.errseq.trace;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Started by {@link WritebackErrorMonitorTest} in a mount namespace of its own where tracefs
 * is not mounted: starts a monitor (which must mount tracefs), then prints what it found,
 * one {@code KEY value} line each.
 */
public final class MountProbe {
    private MountProbe() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("TRACEFS-BEFORE " + tracefsMounts());
        Path instance;
        try (WritebackErrorMonitor monitor = WritebackErrorMonitor.start()) {
            instance = monitor.instanceDirectory();
            System.out.println("TRACEFS-AFTER " + tracefsMounts());
            System.out.println("INSTANCE " + instance + " " + Files.isDirectory(instance));
        }
        System.out.println("REMOVED " + !Files.exists(instance));
    }

    private static long tracefsMounts() throws Exception {
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .filter(line -> line.contains(" - tracefs ")).count();
    }
}
