package dev.errseq.overlay;

import java.nio.file.Path;

/**
 * The main class the probe's child-JVM tests run.
 *
 * <pre>
 * probe DIR          probes DIR; prints "RESULT yes|no" or "THREW &lt;class&gt; &lt;reason&gt;"
 * pause DIR STEP     probes DIR and stops for good at STEP (see ProbeSite.steps), after
 *                    printing "PAUSED STEP", so that the test can kill the JVM there
 * watch DIR STEP     the same for a watch
 * </pre>
 */
public final class ProbeChild {
    private ProbeChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        if (args.length > 2) {
            String pauseAt = args[2];
            ProbeSite.steps = step -> {
                if (step.equals(pauseAt)) {
                    System.out.println("PAUSED " + step);
                    System.out.flush();
                    sleepForever();
                }
            };
        }
        try {
            if (args[0].equals("watch")) {
                UnseenErrorProbe.watch(dir).close();
                System.out.println("RESULT watched");
            } else {
                System.out.println("RESULT " + (UnseenErrorProbe.probe(dir).unseenError()
                        ? "yes" : "no"));
            }
        } catch (CannotProbeException e) {
            System.out.println("THREW " + e.getClass().getSimpleName() + " " + e.reason()
                    + " errno " + e.errno() + ": " + e.getMessage());
        } catch (Exception e) {
            System.out.println("THREW " + e.getClass().getSimpleName() + " - " + e);
        }
        System.out.flush();
    }

    private static void sleepForever() {
        for (;;) {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                // Only SIGKILL ends this JVM.
            }
        }
    }
}
