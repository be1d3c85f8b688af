package dev.errseq.cli;

import dev.errseq.trace.MonitorStatistics;
import dev.errseq.trace.NewErrorTracker;
import dev.errseq.trace.NewWritebackError;
import dev.errseq.trace.WritebackErrorEvent;
import dev.errseq.trace.WritebackErrorMonitor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code errseq watch}: the kernel's writeback errors as they happen, consuming none. */
@Command(name = "watch",
        mixinStandardHelpOptions = true,
        versionProvider = ErrseqCommand.Version.class,
        header = "Print each writeback error as the kernel records it, consuming nothing.",
        description = {
            "",
            "Traces the kernel's writeback-error words (the filemap tracepoints, in a private "
                + "tracefs instance) on every filesystem, or on those holding the PATHs, until "
                + "SIGINT (Ctrl-C) or SIGTERM, or until its output is closed. Reading a trace "
                + "takes no error away from anyone: "
                + "the programs that fsync or syncfs are still told of each error, once each.",
            "",
            "One line per writeback error the kernel will report afresh: a failed write on a "
                + "word whose last error had been seen (or that had none). Further failures "
                + "before anyone looks belong to the same report and print nothing. The line "
                + "names the time, the filesystem (type, source, device, mount point), the "
                + "inode (or the block device's metadata) and the errno.",
            "",
            "The kernel traces the word as it was before the failed write, so the errno shows "
                + "only with the next event of the same inode: another failed page, or an fsync "
                + "that reports it. The line is printed then, usually within milliseconds; if "
                + "nothing follows within --reveal-wait, it is printed with \"errno not "
                + "revealed\" (JSON: errno null), and that errno is not looked for again.",
            "",
            "Events the kernel dropped before they were read are counted, never hidden: a "
                + "\"lost\" line each second the count grew, and a summary line at the end.",
            "",
            "With --metrics HOST:PORT it also serves these Prometheus counters at /metrics "
                + "on that address, from the start line to the summary:",
            "  errseq_writeback_errors_total{device,mountpoint,fstype,errno}",
            "      the errors printed; errno by name, or unrevealed",
            "  errseq_trace_events_total",
            "      events read from the trace",
            "  errseq_trace_events_lost_total",
            "      events that happened but were not read",
            "",
            "Needs root and Linux 4.14 or newer; mounts tracefs at /sys/kernel/tracing if it "
                + "is not mounted. The tracefs instance is removed when the command stops.",
            "",
            "Example:",
            "  errseq watch /var/lib/db",
            "  watching ext4 7:0 at /var/lib for writeback errors; stop with Ctrl-C",
            "  2026-12-01T14:50:01.123Z writeback error on ext4 /dev/loop0 (7:0) at",
            "    /var/lib: inode 12, ENOSPC (errno 28)",
            "",
        })
final class WatchCommand implements Callable<Integer> {
    /** How long one poll of the monitor waits: the longest a stop request waits too. */
    private static final Duration POLL = Duration.ofMillis(100);
    private static final long STATISTICS_EVERY_NANOS = 1_000_000_000L;

    @Spec
    CommandSpec spec;

    @Mixin
    OutputOptions output;

    @Option(names = "--reveal-wait", paramLabel = "SECONDS", defaultValue = "2",
            description = "How long to wait for the event that reveals an error's errno before "
                    + "printing it without one (default: ${DEFAULT-VALUE}).")
    double revealWaitSeconds;

    @Option(names = "--metrics", paramLabel = "HOST:PORT", converter = MetricsAddress.Converter.class,
            description = "Serve Prometheus counters at /metrics on this address (port 0:"
                    + " any free port, named in the first line). Bind to 127.0.0.1 unless the"
                    + " network may read them.")
    MetricsAddress metricsAddress;

    @Parameters(paramLabel = "PATH", arity = "0..*",
            description = "Watch only the filesystems holding these paths (default: all).")
    List<Path> paths = new ArrayList<>();

    private PrintWriter out;
    private WatchLines lines;
    private WatchMetrics metrics;
    private long errors;
    private long unrevealed;
    private long events;
    private long lostShown;

    @Override
    public Integer call() throws IOException, InterruptedException, Problem {
        Duration revealWait = revealWait();
        List<Path> real = new ArrayList<>();
        for (Path path : paths) {
            real.add(path.toRealPath()); // a missing path fails here, before tracefs is touched
        }
        out = spec.commandLine().getOut();
        lines = new WatchLines(output.json, revealWait, WatchLines::wallClockNow);
        NewErrorTracker tracker = new NewErrorTracker(revealWait);
        boolean readerFailed;
        // The port first: a taken one fails before tracefs is touched.
        try (WatchMetrics served = WatchMetrics.serve(Optional.ofNullable(metricsAddress));
                WritebackErrorMonitor monitor = WritebackErrorMonitor.builder()
                        .filesystemsOf(real).start();
                StopSignals stop = StopSignals.install()) {
            metrics = served;
            out.println(lines.start(monitor.filesystems(), served.url()));
            watch(monitor, tracker, stop);
            // Stopped by a signal or by a closed output (errseq watch | head -3): both clean.
            readerFailed = !stop.requested() && !out.checkError();
            monitor.close();
            drain(monitor, tracker);
            report(tracker.drain());
            reportLost(monitor.statistics());
        }
        out.println(lines.summary(errors, unrevealed, events, lostShown));
        out.flush();
        if (readerFailed) {
            throw new Problem(ExitCodes.OS_ERR, "the trace stopped delivering events (was its"
                    + " tracefs instance removed?); start the watch again");
        }
        return ExitCodes.OK;
    }

    private Duration revealWait() {
        if (!(revealWaitSeconds >= 0 && revealWaitSeconds <= 3600)) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option"
                    + " '--reveal-wait': " + revealWaitSeconds + " is not 0 to 3600 seconds");
        }
        return Duration.ofNanos(Math.round(revealWaitSeconds * 1e9));
    }

    /**
     * Reads events until a stop is requested, the output is closed (seen at the next line
     * written; the JVM ignores SIGPIPE), or the monitor's reader stops by itself.
     */
    private void watch(WritebackErrorMonitor monitor, NewErrorTracker tracker, StopSignals stop)
            throws InterruptedException {
        long statisticsAt = System.nanoTime();
        while (!stop.requested() && monitor.isRunning() && !out.checkError()) {
            WritebackErrorEvent event = monitor.poll(POLL);
            // Expiry in trace time while events come, so that a backlog in the queue does not
            // give out an error whose revealing event waits right behind it; in clock time once
            // the queue is idle (the reader has caught up).
            if (event != null) {
                events++;
                metrics.events(1);
                report(tracker.accept(event));
                report(tracker.expire(event.timestampNanos()));
            } else {
                report(tracker.expire(System.nanoTime()));
            }
            long now = System.nanoTime();
            if (now - statisticsAt >= STATISTICS_EVERY_NANOS) {
                statisticsAt = now;
                reportLost(monitor.statistics());
            }
        }
    }

    /** The events still queued when the monitor closed. */
    private void drain(WritebackErrorMonitor monitor, NewErrorTracker tracker)
            throws InterruptedException {
        for (WritebackErrorEvent event = monitor.poll(Duration.ZERO); event != null;
                event = monitor.poll(Duration.ZERO)) {
            events++;
            metrics.events(1);
            report(tracker.accept(event));
        }
    }

    private void report(List<NewWritebackError> found) {
        for (NewWritebackError error : found) {
            errors++;
            if (!error.revealed()) {
                unrevealed++;
            }
            metrics.error(error);
            out.println(lines.error(error));
        }
    }

    private void reportLost(MonitorStatistics statistics) {
        long missed = statistics.missed();
        if (missed > lostShown) {
            metrics.lost(missed - lostShown);
            out.println(lines.lost(missed - lostShown, missed));
            lostShown = missed;
        }
    }
}
