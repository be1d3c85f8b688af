package dev.errseq;

import static dev.errseq.Implementations.assertHex;
import static dev.errseq.Implementations.pick;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.errseq.Implementations.Impl;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The scenarios of the seed thread (linux-fsdevel, "[PATCH v3] errseq: split the ERRSEQ_SEEN
 * flag into two new flags", December 2020) and of overlayfs volatile mounts (spec section 4),
 * played on both layouts and both implementations. Expected words worked out by hand.
 */
class SeedThreadScenariosTest {
    private static final int EIO = 5;
    private static final int ENOSPC = 28;

    /**
     * Matthew Wilcox's sequence: t1 copies the word after an unseen error, t2 reports it, and
     * t1's check sees only the SEEN bit move. Upstream reports that as an error (the wart);
     * split compares with the flags masked and reports nothing.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(Implementations.ALL)
    void wilcoxTwoWatcherSequence(Impl impl, Layout layout) {
        try (ErrseqWord worker = impl.word(layout)) {
            ErrseqCursor t2 = worker.watch();
            assertHex(0x00000000, t2.since());
            worker.set(-EIO);
            assertHex(0x00000005, worker.raw());
            // Upstream has no peek: a copy of the word is the only non-consuming sample.
            ErrseqCursor t1 = worker.watchFrom(
                    layout == Layout.UPSTREAM ? worker.raw() : worker.peek());
            assertHex(pick(layout, 0x00000005, 0x00002005), t1.since());

            assertEquals(-EIO, t2.checkAndAdvance());
            assertHex(pick(layout, 0x00001005, 0x00003005), worker.raw());

            assertEquals(pick(layout, -EIO, 0), t1.check(),
                    layout == Layout.UPSTREAM
                            ? "upstream: the spurious report Wilcox describes (only SEEN moved)"
                            : "split: flags are masked, nothing new");
            assertEquals(pick(layout, -EIO, 0), t1.check(), "check is repeatable");
            assertHex(pick(layout, 0x00001005, 0x00003005), worker.raw());
        }
    }

    /**
     * Vivek Goyal's point: a volatile overlay must learn of an upper error without consuming
     * it. Upstream has only checkAndAdvance for that, and it marks the error SEEN, so a later
     * opener never hears of it. Split peeks and checks: the volatile mount sees the error and
     * the later opener still gets it, once.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(Implementations.ALL)
    void volatileMountSamplingDoesNotConsume(Impl impl, Layout layout) {
        try (ErrseqWord upper = impl.word(layout)) {
            if (layout == Layout.UPSTREAM) {
                ErrseqCursor volatileMount = upper.watch();
                assertHex(0x00000000, volatileMount.since());
                upper.set(-EIO);
                assertHex(0x00000005, upper.raw(), "unseen");
                assertEquals(-EIO, volatileMount.checkAndAdvance(), "the volatile mount learns");
                assertHex(0x00001005, upper.raw(), "and has marked it SEEN");

                ErrseqCursor laterOpener = upper.watch();
                assertHex(0x00001005, laterOpener.since());
                assertEquals(0, laterOpener.checkAndAdvance(), "consumed: the opener never hears");
            } else {
                ErrseqCursor volatileMount = upper.watchFrom(upper.peek());
                assertHex(0x00000000, volatileMount.since());
                upper.set(-EIO);
                assertHex(0x00000005, upper.raw(), "unseen");
                assertHex(0x00002005, upper.peek());
                assertEquals(-EIO, volatileMount.check(), "the volatile mount learns");
                assertEquals(-EIO, volatileMount.check(), "and keeps learning: check is sticky");
                assertHex(0x00002005, upper.raw(), "OBSERVED only, not REPORTED");

                ErrseqCursor laterOpener = upper.watch();
                assertHex(0x00000000, laterOpener.since(), "not reported: it starts before it");
                assertEquals(-EIO, laterOpener.checkAndAdvance(), "not consumed");
                assertEquals(0, laterOpener.checkAndAdvance(), "once");
                assertHex(0x00003005, upper.raw());
                assertEquals(0, upper.watch().checkAndAdvance(), "now it is reported");
                assertEquals(-EIO, volatileMount.check(), "still failing the volatile mount");
            }
        }
    }

    /**
     * Spec section 4: a volatile mount samples the upper at mount time and checks against
     * that sample; an error nobody has seen yet makes the check, and so the mount, fail. The
     * check consumes nothing: an upper opener still gets the error.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(Implementations.ALL)
    void volatileMountRefusedWhileUpperHoldsUnseenError(Impl impl, Layout layout) {
        try (ErrseqWord upper = impl.word(layout)) {
            ErrseqCursor upperFd = upper.watch();
            upper.set(-EIO);
            int mountSample = upper.sample();
            assertHex(0x00000000, mountSample, "unseen: the sample starts before it");
            assertEquals(-EIO, upper.check(mountSample), "mount fails");
            assertEquals(-EIO, upper.check(mountSample), "and a retry fails too");
            assertHex(pick(layout, 0x00000005, 0x00002005), upper.raw(), "nothing REPORTED");
            assertEquals(-EIO, upperFd.checkAndAdvance(), "the upper fd still gets it");
            assertEquals(0, upperFd.checkAndAdvance());

            // Once reported ("sync upperdir fs to clear state"), a new mount succeeds.
            int retrySample = upper.sample();
            assertHex(pick(layout, 0x00001005, 0x00003005), retrySample);
            assertEquals(0, upper.check(retrySample), "mount succeeds");
        }
    }

    /** Spec section 4: a seen error before the mount does not stop it. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(Implementations.ALL)
    void volatileMountAcceptedWhenUpperErrorWasSeen(Impl impl, Layout layout) {
        try (ErrseqWord upper = impl.word(layout)) {
            upper.set(-EIO);
            assertEquals(-EIO, upper.watchFrom(0).checkAndAdvance());
            int mountSample = upper.sample();
            assertHex(pick(layout, 0x00001005, 0x00003005), mountSample);
            assertEquals(0, upper.check(mountSample));
        }
        try (ErrseqWord upper = impl.word(layout)) {
            int mountSample = upper.sample();
            assertHex(0x00000000, mountSample, "the epoch");
            assertEquals(0, upper.check(mountSample), "a clean upper mounts");
        }
    }

    /**
     * Spec section 4: after the mount, a new upper error fails every sync of the volatile
     * overlay until unmount, and leaves the error to the upper's own watchers.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(Implementations.ALL)
    void volatileSyncIsStickyAndLeavesUpperErrorToItsWatchers(Impl impl, Layout layout) {
        try (ErrseqWord upper = impl.word(layout)) {
            upper.set(-EIO);
            assertEquals(-EIO, upper.watchFrom(0).checkAndAdvance());
            int mountSample = upper.sample();
            ErrseqCursor upperFd = upper.watch();
            assertEquals(0, upper.check(mountSample), "mounted");

            upper.set(-ENOSPC);
            int afterError = pick(layout, 0x0000201c, 0x0000401c);
            assertHex(afterError, upper.raw());
            for (int sync = 0; sync < 3; sync++) {
                assertEquals(-ENOSPC, upper.check(mountSample), "sync " + sync + " fails");
            }
            assertHex(afterError, upper.raw(), "checks marked nothing");
            assertEquals(-ENOSPC, upperFd.checkAndAdvance(), "the upper fd gets the error");
            assertEquals(0, upperFd.checkAndAdvance());
            assertEquals(-ENOSPC, upper.check(mountSample), "the overlay still fails");
        }
    }

    /**
     * Spec section 5, items 1..3: fd A opened before the error, fd B opened after it but before
     * anybody saw it, fd C opened after it was seen.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(Implementations.ALL)
    void syncfsReportsToEachOpenerAsObservedOnTheKernel(Impl impl, Layout layout) {
        try (ErrseqWord superblock = impl.word(layout)) {
            ErrseqCursor fdA = superblock.watch();
            superblock.set(-ENOSPC);
            ErrseqCursor fdB = superblock.watch();
            assertEquals(-ENOSPC, fdA.checkAndAdvance());
            assertEquals(0, fdA.checkAndAdvance());
            ErrseqCursor fdC = superblock.watch();
            assertEquals(-ENOSPC, fdB.checkAndAdvance());
            assertEquals(0, fdB.checkAndAdvance());
            assertEquals(0, fdC.checkAndAdvance());
            assertHex(pick(layout, 0x0000101c, 0x0000301c), superblock.raw());
        }
    }
}
