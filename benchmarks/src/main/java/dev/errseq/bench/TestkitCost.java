package dev.errseq.bench;

import dev.errseq.testkit.FaultyFilesystem;
import dev.errseq.testkit.FilesystemKind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What errseq-testkit costs a test, on each of ext4, xfs and btrfs: making a
 * {@link FaultyFilesystem} and closing it again (the price of every test that takes one of
 * its own), {@link FaultyFilesystem#causeWritebackError()}, and {@link
 * FaultyFilesystem#failWrites()} with {@link FaultyFilesystem#heal()}. Then ten small tests
 * with a filesystem each against the same ten sharing one, as a class-shared parameter does.
 * Not JMH: each operation runs mount, losetup, mkfs or sync and takes milliseconds to
 * seconds, so System.nanoTime around it resolves it, and each sample is kept.
 *
 * <pre>
 * java -cp benchmarks.jar dev.errseq.bench.TestkitCost OUT.md   (as root)
 * </pre>
 *
 * <p>Every operation gets {@value #WARMUP} rounds to warm up, then {@value #ROUNDS} measured
 * ones. The report gives the median and the 90th percentile, with the load average before and
 * after: work elsewhere on the machine only adds time.
 */
public final class TestkitCost {
    private static final int WARMUP = 3;
    private static final int ROUNDS = 20;
    /** How many tests the shared-against-own comparison runs. */
    private static final int TESTS = 10;
    /** How often each arrangement of those tests is run; the median is reported. */
    private static final int ARRANGEMENT_RUNS = 3;

    private TestkitCost() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: TestkitCost OUT.md");
            System.exit(2);
        }
        String loadBefore = RunConditions.loadAverage();
        List<String> lifecycle = new ArrayList<>();
        List<String> faults = new ArrayList<>();
        List<String> sharing = new ArrayList<>();
        for (FilesystemKind kind : FilesystemKind.values()) {
            Samples[] createClose = createAndClose(kind);
            lifecycle.add(row(kind + " " + kind.defaultMiB() + " MiB", createClose));
            faults.add(row(kind.toString(), faultOperations(kind)));
            sharing.add(sharingRow(kind, createClose[2]));
        }
        String loadAfter = RunConditions.loadAverage();
        String report = "Create and close, " + ROUNDS + " rounds after " + WARMUP + " to warm up:\n\n"
                + "| filesystem | set-up median | set-up p90 | tear-down median | tear-down p90"
                + " | both median | both p90 |\n|---|---:|---:|---:|---:|---:|---:|\n"
                + String.join("\n", lifecycle) + "\n\n"
                + "Faults on one filesystem, " + ROUNDS + " rounds after " + WARMUP
                + " to warm up (causeWritebackError from healthy: heal() before each, not timed):\n\n"
                + "| filesystem | causeWritebackError median | p90 | failWrites median | p90"
                + " | heal median | p90 | failWrites + heal median | p90 |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n"
                + String.join("\n", faults) + "\n\n"
                + TESTS + " small tests (each writes 64 KiB and fsyncs it), a filesystem each"
                + " against one shared by all, median of " + ARRANGEMENT_RUNS + " runs:\n\n"
                + "| filesystem | a filesystem each | one shared | saved | "
                + (TESTS - 1) + " x create+close median |\n|---|---:|---:|---:|---:|\n"
                + String.join("\n", sharing) + "\n\n"
                + "Load average (1, 5, 15 min) before: " + loadBefore + "; after: " + loadAfter
                + ". Niceness " + RunConditions.niceness() + ". Kernel " + System.getProperty("os.version")
                + ", " + Runtime.getRuntime().availableProcessors() + " CPUs, JDK "
                + System.getProperty("java.version") + ".\n";
        Files.writeString(Path.of(args[0]), report);
        System.out.print(report);
    }

    /** @return set-up, tear-down and their sum, one sample per round */
    private static Samples[] createAndClose(FilesystemKind kind) throws IOException {
        Samples setUp = new Samples();
        Samples tearDown = new Samples();
        Samples both = new Samples();
        for (int round = 0; round < WARMUP + ROUNDS; round++) {
            long start = System.nanoTime();
            FaultyFilesystem fs = FaultyFilesystem.create(kind);
            long made = System.nanoTime();
            fs.close();
            long end = System.nanoTime();
            if (round >= WARMUP) {
                setUp.add(made - start);
                tearDown.add(end - made);
                both.add(end - start);
            }
        }
        return new Samples[] {setUp, tearDown, both};
    }

    /** @return causeWritebackError, failWrites, heal, and failWrites with heal */
    private static Samples[] faultOperations(FilesystemKind kind) throws IOException {
        Samples cause = new Samples();
        Samples fail = new Samples();
        Samples heal = new Samples();
        Samples failHeal = new Samples();
        try (FaultyFilesystem fs = FaultyFilesystem.create(kind)) {
            for (int round = 0; round < WARMUP + ROUNDS; round++) {
                long start = System.nanoTime();
                fs.causeWritebackError();
                long caused = System.nanoTime();
                fs.heal();
                if (round >= WARMUP) {
                    cause.add(caused - start);
                }
            }
            for (int round = 0; round < WARMUP + ROUNDS; round++) {
                long start = System.nanoTime();
                fs.failWrites();
                long failing = System.nanoTime();
                fs.heal();
                long end = System.nanoTime();
                if (round >= WARMUP) {
                    fail.add(failing - start);
                    heal.add(end - failing);
                    failHeal.add(end - start);
                }
            }
        }
        return new Samples[] {cause, fail, heal, failHeal};
    }

    /**
     * {@value #TESTS} tests with a filesystem each, against the same tests on one filesystem,
     * made once and closed after the last: what a class-shared parameter saves.
     */
    private static String sharingRow(FilesystemKind kind, Samples createClose) throws IOException {
        Samples own = new Samples();
        Samples shared = new Samples();
        for (int run = 0; run < ARRANGEMENT_RUNS; run++) {
            long start = System.nanoTime();
            for (int test = 0; test < TESTS; test++) {
                try (FaultyFilesystem fs = FaultyFilesystem.create(kind)) {
                    smallTest(fs, test);
                }
            }
            own.add(System.nanoTime() - start);
            start = System.nanoTime();
            try (FaultyFilesystem fs = FaultyFilesystem.create(kind)) {
                for (int test = 0; test < TESTS; test++) {
                    smallTest(fs, test);
                }
            }
            shared.add(System.nanoTime() - start);
        }
        return String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |", kind, ms(own.median()),
                ms(shared.median()), ms(own.median() - shared.median()),
                ms((TESTS - 1) * createClose.median()));
    }

    /** What a small test does with its filesystem: a file of its own, written and fsynced. */
    private static void smallTest(FaultyFilesystem fs, int test) throws IOException {
        ByteBuffer data = ByteBuffer.allocate(64 * 1024);
        try (FileChannel channel = FileChannel.open(fs.root().resolve("test-" + test),
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            while (data.hasRemaining()) {
                channel.write(data);
            }
            channel.force(true);
        }
    }

    private static String row(String name, Samples[] columns) {
        StringBuilder row = new StringBuilder("| ").append(name).append(" |");
        for (Samples column : columns) {
            row.append(' ').append(ms(column.median())).append(" | ")
                    .append(ms(column.percentile(90))).append(" |");
        }
        return row.toString();
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.0f ms", nanos / 1e6);
    }

    /** Nanosecond samples of one operation. */
    private static final class Samples {
        private long[] nanos = new long[0];

        void add(long sample) {
            nanos = Arrays.copyOf(nanos, nanos.length + 1);
            nanos[nanos.length - 1] = sample;
        }

        long median() {
            return percentile(50);
        }

        /** The nearest-rank percentile. */
        long percentile(int p) {
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            int rank = (int) Math.ceil(p / 100.0 * sorted.length);
            return sorted[Math.max(rank, 1) - 1];
        }
    }
}
