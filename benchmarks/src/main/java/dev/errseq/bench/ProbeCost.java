package dev.errseq.bench;

import dev.errseq.overlay.ProbeResult;
import dev.errseq.overlay.UnseenErrorProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The time of one {@link UnseenErrorProbe#probe} on each filesystem given: the whole call, as
 * a user makes it (checks, mountinfo, the scratch directory, the private tmpfs, the overlay's
 * mount and unmount, the removal). Not JMH: every probe makes system calls that take tens to
 * hundreds of microseconds, so System.nanoTime around each call resolves them, and each sample
 * is kept.
 *
 * <pre>
 * java -cp benchmarks.jar dev.errseq.bench.ProbeCost OUT.md NAME=DIR...   (as root)
 * </pre>
 *
 * <p>Each directory gets {@value #WARMUP} probes to warm up, then {@value #SAMPLES} measured
 * ones. The report gives the best, the median and the 90th percentile, with the load average
 * before and after: work elsewhere on the machine only adds time.
 */
public final class ProbeCost {
    private static final int WARMUP = 100;
    private static final int SAMPLES = 300;

    private ProbeCost() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: ProbeCost OUT.md NAME=DIR...");
            System.exit(2);
        }
        List<String> rows = new ArrayList<>();
        String loadBefore = RunConditions.loadAverage();
        for (String arg : Arrays.asList(args).subList(1, args.length)) {
            String name = arg.substring(0, arg.indexOf('='));
            Path dir = Path.of(arg.substring(arg.indexOf('=') + 1));
            rows.add(measure(name, dir));
        }
        String loadAfter = RunConditions.loadAverage();
        String report = "| filesystem | best | median | 90th percentile | probes |\n"
                + "|---|---:|---:|---:|---:|\n" + String.join("\n", rows) + "\n\n"
                + "Load average (1, 5, 15 min) before: " + loadBefore + "; after: " + loadAfter
                + ". Niceness " + RunConditions.niceness() + ". Kernel " + System.getProperty("os.version")
                + ", "
                + Runtime.getRuntime().availableProcessors() + " CPUs, JDK "
                + System.getProperty("java.version") + ".\n";
        Files.writeString(Path.of(args[0]), report);
        System.out.print(report);
    }

    private static String measure(String name, Path dir) throws IOException {
        for (int i = 0; i < WARMUP; i++) {
            expectNo(UnseenErrorProbe.probe(dir));
        }
        long[] nanos = new long[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            long start = System.nanoTime();
            ProbeResult result = UnseenErrorProbe.probe(dir);
            nanos[i] = System.nanoTime() - start;
            expectNo(result);
        }
        Arrays.sort(nanos);
        return String.format(Locale.ROOT, "| %s | %s | %s | %s | %d |", name, ms(nanos[0]),
                ms(nanos[SAMPLES / 2]), ms(nanos[SAMPLES * 9 / 10]), SAMPLES);
    }

    /** A healthy benchmark filesystem must say no; a yes would measure the refusal instead. */
    private static void expectNo(ProbeResult result) {
        if (result.unseenError()) {
            throw new IllegalStateException("the benchmark's filesystem holds an unseen"
                    + " writeback error: " + result);
        }
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
    }
}
