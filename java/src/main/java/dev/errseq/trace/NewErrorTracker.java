package dev.errseq.trace;

import dev.errseq.Layout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns a monitor's events into {@link NewWritebackError}s, one per error the kernel will
 * report afresh, each with its errno once a later event reveals it.
 *
 * <p>A set starts a new error when the word before it was the epoch (0) or had SEEN: then
 * {@code errseq_set} moves the counter (or leaves the epoch) and every watcher is told again.
 * A set on a word whose error nobody has seen yet only replaces the errno of that pending
 * report. The set's own errno is not in its event (the tracepoint shows the word before), so
 * the error is held until the next event of the same inode: a set, whose word before carries
 * it, or an fsync's cursor, which the kernel moved to the word. If none comes within the
 * reveal timeout (nobody synced and no other page failed), the error is given out without an
 * errno rather than held back; its errno is then not looked for any more.
 *
 * <p>Not thread-safe: feed it from one thread, in trace order (a monitor's queue or listener).
 * It consumes nothing: it only reads events.
 */
public final class NewErrorTracker {
    private final long timeoutNanos;
    private final Map<InodeKey, WordSetEvent> pending = new LinkedHashMap<>();

    /** An inode as the trace names it: its superblock's device and its number. */
    private record InodeKey(DeviceNumber device, long inode) {
        static InodeKey of(WritebackErrorEvent event) {
            return new InodeKey(event.device(), event.inode());
        }
    }

    /**
     * A tracker that gives out an unrevealed error {@code revealTimeout} after its set.
     *
     * @param revealTimeout how long to wait for the event that shows the errno; not negative
     * @throws IllegalArgumentException if the timeout is negative
     */
    public NewErrorTracker(Duration revealTimeout) {
        Objects.requireNonNull(revealTimeout, "revealTimeout");
        if (revealTimeout.isNegative()) {
            throw new IllegalArgumentException("negative reveal timeout: " + revealTimeout);
        }
        this.timeoutNanos = revealTimeout.toNanos();
    }

    /**
     * Whether a set starts an error that watchers will be told of afresh.
     *
     * @param set a traced set
     * @return true if the word before it was 0 or had SEEN
     */
    public static boolean startsNewError(WordSetEvent set) {
        return set.wordBefore() == 0 || set.seenBefore();
    }

    /**
     * Takes the next event.
     *
     * @param event the next event of the monitor, in trace order
     * @return the errors this event revealed (at most one; empty for most events)
     */
    public List<NewWritebackError> accept(WritebackErrorEvent event) {
        Objects.requireNonNull(event, "event");
        InodeKey key = InodeKey.of(event);
        List<NewWritebackError> done = new ArrayList<>(1);
        WordSetEvent started = pending.remove(key);
        if (started != null) {
            int errno = Layout.errnoOf(wordShown(event));
            // A word without an errno after a set means events were lost or reordered: the
            // set's errno cannot be known, so it is given out as unrevealed.
            done.add(errno == 0 ? unrevealed(started)
                    : new NewWritebackError(started, errno, Optional.of(event)));
        }
        if (event instanceof WordSetEvent set && startsNewError(set)) {
            pending.put(key, set);
        }
        return done;
    }

    /**
     * Gives out the errors whose errno was not revealed within the timeout.
     *
     * @param nowNanos CLOCK_MONOTONIC now, as {@link System#nanoTime()} gives it
     * @return those errors, unrevealed, oldest first
     */
    public List<NewWritebackError> expire(long nowNanos) {
        List<NewWritebackError> done = new ArrayList<>();
        for (Iterator<WordSetEvent> it = pending.values().iterator(); it.hasNext();) {
            WordSetEvent set = it.next();
            if (nowNanos - set.timestampNanos() >= timeoutNanos) {
                done.add(unrevealed(set));
                it.remove();
            }
        }
        return done;
    }

    /**
     * Gives out every error still waiting for its errno, unrevealed (when watching stops).
     *
     * @return those errors, oldest first
     */
    public List<NewWritebackError> drain() {
        List<NewWritebackError> done = new ArrayList<>();
        pending.values().forEach(set -> done.add(unrevealed(set)));
        pending.clear();
        return done;
    }

    /**
     * How many errors wait for their errno.
     *
     * @return the number of inodes with an unrevealed new error
     */
    public int pending() {
        return pending.size();
    }

    private static int wordShown(WritebackErrorEvent event) {
        return event instanceof WordSetEvent set ? set.wordBefore()
                : ((CursorAdvanceEvent) event).newCursor();
    }

    private static NewWritebackError unrevealed(WordSetEvent set) {
        return new NewWritebackError(set, 0, Optional.empty());
    }
}
