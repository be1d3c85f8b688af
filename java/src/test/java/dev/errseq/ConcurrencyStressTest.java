package dev.errseq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Races on one word, for both implementations and both layouts: two writers set errors while
 * two watchers, each with its own cursor, check and advance in a loop (and, on a SPLIT word, a
 * peeker peeks). When the writers are done the main thread sets one last error; every watcher's
 * next check must then return exactly that error and the one after it 0, the kernel's promise
 * that a watcher checking after the last set sees the latest errno exactly once. The two
 * watchers make those final checks at the same time, against each other and (SPLIT) against
 * the still running peeker. On a SPLIT word a racing peek must not have cost the error its
 * REPORTED flag, so a watcher opened afterwards gets 0.
 *
 * <p>The last errno is one that no writer sets. With one that a writer also sets, the promise
 * does not hold, for either layout or implementation, nor in the kernel: a check whose CAS
 * loses to a set can leave a cursor that a later set brings back; {@link
 * #aCheckRacingTwoSetsMustNotLoseALaterError} reproduces that on demand.
 *
 * <p>The worker threads live for the whole test and play many rounds, one fresh word each: a
 * {@link CyclicBarrier} starts a round and per-round {@link CountDownLatch}es hand over between
 * its phases. Every wait is time-bounded and fails the test, with the stuck threads' stacks,
 * instead of hanging it. Nothing sleeps.
 */
class ConcurrencyStressTest {
    static final int WRITERS = 2;
    static final int WATCHERS = 2;
    /** Sets per writer per round vary up to this, so that the race windows vary too. */
    static final int MAX_SETS_PER_WRITER = 400;
    /** Time spent per implementation and layout; at least {@link #MIN_ROUNDS} rounds run. */
    static final long BUDGET_NANOS = TimeUnit.MILLISECONDS.toNanos(750);
    static final int MIN_ROUNDS = 100;
    static final int MAX_ROUNDS = 1_000_000;
    /**
     * The spinning watchers and peeker yield every this many + 1 calls: on a machine with fewer
     * cores than threads, the writers and the main thread must get a turn (not a synchronisation).
     */
    static final int YIELD_EVERY = 31;
    /** Upper bound of any single wait; a round normally takes tens of microseconds. */
    static final long TIMEOUT_MILLIS = 15_000;

    /** What each writer cycles through. */
    static final int[][] WRITER_ERRNOS = {
        {Errno.EIO, Errno.ENOSPC, Errno.EIO, Errno.EDQUOT},
        {Errno.EROFS, Errno.ENOSPC, Errno.EUCLEAN, Errno.EIO, Errno.ENOMEM},
    };
    /**
     * The last error of a round, one that neither the writers nor the start value use. With an
     * errno the writers also set, the guarantee can fail under both layouts and both
     * implementations, as it can in the kernel: see
     * {@link #aCheckRacingTwoSetsMustNotLoseALaterError}.
     */
    static final int[] LAST_ERRNOS = {Errno.EREMOTEIO, Errno.ETIMEDOUT, Errno.ENXIO,
        Errno.EBUSY, Errno.EFBIG};
    /** The property that enables {@link #aCheckRacingTwoSetsMustNotLoseALaterError}. */
    static final String ABA_PROPERTY = "errseq.stress.aba";
    /**
     * Tests that fail by design and run only on demand. The build leaves them out unless
     * {@value #ABA_PROPERTY} is set (java/pom.xml), so that a build does not report them as
     * skipped.
     */
    static final String REPRODUCER_TAG = "reproducer";
    /** The errno of the words that start near the top of the counter. */
    static final int START_ERRNO = Errno.ESTALE;

    interface WordFactory {
        ErrseqWord create(Layout layout, int raw);
    }

    static Stream<Arguments> implementationsAndLayouts() {
        WordFactory nativeWords = ErrseqWord::allocateNative;
        WordFactory javaWords = ErrseqWord::createJava;
        return Stream.of(
                Arguments.of("native", nativeWords, Layout.UPSTREAM),
                Arguments.of("native", nativeWords, Layout.SPLIT),
                Arguments.of("java", javaWords, Layout.UPSTREAM),
                Arguments.of("java", javaWords, Layout.SPLIT));
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("implementationsAndLayouts")
    void aWatcherCheckingAfterTheLastSetSeesItExactlyOnce(String kind, WordFactory factory,
            Layout layout) throws Exception {
        try (Crew crew = new Crew(kind, layout)) {
            long start = System.nanoTime();
            int rounds = 0;
            while (rounds < MAX_ROUNDS
                    && (rounds < MIN_ROUNDS || System.nanoTime() - start < BUDGET_NANOS)) {
                int lastErrno = LAST_ERRNOS[rounds % LAST_ERRNOS.length];
                crew.play(new Round(kind, factory, layout, rounds, lastErrno));
                rounds++;
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            Stats stats = crew.stats;
            System.out.printf("stress %s %s: %d rounds, %d sets, %d checkAndAdvance (%d reported"
                            + " an error, %d while writers ran), %d peeks (%d while watchers made"
                            + " their final checks), %d ms%n",
                    kind, layout, rounds, stats.sets.get(), stats.checks.get(),
                    stats.reports.get(), stats.reportsDuringWrites.get(), stats.peeks.get(),
                    stats.finalPhasePeeks.get(), millis);
            assertTrue(rounds >= MIN_ROUNDS);
            assertTrue(stats.checks.get() > 0, "the watchers never ran");
            if (layout == Layout.SPLIT) {
                assertTrue(stats.peeks.get() > 0, "the peeker never ran");
            }
        }
    }

    /** The regular run relies on it: no watcher's cursor can hold the last errno beforehand. */
    @Test
    void theLastErrnosAreOnesNobodyElseSets() {
        for (int errno : LAST_ERRNOS) {
            assertFalse(Round.isWriterErrno(errno), Errno.name(errno) + " is a writer's errno");
            assertNotEquals(START_ERRNO, errno, Errno.name(errno) + " is the start errno");
        }
    }

    /**
     * Reproduces a lost report: run with {@code -Derrseq.stress.aba=true}; it fails, normally
     * within a few rounds, for both layouts and both implementations.
     *
     * <p>checkAndAdvance's CAS that adds SEEN (split: REPORTED|OBSERVED) is best effort, but the
     * cursor moves to {@code old|SEEN} whether or not the CAS won. If a set changes the errno
     * between the watcher's load and its CAS, nothing marks any value seen, so the counter
     * does not move on the following sets either, and a later set of the first errno brings
     * back exactly {@code old}. Once another watcher marks that seen, the word equals the first
     * watcher's cursor, and the first watcher misses an error set after its check returned:
     *
     * <pre>
     *   word (0, EIO)            A: load (0, EIO)
     *   set(-ENOSPC): (0, ENOSPC) A: CAS fails; cursor (0, EIO, SEEN); returns -EIO
     *   -- A's check has returned; then, one after the other: --
     *   set(-EIO):    (0, EIO)    the last error
     *   B: checkAndAdvance        -EIO; word (0, EIO, SEEN)
     *   A: checkAndAdvance        0: A never hears of the last error
     * </pre>
     *
     * <p>Only A's single check races here (with a writer flipping the errno); the rest runs on
     * the main thread in that order. This is lib/errseq.c's own algorithm (and the split
     * patch's: its retry covers a racing peek only), which both implementations follow faithfully.
     */
    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("implementationsAndLayouts")
    @EnabledIfSystemProperty(named = ABA_PROPERTY, matches = "true")
    @Tag(REPRODUCER_TAG)
    void aCheckRacingTwoSetsMustNotLoseALaterError(String kind, WordFactory factory,
            Layout layout) throws Exception {
        long budget = TimeUnit.SECONDS.toNanos(20);
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(2, task -> {
            Thread thread = new Thread(task, "errseq-aba-" + kind + "-" + layout);
            thread.setDaemon(true);
            return thread;
        });
        int rounds = 0;
        int lostCas = 0;
        try {
            while (System.nanoTime() - start < budget) {
                rounds++;
                try (ErrseqWord word = factory.create(layout, Errno.EIO)) {
                    ErrseqCursor a = word.watch();
                    ErrseqCursor b = word.watch();
                    int before = word.raw();
                    // The counter every set keeps as long as nobody marks a value seen.
                    int untouched = layout.counterOf(before) + (layout.isObserved(before) ? 1 : 0);
                    AtomicBoolean writing = new AtomicBoolean();
                    AtomicBoolean checked = new AtomicBoolean();
                    long deadline = System.nanoTime()
                            + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MILLIS);
                    Future<?> writer = pool.submit(() -> {
                        // Flip the errno until A's check is over, ending on ENOSPC.
                        for (int k = 0; !checked.get() || k % 2 == 0; k++) {
                            word.set(k % 2 == 0 ? -Errno.ENOSPC : -Errno.EIO);
                            writing.set(true);
                            if (System.nanoTime() > deadline) {
                                throw new AssertionError("watcher A never checked");
                            }
                        }
                        return null;
                    });
                    Future<Integer> watcher = pool.submit(() -> {
                        while (!writing.get()) { // a bounded spin, to land inside the flips
                            if (System.nanoTime() > deadline) {
                                throw new AssertionError("the writer never started");
                            }
                            Thread.onSpinWait();
                        }
                        int result = a.checkAndAdvance();
                        checked.set(true);
                        return result;
                    });
                    int first = watcher.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
                    writer.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
                    int cursorAfterRace = a.since();
                    int wordAfterRace = word.raw();
                    if (layout.counterOf(wordAfterRace) == untouched) {
                        lostCas++; // no value was ever marked seen: A's CAS lost to a set
                    }
                    word.set(-Errno.EIO); // strictly after A's check returned
                    int wordAfterLastSet = word.raw();
                    int other = b.checkAndAdvance();
                    int second = a.checkAndAdvance();
                    assertEquals(-Errno.EIO, second, kind + " " + layout + " round " + rounds
                            + ": watcher A missed the EIO set after its check returned."
                            + " A's racing check returned " + first + " and left its cursor at "
                            + layout.describe(cursorAfterRace) + " while the word was "
                            + layout.describe(wordAfterRace) + "; the last set made it "
                            + layout.describe(wordAfterLastSet) + "; watcher B's check returned "
                            + other + " and the word is now " + layout.describe(word.raw())
                            + " (" + lostCas + " lost CASes so far)");
                }
            }
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS));
        }
        System.out.printf("%s %s: no lost report in %d rounds (%d lost CASes)%n",
                kind, layout, rounds, lostCas);
    }

    static final class Stats {
        final AtomicLong sets = new AtomicLong();
        final AtomicLong checks = new AtomicLong();
        final AtomicLong reports = new AtomicLong();
        final AtomicLong reportsDuringWrites = new AtomicLong();
        final AtomicLong peeks = new AtomicLong();
        final AtomicLong finalPhasePeeks = new AtomicLong();
    }

    /** One fresh word, its cursors, the latches between its phases, and what the threads saw. */
    static final class Round {
        final String kind;
        final Layout layout;
        final int index;
        final int startRaw;
        final int lastErrno;
        final int setsPerWriter;
        final ErrseqWord word;
        final ErrseqCursor[] cursors = new ErrseqCursor[WATCHERS];

        final CountDownLatch writersFinished = new CountDownLatch(WRITERS);
        final CountDownLatch watchersQuiet = new CountDownLatch(WATCHERS);
        final CountDownLatch lastSetDone = new CountDownLatch(1);
        final CountDownLatch watchersFinished = new CountDownLatch(WATCHERS);
        final CountDownLatch peekerFinished;
        volatile boolean writersDone;
        volatile boolean stopPeeking;
        volatile boolean finalPhase;

        /** The first and second check after the last set, per watcher (read after the latch). */
        final int[][] finalResults = new int[WATCHERS][2];
        final int[] finalSince = new int[WATCHERS];

        Round(String kind, WordFactory factory, Layout layout, int index, int lastErrno) {
            this.kind = kind;
            this.layout = layout;
            this.index = index;
            // Every fourth word starts reported, a few sets below the counter's wrap-around.
            this.startRaw = index % 4 == 3
                    ? (layout.counterMask() - (index % 3) * layout.counterIncrement())
                            | layout.flagMask() | START_ERRNO
                    : 0;
            this.lastErrno = lastErrno;
            // 1, 2, 4, ... MAX: short rounds race the start, long ones the steady state.
            this.setsPerWriter = Math.min(MAX_SETS_PER_WRITER, 1 << (index % 10));
            this.word = factory.create(layout, startRaw);
            for (int i = 0; i < WATCHERS; i++) {
                cursors[i] = word.watch();
            }
            this.peekerFinished = new CountDownLatch(layout == Layout.SPLIT ? 1 : 0);
        }

        String where() {
            return kind + " " + layout + " round " + index + " (start "
                    + layout.describe(startRaw) + ", " + setsPerWriter + " sets per writer,"
                    + " last error -" + Errno.name(lastErrno) + ")";
        }

        boolean plausible(int raw) {
            int errno = Layout.errnoOf(raw);
            return raw == 0 || errno == lastErrno || errno == START_ERRNO || isWriterErrno(errno);
        }

        static boolean isWriterErrno(int errno) {
            for (int[] errnos : WRITER_ERRNOS) {
                for (int e : errnos) {
                    if (e == errno) {
                        return true;
                    }
                }
            }
            return false;
        }

        /** What must hold once every thread is done with the round. */
        void verify(int previous) {
            int raw = word.raw();
            for (int i = 0; i < WATCHERS; i++) {
                String who = where() + ", watcher " + i + " (word before the last set "
                        + layout.describe(previous) + ", cursor after the first check "
                        + layout.describe(finalSince[i]) + ", word now "
                        + layout.describe(raw) + ")";
                assertEquals(-lastErrno, finalResults[i][0],
                        "first checkAndAdvance after the last set: " + who);
                assertEquals(0, finalResults[i][1],
                        "second checkAndAdvance after the last set: " + who);
            }
            assertEquals(lastErrno, Layout.errnoOf(raw),
                    where() + ": word " + layout.describe(raw));
            assertTrue(layout.isReported(raw),
                    where() + ": the last error lost its reported flag: " + layout.describe(raw));
            // A new opener must not be handed the error the watchers already reported.
            ErrseqCursor late = word.watch();
            int lateResult = late.checkAndAdvance();
            assertEquals(0, lateResult, where() + ": a watcher opened after the error was"
                    + " reported got it again; word " + layout.describe(raw) + ", its cursor "
                    + layout.describe(late.since()));
            for (ErrseqCursor cursor : cursors) {
                assertEquals(0, cursor.check(), where() + ": check after reporting, cursor "
                        + layout.describe(cursor.since()) + ", word " + layout.describe(raw));
            }
        }
    }

    /** The worker threads, alive for the whole test, and the main thread's side of a round. */
    static final class Crew implements AutoCloseable {
        final String kind;
        final Layout layout;
        final Stats stats = new Stats();
        final CyclicBarrier startGate;
        final List<Thread> threads = new CopyOnWriteArrayList<>();
        final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        /** The round the workers play once they pass the start gate; null tells them to stop. */
        volatile Round current;
        volatile boolean aborted;

        Crew(String kind, Layout layout) {
            this.kind = kind;
            this.layout = layout;
            boolean split = layout == Layout.SPLIT;
            this.startGate = new CyclicBarrier(WRITERS + WATCHERS + (split ? 1 : 0) + 1);
            for (int i = 0; i < WRITERS; i++) {
                int id = i;
                spawn("writer-" + i, round -> write(round, id));
            }
            for (int i = 0; i < WATCHERS; i++) {
                int id = i;
                spawn("watcher-" + i, round -> watch(round, id));
            }
            if (split) {
                spawn("peeker", this::peek);
            }
        }

        /** One round, from the main thread. */
        void play(Round round) throws Exception {
            try {
                current = round;
                passGate("main");
                awaitOrFail(round.writersFinished, round, "the writers to finish");
                round.writersDone = true;
                // No watcher is inside checkAndAdvance from here until lastSetDone.
                awaitOrFail(round.watchersQuiet, round, "the watchers to stop");
                int previous = round.word.set(-round.lastErrno);
                round.finalPhase = true;
                round.lastSetDone.countDown();
                awaitOrFail(round.watchersFinished, round, "the watchers' final checks");
                round.stopPeeking = true;
                awaitOrFail(round.peekerFinished, round, "the peeker to stop");
                rethrowFailures(round);
                stats.sets.addAndGet((long) WRITERS * round.setsPerWriter);
                round.verify(previous);
            } finally {
                round.word.close();
            }
        }

        // ---- the workers ----

        interface Role {
            void play(Round round) throws Exception;
        }

        private void spawn(String name, Role role) {
            Thread thread = new Thread(() -> {
                try {
                    for (;;) {
                        passGate(name);
                        Round round = current;
                        if (round == null || aborted) {
                            return;
                        }
                        role.play(round);
                    }
                } catch (Throwable t) {
                    if (!aborted) {
                        failures.add(t);
                    }
                    abort();
                }
            }, "errseq-stress-" + kind + "-" + layout + "-" + name);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }

        private void write(Round round, int id) {
            int[] errnos = WRITER_ERRNOS[id];
            ErrseqWord word = round.word;
            for (int k = 0; k < round.setsPerWriter && !aborted; k++) {
                int previous = word.set(-errnos[(k + round.index) % errnos.length]);
                if (!round.plausible(previous)) {
                    throw new AssertionError(round.where() + ": writer-" + id
                            + " set returned " + layout.describe(previous));
                }
            }
            round.writersFinished.countDown();
        }

        private void watch(Round round, int id) throws InterruptedException {
            ErrseqCursor cursor = round.cursors[id];
            long checks = 0;
            long reports = 0;
            long reportsDuringWrites = 0;
            while (!round.writersDone && !aborted) {
                int result = cursor.checkAndAdvance();
                if ((++checks & YIELD_EVERY) == 0) {
                    Thread.yield();
                }
                if (result != 0) {
                    reports++;
                    if (round.writersFinished.getCount() != 0) {
                        reportsDuringWrites++;
                    }
                    if (!Round.isWriterErrno(-result) && -result != START_ERRNO) {
                        throw new AssertionError(round.where() + ": watcher-" + id
                                + " got an errno nobody set: " + result);
                    }
                }
            }
            round.watchersQuiet.countDown();
            if (!round.lastSetDone.await(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
                throw new AssertionError(round.where() + ": watcher-" + id
                        + " timed out waiting for the last set");
            }
            round.finalResults[id][0] = cursor.checkAndAdvance();
            round.finalSince[id] = cursor.since();
            round.finalResults[id][1] = cursor.checkAndAdvance();
            stats.checks.addAndGet(checks + 2);
            stats.reports.addAndGet(reports + 1);
            stats.reportsDuringWrites.addAndGet(reportsDuringWrites);
            round.watchersFinished.countDown();
        }

        private void peek(Round round) {
            long peeks = 0;
            long finalPhasePeeks = 0;
            int observed = layout.observedBit();
            ErrseqWord word = round.word;
            while (!round.stopPeeking && !aborted) {
                int seen = word.peek();
                if ((++peeks & YIELD_EVERY) == 0) {
                    Thread.yield();
                }
                if (round.finalPhase) {
                    finalPhasePeeks++;
                }
                if (seen != 0 && (seen & observed) == 0) {
                    throw new AssertionError(round.where() + ": peek returned a value without"
                            + " OBSERVED: " + layout.describe(seen));
                }
                if (!round.plausible(seen)) {
                    throw new AssertionError(round.where() + ": peek returned "
                            + layout.describe(seen));
                }
            }
            stats.peeks.addAndGet(peeks);
            stats.finalPhasePeeks.addAndGet(finalPhasePeeks);
            round.peekerFinished.countDown();
        }

        // ---- bounded waiting, failing, stopping ----

        private void passGate(String who) throws Exception {
            if (aborted && !"main".equals(who)) {
                return; // the crew is stopping; the worker sees a null or aborted round
            }
            try {
                startGate.await(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException | BrokenBarrierException e) {
                if (aborted && !"main".equals(who)) {
                    throw e; // the crew is stopping: not a failure of its own
                }
                String stuck = stacks();
                abort();
                rethrowFailures(current);
                throw new AssertionError(kind + " " + layout + ": " + who
                        + " gave up at the start gate: " + e + stuck, e);
            }
        }

        private void awaitOrFail(CountDownLatch latch, Round round, String what)
                throws Exception {
            if (!latch.await(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
                String stuck = stacks();
                abort();
                rethrowFailures(round);
                throw new AssertionError(round.where() + ": timed out after " + TIMEOUT_MILLIS
                        + " ms waiting for " + what + stuck);
            }
            if (aborted) {
                rethrowFailures(round);
                throw new AssertionError(round.where() + ": aborted while waiting for " + what);
            }
        }

        private void rethrowFailures(Round round) {
            Throwable first = failures.peek();
            if (first == null) {
                return;
            }
            AssertionError error = new AssertionError(
                    (round == null ? kind + " " + layout : round.where())
                            + ": a worker thread failed: " + first, first);
            failures.stream().skip(1).forEach(error::addSuppressed);
            throw error;
        }

        /**
         * Stops everything after a failure: releases every latch of the round (the waiters see
         * {@link #aborted}), breaks the gate and interrupts the workers, so that nobody waits
         * for a thread that has died.
         */
        private void abort() {
            aborted = true;
            Round round = current;
            if (round != null) {
                round.writersDone = true;
                round.stopPeeking = true;
                for (CountDownLatch latch : new CountDownLatch[] {round.writersFinished,
                        round.watchersQuiet, round.lastSetDone, round.watchersFinished,
                        round.peekerFinished}) {
                    while (latch.getCount() > 0) {
                        latch.countDown();
                    }
                }
            }
            startGate.reset();
            for (Thread thread : threads) {
                if (thread != Thread.currentThread()) {
                    thread.interrupt();
                }
            }
        }

        private String stacks() {
            StringBuilder text = new StringBuilder();
            for (Thread thread : threads) {
                if (thread.isAlive()) {
                    text.append("\n  ").append(thread.getName()).append(" (")
                            .append(thread.getState()).append("):");
                    for (StackTraceElement frame : thread.getStackTrace()) {
                        text.append("\n    at ").append(frame);
                    }
                }
            }
            return text.toString();
        }

        /** Stops the workers: a null round through the gate, or a broken gate after a failure. */
        @Override
        public void close() throws Exception {
            if (!aborted) {
                current = null;
                passGate("main");
            } else {
                startGate.reset();
            }
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MILLIS);
            for (Thread thread : threads) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                thread.join(Math.max(1, left));
                if (thread.isAlive()) {
                    throw new AssertionError(kind + " " + layout + ": " + thread.getName()
                            + " did not stop within " + TIMEOUT_MILLIS + " ms" + stacks());
                }
            }
            rethrowFailures(null);
        }
    }
}
