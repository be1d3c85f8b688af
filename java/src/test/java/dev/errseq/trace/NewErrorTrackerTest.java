package dev.errseq.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrowsExactly;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errseq.Errno;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Which sets start a new error and when their errno is known, on the trace recorded on Linux
 * 6.18 (see {@link RecordedTraceReplayTest}) and on hand-made event sequences.
 */
class NewErrorTrackerTest {
    private static final DeviceNumber DEV = new DeviceNumber(7, 0);
    private static final long SECOND = 1_000_000_000L;

    private static WordSetEvent set(long nanos, long inode, int wordBefore) {
        return new WordSetEvent(nanos, 0, 1, "kworker/u8:0", DEV, inode, Optional.empty(), false,
                wordBefore);
    }

    private static CursorAdvanceEvent fsync(long nanos, long inode, int oldCursor, int newCursor) {
        return new CursorAdvanceEvent(nanos, 0, 2, "db", DEV, inode, Optional.empty(), false,
                "00000000d49ce305", oldCursor, newCursor);
    }

    @Test
    void theRecordedTraceHasTwoErrorsEachRevealedByTheNextSet() {
        List<WritebackErrorEvent> events = RecordedTraceReplayTest.events();
        NewErrorTracker tracker = new NewErrorTracker(Duration.ofSeconds(1));
        List<NewWritebackError> errors = new ArrayList<>();
        events.forEach(e -> errors.addAll(tracker.accept(e)));
        // The first set leaves the epoch; ten more ENOSPC sets collapse into it. After the
        // fsync saw it (0x101c), the next set moves the counter: a second error.
        assertEquals(List.of(
                new NewWritebackError((WordSetEvent) events.get(0), Errno.ENOSPC,
                        Optional.of(events.get(1))),
                new NewWritebackError((WordSetEvent) events.get(13), Errno.ENOSPC,
                        Optional.of(events.get(14)))), errors);
        assertEquals(0, tracker.pending());
        assertEquals(List.of(), tracker.drain());
    }

    @Test
    void aSetThatNobodyHasSeenYetIsNoNewError() {
        assertTrue(NewErrorTracker.startsNewError(set(0, 12, 0)), "the epoch");
        assertTrue(NewErrorTracker.startsNewError(set(0, 12, 0x101c)), "SEEN");
        assertEquals(false, NewErrorTracker.startsNewError(set(0, 12, 0x1c)), "unseen ENOSPC");
        assertEquals(false, NewErrorTracker.startsNewError(set(0, 12, 0x201c)), "unseen, counter 1");
    }

    @Test
    void anFsyncRevealsTheErrnoOfTheOnlySet() {
        NewErrorTracker tracker = new NewErrorTracker(Duration.ofSeconds(1));
        WordSetEvent set = set(SECOND, 12, 0);
        assertEquals(List.of(), tracker.accept(set));
        assertEquals(1, tracker.pending());
        CursorAdvanceEvent fsync = fsync(SECOND + 5, 12, 0, 0x1005);
        assertEquals(List.of(new NewWritebackError(set, Errno.EIO, Optional.of(fsync))),
                tracker.accept(fsync));
        assertEquals(0, tracker.pending());
    }

    @Test
    void anErrnoNotRevealedInTimeIsGivenOutWithoutOneAndNotLookedForAgain() {
        NewErrorTracker tracker = new NewErrorTracker(Duration.ofSeconds(2));
        WordSetEvent set = set(10 * SECOND, 12, 0x101c);
        tracker.accept(set);
        assertEquals(List.of(), tracker.expire(12 * SECOND - 1));
        List<NewWritebackError> expired = tracker.expire(12 * SECOND);
        assertEquals(List.of(new NewWritebackError(set, 0, Optional.empty())), expired);
        assertEquals("unrevealed", expired.get(0).errnoName());
        assertEquals(false, expired.get(0).revealed());
        // The next set of the same error (word before: counter 1, ENOSPC, unseen) is no new one.
        assertEquals(List.of(), tracker.accept(set(13 * SECOND, 12, 0x201c)));
        assertEquals(0, tracker.pending());
    }

    @Test
    void inodesAreTrackedApartAndExpireOldestFirst() {
        NewErrorTracker tracker = new NewErrorTracker(Duration.ofMillis(100));
        WordSetEvent file = set(SECOND, 12, 0);
        WordSetEvent blockDevice = new WordSetEvent(SECOND + 1, 1, 3, "ksoftirqd/1",
                new DeviceNumber(0, 3), 0x700000, Optional.empty(), true, 0);
        WordSetEvent other = set(SECOND + 2, 13, 0);
        tracker.accept(file);
        tracker.accept(blockDevice);
        tracker.accept(other);
        WordSetEvent reveal = set(SECOND + 3, 13, 0x5);
        assertEquals(List.of(new NewWritebackError(other, Errno.EIO, Optional.of(reveal))),
                tracker.accept(reveal));
        assertEquals(List.of(new NewWritebackError(file, 0, Optional.empty()),
                new NewWritebackError(blockDevice, 0, Optional.empty())),
                tracker.expire(2 * SECOND));
        assertEquals(0, tracker.pending());
    }

    @Test
    void aSeenSetRevealsThePendingErrorAndStartsTheNext() {
        NewErrorTracker tracker = new NewErrorTracker(Duration.ofSeconds(1));
        WordSetEvent first = set(SECOND, 12, 0);
        tracker.accept(first);
        // The fsync that saw it was not traced (lost): the next set shows ENOSPC with SEEN.
        WordSetEvent second = set(SECOND + 10, 12, 0x101c);
        assertEquals(List.of(new NewWritebackError(first, Errno.ENOSPC, Optional.of(second))),
                tracker.accept(second));
        assertEquals(1, tracker.pending());
        assertEquals(List.of(new NewWritebackError(second, 0, Optional.empty())), tracker.drain());
        assertEquals(0, tracker.pending());
    }

    @Test
    void aWordWithoutAnErrnoAfterASetLeavesItUnrevealed() {
        NewErrorTracker tracker = new NewErrorTracker(Duration.ofSeconds(1));
        WordSetEvent first = set(SECOND, 12, 0);
        tracker.accept(first);
        WordSetEvent epochAgain = set(SECOND + 10, 12, 0);
        assertEquals(List.of(new NewWritebackError(first, 0, Optional.empty())),
                tracker.accept(epochAgain));
        assertEquals(1, tracker.pending(), "the second set is a new error of its own");
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrowsExactly(IllegalArgumentException.class,
                () -> new NewErrorTracker(Duration.ofMillis(-1)));
        assertThrowsExactly(NullPointerException.class, () -> new NewErrorTracker(null));
        NewErrorTracker tracker = new NewErrorTracker(Duration.ZERO);
        assertThrowsExactly(NullPointerException.class, () -> tracker.accept(null));
        assertEquals(0, tracker.pending());
        WordSetEvent set = set(0, 12, 0);
        assertThrowsExactly(IllegalArgumentException.class,
                () -> new NewWritebackError(set, Errno.EIO, Optional.empty()));
        assertThrowsExactly(IllegalArgumentException.class,
                () -> new NewWritebackError(set, 0, Optional.of(set)));
        assertThrowsExactly(IllegalArgumentException.class,
                () -> new NewWritebackError(set, 4096, Optional.of(set)));
    }
}
