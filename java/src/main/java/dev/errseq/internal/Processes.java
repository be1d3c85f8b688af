package dev.errseq.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the library asks about processes: this one's effective uid, and whether another pid is
 * a live JVM (the owner of a resource named after its pid: a tracefs instance, a test
 * fixture). Not part of the API: the package is not exported.
 */
public final class Processes {
    private static final long PID = ProcessHandle.current().pid();

    private Processes() {
    }

    /**
     * The effective uid from /proc/self/status.
     *
     * @return the uid, or -1 if it cannot be read
     */
    public static long effectiveUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return Long.parseLong(line.substring(4).trim().split("\\s+")[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /**
     * Whether {@code pid} is this JVM or another live one. A dead or zombie process is not,
     * nor is a reused pid that now runs something other than java.
     *
     * @param pid a process id
     * @return whether it is this JVM or another live JVM
     */
    public static boolean isLiveJava(long pid) {
        if (pid == PID) {
            return true;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive() || isZombie(pid)) {
            return false;
        }
        return process.get().info().command().map(c -> c.contains("java")).orElse(true);
    }

    /**
     * Whether {@code pid} is a zombie: killed or exited, and not reaped yet, so that it still
     * has a pid (state Z, or X, in its stat). A pid that is gone counts as one too.
     *
     * @param pid a process id
     * @return true if the process is dead but still listed, or gone
     */
    public static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int close = stat.lastIndexOf(')');
            char state = close >= 0 && close + 2 < stat.length() ? stat.charAt(close + 2) : '?';
            return state == 'Z' || state == 'X';
        } catch (IOException e) {
            return true; // gone meanwhile
        }
    }
}
