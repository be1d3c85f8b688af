package dev.errseq.trace;

/**
 * Started by {@link MonitorPrerequisitesTest} in a JVM without root: tries to start a monitor
 * and prints what happened on one line, {@code RESULT <exception class>: <message>}.
 */
public final class NotRootProbe {
    private NotRootProbe() {
    }

    public static void main(String[] args) {
        try (WritebackErrorMonitor monitor = WritebackErrorMonitor.start()) {
            System.out.println("RESULT started " + monitor);
        } catch (Exception e) {
            System.out.println("RESULT " + e.getClass().getName() + ": " + e.getMessage());
        }
    }
}
