package dev.errseq;

import static dev.errseq.Implementations.assertHex;
import static dev.errseq.Implementations.hex;
import static dev.errseq.Implementations.pick;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import dev.errseq.Implementations.Impl;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One test per rule of docs/errseq-semantics.md (sections 1 and 2), for both implementations
 * and, where the rule holds for both, both layouts.
 *
 * <p>Every expected raw word is worked out by hand from the bit tables:
 * upstream errno 0..11 | SEEN 0x1000 | counter step 0x2000;
 * split errno 0..11 | REPORTED 0x1000 | OBSERVED 0x2000 | counter step 0x4000.
 * EPERM = 1 = 0x001, EIO = 5 = 0x005, ENOSPC = 28 = 0x01c, EDQUOT = 122 = 0x07a.
 */
class ErrseqRulesTest {
    private static final int EPERM = 1;
    private static final int EIO = 5;
    private static final int ENOSPC = 28;
    private static final int EDQUOT = 122;

    // ---------------------------------------------------------------- both layouts

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(Implementations.ALL)
    void epochIsZeroAndReportsNothing(Impl impl, Layout layout) {
        try (ErrseqWord word = impl.word(layout)) {
            assertHex(0x00000000, word.raw(), "a new word");
            assertEquals(0, word.sample());
            assertHex(0x00000000, word.raw(), "sample leaves the epoch alone");
            assertEquals(0, word.check(0));
            ErrseqCursor cursor = word.watch();
            assertHex(0x00000000, cursor.since());
            assertEquals(0, cursor.check());
            assertEquals(0, cursor.checkAndAdvance());
            assertHex(0x00000000, cursor.since(), "nothing to advance to");
            assertHex(0x00000000, word.raw(), "checkAndAdvance leaves the epoch alone");
        }
        try (ErrseqWord word = impl.word(layout, 0)) {
            assertHex(0x00000000, word.raw(), "raw factory with 0");
            assertEquals(0, word.watch().checkAndAdvance());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(Implementations.ALL)
    void setStoresErrnoPositiveAndClearsFlags(Impl impl, Layout layout) {
        try (ErrseqWord word = impl.word(layout)) {
            word.set(-EIO);
            assertHex(0x00000005, word.raw(), "EIO stored as +5, no flags");
        }
        try (ErrseqWord word = impl.word(layout)) {
            word.set(-EPERM);
            assertHex(0x00000001, word.raw(), "smallest errno");
        }
        try (ErrseqWord word = impl.word(layout)) {
            word.set(-4095);
            assertHex(0x00000fff, word.raw(), "MAX_ERRNO fills bits 0..11 and nothing above");
        }
        // A word whose error was seen (upstream: counter 1, SEEN, EIO = 0x3005;
        // split: counter 1, REPORTED|OBSERVED, EIO = 0x7005). Both flags go, the errno is
        // replaced, the counter moves one step (upstream 0x2000 -> 0x4000, split 0x4000 -> 0x8000).
        try (ErrseqWord word = impl.word(layout, pick(layout, 0x00003005, 0x00007005))) {
            word.set(-ENOSPC);
            assertHex(pick(layout, 0x0000401c, 0x0000801c), word.raw(), "flags cleared");
        }
        // The largest errno over a seen word: errno bits all replaced, no carry into flags.
        try (ErrseqWord word = impl.word(layout, pick(layout, 0x00003fff, 0x00007fff))) {
            word.set(-EPERM);
            assertHex(pick(layout, 0x00004001, 0x00008001), word.raw(), "old errno fully gone");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(Implementations.ALL)
    void laterErrnoOverwritesEarlierWithoutCounterBumpWhileUnseen(Impl impl, Layout layout) {
        try (ErrseqWord word = impl.word(layout)) {
            ErrseqCursor cursor = word.watch();
            word.set(-EIO);
            assertHex(0x00000005, word.raw());
            word.set(-ENOSPC);
            assertHex(0x0000001c, word.raw(), "ENOSPC replaced EIO, counter still 0");
            word.set(-EDQUOT);
            assertHex(0x0000007a, word.raw(), "EDQUOT replaced ENOSPC, counter still 0");
            assertEquals(-EDQUOT, cursor.checkAndAdvance(), "three errors, one report: the latest");
            assertHex(pick(layout, 0x0000107a, 0x0000307a), cursor.since());
            assertEquals(0, cursor.checkAndAdvance());

            // After that report one step, then no more while nobody looks.
            word.set(-EIO);
            assertHex(pick(layout, 0x00002005, 0x00004005), word.raw());
            word.set(-ENOSPC);
            assertHex(pick(layout, 0x0000201c, 0x0000401c), word.raw());
            word.set(-EDQUOT);
            assertHex(pick(layout, 0x0000207a, 0x0000407a), word.raw());
            assertEquals(-EDQUOT, cursor.checkAndAdvance());
            assertHex(pick(layout, 0x0000307a, 0x0000707a), cursor.since());
            assertEquals(0, cursor.checkAndAdvance());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(Implementations.ALL)
    void unseenErrorReachesNewSamplerOnce(Impl impl, Layout layout) {
        try (ErrseqWord word = impl.word(layout)) {
            word.set(-EIO);
            ErrseqCursor first = word.watch();
            assertHex(0x00000000, first.since(), "nobody saw EIO: the sampler starts before it");
            // Split: sample peeked, so the word is OBSERVED (0x2000) but not REPORTED.
            assertHex(pick(layout, 0x00000005, 0x00002005), word.raw());
            ErrseqCursor second = word.watch();
            assertHex(0x00000000, second.since(), "still unseen for the second sampler");

            assertEquals(-EIO, first.checkAndAdvance());
            assertHex(pick(layout, 0x00001005, 0x00003005), first.since());
            assertHex(pick(layout, 0x00001005, 0x00003005), word.raw());
            assertEquals(0, first.checkAndAdvance(), "once");

            ErrseqCursor late = word.watch();
            assertHex(pick(layout, 0x00001005, 0x00003005), late.since(),
                    "after the report a new sampler starts past it");
            assertEquals(0, late.checkAndAdvance());

            assertEquals(-EIO, second.checkAndAdvance(), "sampled while unseen: it gets it too");
            assertEquals(0, second.checkAndAdvance(), "once");
            assertHex(pick(layout, 0x00001005, 0x00003005), word.raw());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(Implementations.ALL)
    void reportedOncePerCursor(Impl impl, Layout layout) {
        try (ErrseqWord word = impl.word(layout)) {
            ErrseqCursor a = word.watch();
            ErrseqCursor b = word.watch();
            word.set(-EIO);

            assertEquals(-EIO, a.checkAndAdvance());
            assertEquals(0, a.checkAndAdvance());
            assertEquals(0, a.checkAndAdvance());
            assertEquals(-EIO, b.checkAndAdvance(), "a's report does not use up b's");
            assertEquals(0, b.checkAndAdvance());
            assertHex(pick(layout, 0x00001005, 0x00003005), a.since());
            assertHex(pick(layout, 0x00001005, 0x00003005), b.since());

            word.set(-ENOSPC);
            assertHex(pick(layout, 0x0000201c, 0x0000401c), word.raw());
            assertEquals(-ENOSPC, b.checkAndAdvance());
            assertEquals(0, b.checkAndAdvance());
            assertEquals(-ENOSPC, a.checkAndAdvance());
            assertEquals(0, a.checkAndAdvance());
            assertHex(pick(layout, 0x0000301c, 0x0000701c), a.since());
            assertHex(pick(layout, 0x0000301c, 0x0000701c), b.since());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(Implementations.ALL)
    void sameErrorReportedAgainAfterSeen(Impl impl, Layout layout) {
        try (ErrseqWord word = impl.word(layout)) {
            ErrseqCursor cursor = word.watch();
            word.set(-EIO);
            assertEquals(-EIO, cursor.checkAndAdvance());
            assertHex(pick(layout, 0x00001005, 0x00003005), word.raw());

            word.set(-EIO);
            assertHex(pick(layout, 0x00002005, 0x00004005), word.raw(),
                    "same errno, but the counter moved: a new error");
            assertEquals(-EIO, cursor.checkAndAdvance());
            assertHex(pick(layout, 0x00003005, 0x00007005), cursor.since());
            assertEquals(0, cursor.checkAndAdvance());

            word.set(-EIO);
            assertHex(pick(layout, 0x00004005, 0x00008005), word.raw());
            assertEquals(-EIO, cursor.checkAndAdvance());
            assertEquals(0, cursor.checkAndAdvance());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(Implementations.ALL)
    void counterBumpsOnlyAfterObserved(Impl impl, Layout layout) {
        try (ErrseqWord word = impl.word(layout)) {
            ErrseqCursor cursor = word.watchFrom(0);
            word.set(-EIO);
            word.set(-EIO);
            assertHex(0x00000005, word.raw(), "unobserved: the same errno changes nothing");
            word.set(-ENOSPC);
            assertHex(0x0000001c, word.raw(), "unobserved: no bump");

            assertEquals(-ENOSPC, cursor.checkAndAdvance());
            assertHex(pick(layout, 0x0000101c, 0x0000301c), word.raw());
            word.set(-EIO);
            assertHex(pick(layout, 0x00002005, 0x00004005), word.raw(), "observed: one bump");
            word.set(-EIO);
            word.set(-ENOSPC);
            assertHex(pick(layout, 0x0000201c, 0x0000401c), word.raw(), "and only one");

            assertEquals(-ENOSPC, cursor.checkAndAdvance());
            assertHex(pick(layout, 0x0000301c, 0x0000701c), word.raw());
            word.set(-ENOSPC);
            assertHex(pick(layout, 0x0000401c, 0x0000801c), word.raw());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(Implementations.ALL)
    void setReturnsPreviousValue(Impl impl, Layout layout) {
        try (ErrseqWord word = impl.word(layout)) {
            assertHex(0x00000000, word.set(-EIO));
            assertHex(0x00000005, word.set(-ENOSPC));
            assertEquals(-ENOSPC, word.watchFrom(0).checkAndAdvance());
            assertHex(pick(layout, 0x0000101c, 0x0000301c), word.set(-EDQUOT));
            assertHex(pick(layout, 0x0000207a, 0x0000407a), word.raw());
            assertHex(pick(layout, 0x0000207a, 0x0000407a), word.set(-EDQUOT),
                    "an unchanged word: previous == current");
            assertHex(pick(layout, 0x0000207a, 0x0000407a), word.raw());
        }
        try (ErrseqWord word = impl.word(layout, pick(layout, 0xabcd1005, 0xabcd3005))) {
            assertHex(pick(layout, 0xabcd1005, 0xabcd3005), word.set(-EIO));
            assertHex(pick(layout, 0xabcd2005, 0xabcd4005), word.raw());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(Implementations.ALL)
    void counterWrapsAroundAt32Bits(Impl impl, Layout layout) {
        // Counter at its maximum (upstream 0x7ffff << 13, split 0x3ffff << 14: both 0xffffc000
        // and up), the error seen: the next set carries out of bit 31 and lands on counter 0.
        try (ErrseqWord word = impl.word(layout, 0xfffff005)) {
            ErrseqCursor cursor = word.watchFrom(0xfffff005);
            assertHex(0xfffff005, word.set(-ENOSPC));
            assertHex(0x0000001c, word.raw(), "wrapped to counter 0");
            assertEquals(-ENOSPC, cursor.checkAndAdvance());
            assertHex(pick(layout, 0x0000101c, 0x0000301c), cursor.since());
        }
        // Counter at its maximum but unobserved: no bump, so no wrap.
        try (ErrseqWord word = impl.word(layout, pick(layout, 0xffffe005, 0xffffc005))) {
            word.set(-ENOSPC);
            assertHex(pick(layout, 0xffffe01c, 0xffffc01c), word.raw());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(Implementations.ALL)
    void counterWrapsAroundAfterAFullCycleOfReportedErrors(Impl impl, Layout layout) {
        int cycles = pick(layout, 1 << 19, 1 << 18);
        int shift = pick(layout, 13, 14);
        int seenEio = pick(layout, 0x00001005, 0x00003005);
        try (ErrseqWord word = impl.word(layout)) {
            ErrseqCursor cursor = word.watch();
            ErrseqCursor stale = word.watchFrom(seenEio);
            // Cycle k (from 0): set finds counter k-1 with EIO seen (nothing at k = 0), the
            // checkAndAdvance reports EIO and leaves counter k-1 (k = 0: 0) seen.
            for (int k = 0; k < cycles; k++) {
                int expectedPrevious = k == 0 ? 0 : ((k - 1) << shift) | seenEio;
                int previous = word.set(-EIO);
                if (previous != expectedPrevious) {
                    fail("cycle " + k + ": set returned " + hex(previous) + ", expected "
                            + hex(expectedPrevious));
                }
                int result = cursor.checkAndAdvance();
                if (result != -EIO) {
                    fail("cycle " + k + ": checkAndAdvance returned " + result);
                }
            }
            assertHex(0xfffff005, word.raw(), "counter at its maximum, EIO seen");
            assertHex(0xfffff005, cursor.since());
            assertEquals(-EIO, stale.check(), "the stale cursor is far behind");

            assertHex(0xfffff005, word.set(-EIO));
            assertHex(0x00000005, word.raw(), "wrapped to counter 0");
            assertEquals(-EIO, cursor.checkAndAdvance());
            assertHex(seenEio, cursor.since());
            assertHex(seenEio, word.raw());
            assertEquals(0, stale.check(), "a full cycle behind looks like no change at all");
            assertEquals(0, stale.checkAndAdvance());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(Implementations.ALL)
    void independentCursors(Impl impl, Layout layout) {
        try (ErrseqWord word = impl.word(layout)) {
            ErrseqCursor a = word.watch();
            word.set(-EIO);
            ErrseqCursor b = word.watch();
            assertHex(0x00000000, b.since());

            assertEquals(-EIO, a.checkAndAdvance());
            assertHex(0x00000000, b.since(), "a's advance does not move b");
            ErrseqCursor c = word.watch();
            assertHex(pick(layout, 0x00001005, 0x00003005), c.since());
            assertEquals(-EIO, b.checkAndAdvance());
            assertEquals(0, c.checkAndAdvance());
            assertEquals(0, a.check());

            word.set(-ENOSPC);
            assertEquals(-ENOSPC, c.checkAndAdvance());
            assertHex(pick(layout, 0x00001005, 0x00003005), a.since(), "c's advance does not move a");
            assertHex(pick(layout, 0x00001005, 0x00003005), b.since());
            assertEquals(-ENOSPC, a.checkAndAdvance());
            assertEquals(-ENOSPC, b.checkAndAdvance());
            assertEquals(0, a.checkAndAdvance());
            assertEquals(0, b.checkAndAdvance());
            assertEquals(0, c.checkAndAdvance());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(Implementations.ALL)
    void checkChangesNothing(Impl impl, Layout layout) {
        try (ErrseqWord word = impl.word(layout)) {
            ErrseqCursor cursor = word.watchFrom(0);
            word.set(-EIO);
            for (int i = 0; i < 3; i++) {
                assertEquals(-EIO, word.check(0));
                assertEquals(-EIO, cursor.check());
            }
            assertHex(0x00000005, word.raw(), "no flag set by check");
            assertHex(0x00000000, cursor.since(), "cursor not moved by check");
            word.set(-ENOSPC);
            assertHex(0x0000001c, word.raw(), "nothing observed: no counter bump");
            assertEquals(-ENOSPC, word.check(0x00000005), "reports the current errno");
            assertEquals(0, word.check(0x0000001c));
            assertEquals(-ENOSPC, cursor.checkAndAdvance(), "the error is still there to report");
            assertEquals(0, cursor.checkAndAdvance());
        }
        try (ErrseqWord word = impl.word(layout)) {
            assertEquals(0, word.check(0x0000401c), "the epoch reports errno 0 against any since");
            assertHex(0x00000000, word.raw());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(Implementations.ALL)
    void checkAndAdvanceOnUnchangedWordChangesNothing(Impl impl, Layout layout) {
        try (ErrseqWord word = impl.word(layout)) {
            word.set(-EIO);
            // A cursor equal to the word, error still unseen: no report, and no flag set.
            ErrseqCursor exact = word.watchFrom(0x00000005);
            assertEquals(0, exact.checkAndAdvance());
            assertHex(0x00000005, exact.since());
            assertHex(0x00000005, word.raw(), "still unseen");
            ErrseqCursor opener = word.watch();
            assertHex(0x00000000, opener.since(), "so a new sampler still gets it");
            assertEquals(-EIO, opener.checkAndAdvance());

            int seen = pick(layout, 0x00001005, 0x00003005);
            assertHex(seen, word.raw());
            assertEquals(0, opener.checkAndAdvance());
            assertEquals(0, opener.checkAndAdvance());
            assertHex(seen, opener.since());
            assertHex(seen, word.raw());
        }
    }

    // ---------------------------------------------------------------- upstream only

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(Implementations.UPSTREAM)
    void peekIsUnsupported(Impl impl, Layout layout) {
        try (ErrseqWord word = impl.word(layout)) {
            assertThrows(UnsupportedOperationException.class, word::peek);
            assertHex(0x00000000, word.raw());
            word.set(-EIO);
            assertThrows(UnsupportedOperationException.class, word::peek);
            assertHex(0x00000005, word.raw(), "peek attempt did not mark it SEEN");
            assertEquals(0, word.sample(), "still unseen");
        }
    }

    /** The multiple-watcher wart: upstream compares all 32 bits, so SEEN alone looks new. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(Implementations.UPSTREAM)
    void checkComparesAllBitsSoSeenAloneLooksNew(Impl impl, Layout layout) {
        try (ErrseqWord word = impl.word(layout)) {
            word.set(-EIO);
            assertEquals(-EIO, word.check(0x00001005), "since has SEEN, the word not");
            assertEquals(0, word.check(0x00000005));
            assertEquals(-EIO, word.watch().checkAndAdvance());
            assertHex(0x00001005, word.raw());
            assertEquals(-EIO, word.check(0x00000005), "the word gained SEEN only");
            ErrseqCursor copy = word.watchFrom(0x00000005);
            assertEquals(-EIO, copy.checkAndAdvance());
            assertHex(0x00001005, copy.since());
        }
    }

    // ---------------------------------------------------------------- split only

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(Implementations.SPLIT)
    void peekOnEpochStaysZero(Impl impl, Layout layout) {
        try (ErrseqWord word = impl.word(layout)) {
            assertHex(0x00000000, word.peek());
            assertHex(0x00000000, word.raw(), "no OBSERVED on the epoch");
            assertHex(0x00000000, word.set(-EIO));
            assertHex(0x00000005, word.raw(), "so the first error does not bump the counter");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(Implementations.SPLIT)
    void peekSetsObservedOnly(Impl impl, Layout layout) {
        try (ErrseqWord word = impl.word(layout)) {
            word.set(-EIO);
            assertHex(0x00002005, word.peek(), "OBSERVED, not REPORTED");
            assertHex(0x00002005, word.raw());
            assertHex(0x00002005, word.peek(), "peek again: same");
            assertHex(0x00002005, word.raw());
            assertEquals(-EIO, word.watch().checkAndAdvance());
            assertHex(0x00003005, word.raw());
            assertHex(0x00003005, word.peek(), "peek leaves REPORTED alone");
            assertHex(0x00003005, word.raw());
        }
        try (ErrseqWord word = impl.word(layout, 0x0000401c)) {
            assertHex(0x0000601c, word.peek(), "counter and errno kept");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(Implementations.SPLIT)
    void peekDoesNotStealErrorFromLaterSampler(Impl impl, Layout layout) {
        try (ErrseqWord word = impl.word(layout)) {
            word.set(-EIO);
            ErrseqCursor peeker = word.watchFrom(word.peek());
            assertHex(0x00002005, peeker.since());
            ErrseqCursor later = word.watch();
            assertHex(0x00000000, later.since(), "not REPORTED: the opener starts before it");
            assertEquals(-EIO, later.checkAndAdvance());
            assertHex(0x00003005, word.raw());
            assertEquals(0, later.checkAndAdvance());
            assertEquals(0, peeker.check(), "REPORTED appearing is no news to the peeker");
            ErrseqCursor afterReport = word.watch();
            assertHex(0x00003005, afterReport.since());
            assertEquals(0, afterReport.checkAndAdvance());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(Implementations.SPLIT)
    void checkIgnoresFlagOnlyChanges(Impl impl, Layout layout) {
        try (ErrseqWord word = impl.word(layout)) {
            word.set(-EIO);
            assertEquals(0, word.check(0x00000005));
            assertEquals(0, word.check(0x00001005), "REPORTED differs");
            assertEquals(0, word.check(0x00002005), "OBSERVED differs");
            assertEquals(0, word.check(0x00003005), "both differ");
            assertEquals(-EIO, word.check(0x00004005), "counter differs");
            assertEquals(-EIO, word.check(0x0000001c), "errno differs");
            assertEquals(-EIO, word.check(0x00000000));
            assertEquals(-EIO, word.watch().checkAndAdvance());
            assertHex(0x00003005, word.raw());
            assertEquals(0, word.check(0x00000005), "the word gained both flags only");
            assertEquals(0, word.check(0x00002005));
            assertEquals(-EIO, word.check(0x00007005), "counter differs");
        }
    }

    /** check masks the flags, but check_and_advance compares all 32 bits. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(Implementations.SPLIT)
    void checkAndAdvanceComparesExactly(Impl impl, Layout layout) {
        try (ErrseqWord word = impl.word(layout)) {
            word.set(-EIO);
            ErrseqCursor cursor = word.watchFrom(word.peek());
            assertHex(0x00002005, cursor.since());
            assertEquals(0, cursor.check());
            assertEquals(0, cursor.checkAndAdvance(), "equal: nothing happens");
            assertHex(0x00002005, word.raw());
            ErrseqCursor reported = word.watchFrom(0x00003005);
            assertEquals(-EIO, reported.checkAndAdvance(), "flags differ: reported");
            assertHex(0x00003005, reported.since());
            assertHex(0x00003005, word.raw(), "and the word marked REPORTED|OBSERVED");
            assertEquals(-EIO, cursor.checkAndAdvance(), "flags differ: reported");
            assertHex(0x00003005, cursor.since());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(Implementations.SPLIT)
    void sampleIsPeekThenZeroUnlessReported(Impl impl, Layout layout) {
        try (ErrseqWord word = impl.word(layout)) {
            word.set(-EIO);
            assertHex(0x00000000, word.sample());
            assertHex(0x00002005, word.raw(), "the sample marked it OBSERVED");
            word.set(-ENOSPC);
            assertHex(0x0000401c, word.raw(), "so the next error bumps the counter");
            assertEquals(-ENOSPC, word.watchFrom(0).checkAndAdvance());
            assertHex(0x0000701c, word.sample(), "REPORTED: the value itself");
            assertHex(0x0000701c, word.raw());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(Implementations.SPLIT)
    void counterBumpFollowsObservedNotReported(Impl impl, Layout layout) {
        try (ErrseqWord word = impl.word(layout, 0x00005005)) { // counter 1, REPORTED, EIO
            assertHex(0x00005005, word.set(-ENOSPC));
            assertHex(0x0000401c, word.raw(), "REPORTED alone: no bump");
        }
        try (ErrseqWord word = impl.word(layout, 0x00006005)) { // counter 1, OBSERVED, EIO
            assertHex(0x00006005, word.set(-ENOSPC));
            assertHex(0x0000801c, word.raw(), "OBSERVED: one bump, both flags gone");
        }
    }

    /**
     * A word whose counter reached bit 31 is an ordinary word at rest: sample gives it back,
     * check and checkAndAdvance from it find nothing new. (The Java twin keeps the word in the
     * low half of a long whose sign bit means closed; the word's own sign bit is not that.)
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(Implementations.ALL)
    void wordWithItsTopBitSetIsAtRestLikeAnyOther(Impl impl, Layout layout) {
        int raw = pick(layout, 0x8000301c, 0x8000701c);
        try (ErrseqWord word = impl.word(layout, raw)) {
            assertHex(raw, word.sample());
            assertEquals(0, word.check(raw));
            ErrseqCursor cursor = word.watch();
            assertHex(raw, cursor.since());
            assertEquals(0, cursor.checkAndAdvance());
            assertHex(raw, word.raw(), "nothing changed");
            assertEquals(-ENOSPC, word.check(raw & 0x7fffffff), "bit 31 is part of the counter");
        }
    }
}
