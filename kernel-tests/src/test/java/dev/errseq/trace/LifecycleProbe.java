package dev.errseq.trace;

/**
 * Started by {@link WritebackErrorMonitorTest}: starts a monitor, prints
 * {@code INSTANCE <dir>}, and then either exits without closing it ({@code exit}: the shutdown
 * hook must remove it) or waits to be killed ({@code wait}: the next start must remove it).
 */
public final class LifecycleProbe {
    private LifecycleProbe() {
    }

    public static void main(String[] args) throws Exception {
        WritebackErrorMonitor monitor = WritebackErrorMonitor.start();
        System.out.println("INSTANCE " + monitor.instanceDirectory());
        System.out.flush();
        if (args[0].equals("wait")) {
            Thread.sleep(600_000);
        }
        System.exit(0);
    }
}
