package dev.errseq.trace;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The monitors still open, closed by one shutdown hook when the JVM exits, so that no instance
 * outlives the process that made it (unless the process is killed: then the next start
 * removes it).
 */
final class LiveMonitors {
    private static final Set<WritebackErrorMonitor> LIVE = ConcurrentHashMap.newKeySet();
    private static boolean hookInstalled;

    private LiveMonitors() {
    }

    static synchronized void add(WritebackErrorMonitor monitor) {
        if (!hookInstalled) {
            Runtime.getRuntime().addShutdownHook(new Thread(LiveMonitors::closeAll,
                    "errseq-trace-cleanup"));
            hookInstalled = true;
        }
        LIVE.add(monitor);
    }

    static void remove(WritebackErrorMonitor monitor) {
        LIVE.remove(monitor);
    }

    private static void closeAll() {
        for (WritebackErrorMonitor monitor : List.copyOf(LIVE)) {
            try {
                monitor.close();
            } catch (Exception e) {
                System.err.println("errseq: could not remove " + monitor.instanceDirectory()
                        + ": " + e);
            }
        }
    }
}
