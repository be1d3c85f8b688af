package dev.errseq.cli;

import dev.errseq.trace.NewWritebackError;
import dev.errseq.trace.TracedFilesystem;
import dev.errseq.trace.WordSetEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * The lines {@code errseq watch} prints, as text or as one JSON object each ({@code "event"}
 * says which kind). Kept apart from the command so that recorded events can be formatted
 * without a kernel.
 */
final class WatchLines {
    private final boolean json;
    private final Duration revealWait;
    private final LongFunction<Instant> wallClock;

    /**
     * @param json one JSON object per line instead of text
     * @param revealWait how long the errno of a set is waited for (named in unrevealed lines)
     * @param wallClock the wall-clock time of a CLOCK_MONOTONIC timestamp
     */
    WatchLines(boolean json, Duration revealWait, LongFunction<Instant> wallClock) {
        this.json = json;
        this.revealWait = revealWait;
        this.wallClock = wallClock;
    }

    /** The wall-clock time of a CLOCK_MONOTONIC timestamp, as System.nanoTime() counts. */
    static Instant wallClockNow(long monotonicNanos) {
        return Instant.now().minusNanos(System.nanoTime() - monotonicNanos);
    }

    String start(List<TracedFilesystem> watched, Optional<String> metricsUrl) {
        if (json) {
            Json line = new Json().put("event", "start").put("filesystems",
                    watched.isEmpty() ? "all" : String.join(", ", watched.stream()
                            .map(TracedFilesystem::toString).toList()));
            return line.put("metrics", metricsUrl.orElse(null)).toString();
        }
        return "watching " + (watched.isEmpty() ? "all filesystems" : String.join(", ",
                watched.stream().map(TracedFilesystem::toString).toList()))
                + " for writeback errors" + metricsUrl.map(url -> ", metrics at " + url).orElse("")
                + "; stop with Ctrl-C";
    }

    String error(NewWritebackError error) {
        WordSetEvent set = error.set();
        Instant time = wallClock.apply(set.timestampNanos()).truncatedTo(ChronoUnit.MILLIS);
        Optional<TracedFilesystem> fs = set.filesystem();
        String device = fs.map(f -> f.device().toString()).orElse(set.device().toString());
        if (json) {
            Json line = new Json().put("event", "writeback_error").put("time", time.toString())
                    .put("device", device)
                    .put("mount_point", fs.map(f -> f.mountPoint().toString()).orElse(null))
                    .put("fs_type", fs.map(TracedFilesystem::fsType).orElse(null))
                    .put("source", fs.map(TracedFilesystem::source).orElse(null))
                    .put("inode", set.inode()).put("block_device", set.onBlockDevice());
            if (error.revealed()) {
                line.put("errno", error.errno());
            } else {
                line.put("errno", (String) null);
            }
            return line.put("errno_name", error.errnoName()).put("revealed", error.revealed())
                    .toString();
        }
        String where = fs.map(f -> f.fsType() + " " + f.source() + " (" + f.device() + ") at "
                + f.mountPoint()).orElse(device + " (no longer mounted)");
        String what = set.onBlockDevice() ? "the block device's metadata"
                : "inode " + set.inode();
        String errno = error.revealed() ? error.errnoName() + " (errno " + error.errno() + ")"
                : "errno not revealed (no later event of the inode within " + seconds(revealWait)
                        + ")";
        return time + " writeback error on " + where + ": " + what + ", " + errno;
    }

    String lost(long added, long total) {
        if (json) {
            return new Json().put("event", "lost").put("lost", added).put("lost_total", total)
                    .toString();
        }
        return "lost " + added + " events (" + total + " in all): they were not read in time;"
                + " errors among them are not shown";
    }

    String summary(long errors, long unrevealed, long events, long lost) {
        if (json) {
            return new Json().put("event", "summary").put("writeback_errors", errors)
                    .put("unrevealed", unrevealed).put("events", events).put("lost", lost)
                    .toString();
        }
        return "stopped: " + errors + " writeback " + (errors == 1 ? "error" : "errors") + " ("
                + unrevealed + " with errno not revealed), " + events + " events read, " + lost
                + " lost";
    }

    private static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis / 1000.0 + " s";
    }
}
