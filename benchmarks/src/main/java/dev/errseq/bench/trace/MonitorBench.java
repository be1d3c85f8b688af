package dev.errseq.bench.trace;

import dev.errseq.bench.report.Machine;
import dev.errseq.fs.FsHandle;
import dev.errseq.trace.MonitorStatistics;
import dev.errseq.trace.WritebackErrorMonitor;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the writeback-error monitor costs and how fast it reports, on a real failing ext4 (as
 * root):
 *
 * <ul>
 *   <li>latency: from the event's kernel timestamp (CLOCK_MONOTONIC, set in the instance) to
 *       the listener call ({@link System#nanoTime}), for single failed fdatasyncs 2 ms apart;
 *   <li>error storm: thousands of files whose pages all fail, written back with syncfs in
 *       rounds, at whatever rate the kernel fails them: the rate per round (events over the
 *       span of their kernel timestamps) and the events lost, then rounds back to back for
 *       ten seconds;
 *   <li>idle: the reader thread's CPU time while nothing happens for {@code --idle-seconds}.
 * </ul>
 *
 * <p>Run by {@code benchmarks/run.sh} as root; alone: {@code java -cp
 * benchmarks/target/benchmarks.jar dev.errseq.bench.trace.MonitorBench --out DIR}. Writes
 * {@code monitor.md} and {@code monitor.json} into DIR.
 */
public final class MonitorBench {
    private static final int LATENCY_SAMPLES = 1000;
    private static final int LATENCY_WARMUP = 200;
    private static final int STORM_FILES = 20_000;
    private static final int STORM_ROUNDS = 5;
    private static final int SUSTAINED_SECONDS = 10;
    private static final int PAGE = 4096;

    private MonitorBench() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of("benchmarks/results");
        int idleSeconds = 60;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--idle-seconds" -> idleSeconds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        String loadBefore = Files.readString(Path.of("/proc/loadavg")).strip();
        List<String> lines = new ArrayList<>();
        StringBuilder json = new StringBuilder("{\n");
        try (FailingFilesystem fs = FailingFilesystem.create(256)) {
            latency(fs, lines, json);
            storm(fs, lines, json);
            idle(fs, idleSeconds, lines, json);
        }
        String loadAfter = Files.readString(Path.of("/proc/loadavg")).strip();
        json.append(String.format(Locale.ROOT, "  \"machine\": \"%s\",%n  \"loadavg_before\": "
                + "\"%s\",%n  \"loadavg_after\": \"%s\"%n}%n", Machine.describe(), loadBefore,
                loadAfter));
        StringBuilder md = new StringBuilder("<!-- Written by dev.errseq.bench.trace.MonitorBench"
                + " from one run. -->\n\n");
        md.append("* Machine: ").append(Machine.describe()).append(".\n");
        md.append("* Load average (1, 5, 15 min) before: ").append(loadBefore)
                .append("; after: ").append(loadAfter).append(".\n");
        md.append("* JVM: ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.vm.version")).append(".\n\n");
        lines.forEach(line -> md.append(line).append('\n'));
        Files.createDirectories(out);
        Files.writeString(out.resolve("monitor.md"), md);
        Files.writeString(out.resolve("monitor.json"), json);
        System.out.print(md);
    }

    /** p50 and p99 of the delay from the kernel's timestamp to the listener call. */
    private static void latency(FailingFilesystem fs, List<String> lines, StringBuilder json)
            throws Exception {
        Path file = fs.mountPoint().resolve("latency");
        long[] delays = new long[LATENCY_SAMPLES * 4];
        int[] count = {0};
        try (WritebackErrorMonitor monitor = WritebackErrorMonitor.builder()
                .filesystemsOf(List.of(fs.mountPoint())).listener(e -> {
                    long delay = System.nanoTime() - e.timestampNanos();
                    if (count[0] < delays.length) {
                        delays[count[0]++] = delay;
                    }
                }).start();
                FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE)) {
            ByteBuffer page = ByteBuffer.allocateDirect(PAGE);
            for (int i = -LATENCY_WARMUP; i < LATENCY_SAMPLES; i++) {
                if (i == 0) {
                    monitor.flush(Duration.ofSeconds(30));
                    count[0] = 0; // the warm-up's events (the JIT at work) are not counted
                }
                page.clear();
                channel.write(page, 0);
                try {
                    channel.force(false); // fails: one set, then this fd's cursor moves
                } catch (IOException expected) {
                    // The writeback error, reported to this fd.
                }
                Thread.sleep(2);
            }
            monitor.flush(Duration.ofSeconds(30));
            long[] sorted = Arrays.copyOf(delays, count[0]);
            Arrays.sort(sorted);
            MonitorStatistics stats = monitor.statistics();
            lines.add("### Latency (kernel timestamp to listener call)\n");
            lines.add(String.format(Locale.ROOT, "%d events from %d failed fdatasyncs 2 ms apart,"
                    + " after %d more as warm-up: p50 **%.3f ms**, p99 **%.3f ms**, max %.3f ms"
                    + " (goal: p99 < 10 ms); missed %d.%n", sorted.length, LATENCY_SAMPLES,
                    LATENCY_WARMUP, ms(percentile(sorted, 50)),
                    ms(percentile(sorted, 99)), ms(sorted[sorted.length - 1]), stats.missed()));
            json.append(String.format(Locale.ROOT, "  \"latency\": {\"events\": %d, \"p50_ms\":"
                    + " %.4f, \"p99_ms\": %.4f, \"max_ms\": %.4f, \"missed\": %d},%n",
                    sorted.length, ms(percentile(sorted, 50)), ms(percentile(sorted, 99)),
                    ms(sorted[sorted.length - 1]), stats.missed()));
        }
    }

    /** Rounds of many failing files written back at once; rate and losses per round. */
    private static void storm(FailingFilesystem fs, List<String> lines, StringBuilder json)
            throws Exception {
        Path dir = Files.createDirectory(fs.mountPoint().resolve("storm"));
        ByteBuffer page = ByteBuffer.allocateDirect(PAGE);
        for (int i = 0; i < STORM_FILES; i++) {
            rewrite(dir.resolve(Integer.toString(i)), page);
        }
        try (FsHandle handle = FsHandle.open(dir)) {
            sync(handle); // the first writeback also allocates the blocks: not measured
        }
        lines.add("### Error storm\n");
        lines.add("| round | events | kernel span | rate | lost (kernel) | lost (total) | reader"
                + " CPU per event |");
        lines.add("|---:|---:|---:|---:|---:|---:|---:|");
        json.append("  \"storm\": [");
        AtomicLong first = new AtomicLong();
        AtomicLong last = new AtomicLong();
        AtomicLong events = new AtomicLong();
        try (WritebackErrorMonitor monitor = WritebackErrorMonitor.builder()
                .filesystemsOf(List.of(fs.mountPoint())).listener(e -> {
                    first.compareAndSet(0, e.timestampNanos());
                    last.set(e.timestampNanos());
                    events.incrementAndGet();
                }).start();
                FsHandle handle = FsHandle.open(dir)) {
            long reader = readerThread();
            List<String> rows = new ArrayList<>();
            for (int round = 1; round <= STORM_ROUNDS + 1; round++) {
                boolean sustained = round > STORM_ROUNDS;
                MonitorStatistics before = monitor.statistics();
                first.set(0);
                events.set(0);
                long cpu = threadCpu(reader);
                // The last row runs rounds back to back for SUSTAINED_SECONDS: more than the
                // ring buffer holds, so the reader must keep up, not drain a burst afterwards.
                long end = System.nanoTime()
                        + (sustained ? SUSTAINED_SECONDS * 1_000_000_000L : 0);
                int rounds = 0;
                do {
                    for (int i = 0; i < STORM_FILES; i++) {
                        rewrite(dir.resolve(Integer.toString(i)), page);
                    }
                    sync(handle);
                    rounds++;
                } while (System.nanoTime() < end);
                monitor.flush(Duration.ofSeconds(60));
                MonitorStatistics after = monitor.statistics();
                StormRow row = new StormRow(sustained ? rounds + " back to back"
                        : Integer.toString(round), events.get(),
                        (last.get() - first.get()) / 1e9,
                        Math.max(after.lostInKernel() - before.lostInKernel(),
                                after.lostReported() - before.lostReported()),
                        after.missed() - before.missed(), threadCpu(reader) - cpu);
                lines.add(row.markdown());
                rows.add(row.json());
            }
            json.append(String.join(",", rows));
        }
        json.append("\n  ],\n");
        lines.add("");
        lines.add(String.format(Locale.ROOT, "%,d files of one page each, rewritten and written"
                + " back with one syncfs per round; every page fails. The rate is the events over"
                + " the span of their kernel timestamps; a single round is a burst the ring buffer"
                + " (%d KiB per CPU, the default) can absorb, the last row runs rounds back to back"
                + " for %d s. Goal: no loss below 50,000 events/s.%n", STORM_FILES,
                WritebackErrorMonitor.DEFAULT_BUFFER_KB, SUSTAINED_SECONDS));
    }

    /** One row of the storm table: events over their kernel span, losses, reader CPU. */
    private record StormRow(String round, long events, double spanSeconds, long lostKernel,
            long lostTotal, long readerCpuNanos) {
        double rate() {
            return events / Math.max(spanSeconds, 1e-9);
        }

        double cpuPerEventMicros() {
            return readerCpuNanos / 1e3 / Math.max(events, 1);
        }

        String markdown() {
            return String.format(Locale.ROOT, "| %s | %,d | %.3f s | %,.0f events/s | %,d | %,d |"
                    + " %.2f µs |", round, events, spanSeconds, rate(), lostKernel, lostTotal,
                    cpuPerEventMicros());
        }

        String json() {
            return String.format(Locale.ROOT, "%n    {\"round\": \"%s\", \"events\": %d,"
                    + " \"span_s\": %.4f, \"events_per_s\": %.0f, \"lost_kernel\": %d,"
                    + " \"lost_total\": %d, \"reader_cpu_us_per_event\": %.3f}", round, events,
                    spanSeconds, rate(), lostKernel, lostTotal, cpuPerEventMicros());
        }
    }

    private static void rewrite(Path file, ByteBuffer page) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            page.clear();
            channel.write(page, 0);
        }
    }

    private static void sync(FsHandle handle) {
        try {
            handle.syncfs();
        } catch (IOException expected) {
            // Every page failed: that is the storm.
        }
    }

    /** The reader thread's CPU time while the monitor waits and nothing fails. */
    private static void idle(FailingFilesystem fs, int seconds, List<String> lines,
            StringBuilder json) throws Exception {
        try (WritebackErrorMonitor monitor = WritebackErrorMonitor.start(
                List.of(fs.mountPoint()))) {
            Thread.sleep(500); // the reader reaches its blocking read
            long reader = readerThread();
            long cpu = threadCpu(reader);
            long process = processCpu();
            long wall = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            double elapsed = (System.nanoTime() - wall) / 1e9;
            long readerCpu = threadCpu(reader) - cpu;
            long processCpu = processCpu() - process;
            lines.add("### Idle\n");
            lines.add(String.format(Locale.ROOT, "Over %.1f s with no error: the reader thread"
                    + " used **%.3f ms** of CPU (%.5f%% of one core; goal < 0.1%%); the whole JVM"
                    + " %.1f ms (%.3f%%), most of it the JVM's own housekeeping.%n", elapsed,
                    readerCpu / 1e6, readerCpu / 1e7 / elapsed, processCpu / 1e6,
                    processCpu / 1e7 / elapsed));
            json.append(String.format(Locale.ROOT, "  \"idle\": {\"seconds\": %.1f,"
                    + " \"reader_cpu_ms\": %.4f, \"reader_share_percent\": %.6f,"
                    + " \"jvm_cpu_ms\": %.2f, \"jvm_share_percent\": %.4f},%n", elapsed,
                    readerCpu / 1e6, readerCpu / 1e7 / elapsed, processCpu / 1e6,
                    processCpu / 1e7 / elapsed));
        }
    }

    /** The id of the monitor's reader thread (it is named errseq-trace-...). */
    private static long readerThread() {
        for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(false, false)) {
            if (info.getThreadName().startsWith("errseq-trace-errseq-")) {
                return info.getThreadId();
            }
        }
        throw new IllegalStateException("no reader thread");
    }

    private static long threadCpu(long id) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        return threads.getThreadCpuTime(id);
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long percentile(long[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
