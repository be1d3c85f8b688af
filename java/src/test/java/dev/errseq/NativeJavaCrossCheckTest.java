package dev.errseq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Differential test: the C core (through JNI) and the pure-Java twin, driven in lockstep by the
 * same seeded random sequence of operations over several words and several cursors per word.
 *
 * <p>After every single operation the return values, every cursor's {@code since} and every
 * word's raw value must agree. A third party takes part too: a deliberately naive,
 * single-threaded {@link Model} written from the spec ({@code errseq-semantics.md}), so that a
 * mistake the twin copied from the C code (or the other way round) is caught as well.
 *
 * <p>Words start at the epoch, at random raw values (odd flag and errno combinations) or just
 * below the top of the counter, so that the counter wraps within a segment.
 *
 * <p>The seed of the random run is {@code -Derrseq.crosscheck.seed=S} if given, else
 * {@link System#nanoTime()}; it is printed always, and every failure message carries it.
 */
class NativeJavaCrossCheckTest {
    /** The property that fixes the seed of the random run. */
    static final String SEED_PROPERTY = "errseq.crosscheck.seed";
    /** The seed of the always-run reproducible run. */
    static final long FIXED_SEED = 0x5EED_E770_2020_1217L;
    /** Operations per layout per run (the brief asks for at least 10^6). */
    static final long OPERATIONS = 2_000_000;

    static final int WORDS = 4;
    static final int CURSORS = 4;

    /** The seed of this JVM's random run, shared by both layouts. */
    static final long RANDOM_SEED = chooseSeed();

    private static long chooseSeed() {
        String configured = System.getProperty(SEED_PROPERTY);
        long seed;
        String origin;
        if (configured != null && !configured.isBlank()) {
            seed = Long.decode(configured.trim());
            origin = "from -D" + SEED_PROPERTY;
        } else {
            seed = System.nanoTime();
            origin = "from System.nanoTime()";
        }
        System.out.println("NativeJavaCrossCheckTest random seed " + seed + " (" + origin
                + "; rerun with -D" + SEED_PROPERTY + "=" + seed + ")");
        return seed;
    }

    @ParameterizedTest(name = "{0}, random seed")
    @EnumSource(Layout.class)
    void nativeAndJavaAgreeOnARandomSeed(Layout layout) {
        crossCheck(layout, RANDOM_SEED, "random");
    }

    @ParameterizedTest(name = "{0}, fixed seed")
    @EnumSource(Layout.class)
    void nativeAndJavaAgreeOnTheFixedSeed(Layout layout) {
        crossCheck(layout, FIXED_SEED, "fixed");
    }

    /** The same seed replays the very same operations and results: failures can be replayed. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Layout.class)
    void aSeedReplaysExactly(Layout layout) {
        long first = new Lockstep(layout, FIXED_SEED ^ 1, Lockstep.Perturbation.NONE).run(20_000);
        long again = new Lockstep(layout, FIXED_SEED ^ 1, Lockstep.Perturbation.NONE).run(20_000);
        long other = new Lockstep(layout, FIXED_SEED ^ 2, Lockstep.Perturbation.NONE).run(20_000);
        assertEquals(first, again, "same seed, different fingerprint");
        assertNotEquals(first, other, "different seeds, same fingerprint: the seed is not used");
    }

    /**
     * The harness itself can fail: a Java twin that starts one flag away from its native
     * partner, or a model with a wrong expectation, must be reported with the seed and step.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Layout.class)
    void aDivergenceIsReportedWithSeedAndStep(Layout layout) {
        for (Lockstep.Perturbation p : new Lockstep.Perturbation[] {
                Lockstep.Perturbation.JAVA_START_FLIPPED,
                Lockstep.Perturbation.MODEL_CHECK_WRONG}) {
            AssertionError e = assertThrows(AssertionError.class,
                    () -> new Lockstep(layout, 42, p).run(100_000), p.toString());
            String message = e.getMessage();
            assertTrue(message.contains("seed 42") && message.contains("step "), message);
            assertTrue(message.contains("native=") && message.contains("java="), message);
        }
    }

    @Test
    void peekIsRefusedAlikeOnUpstreamWords() {
        try (ErrseqWord n = ErrseqWord.allocateNative(Layout.UPSTREAM, 0x3005);
                ErrseqWord j = ErrseqWord.createJava(Layout.UPSTREAM, 0x3005)) {
            assertThrows(UnsupportedOperationException.class, n::peek);
            assertThrows(UnsupportedOperationException.class, j::peek);
            assertEquals(0x3005, n.raw());
            assertEquals(0x3005, j.raw());
        }
    }

    private static void crossCheck(Layout layout, long seed, String kind) {
        long start = System.nanoTime();
        Lockstep lockstep = new Lockstep(layout, seed, Lockstep.Perturbation.NONE);
        long fingerprint = lockstep.run(OPERATIONS);
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("cross-checked %d operations (%s, seed %d) [%s seed, %d segments,"
                        + " %d counter wraps, fingerprint %016x, %d ms]%n",
                lockstep.operations, layout, seed, kind, lockstep.segments, lockstep.wraps,
                fingerprint, millis);
        assertTrue(lockstep.operations >= OPERATIONS, "too few operations");
        assertTrue(lockstep.wraps > 0, "no segment wrapped the counter");
    }

    /**
     * A spec-only reference for one word: no CAS, no sharing, the rules of
     * errseq-semantics.md written out plainly.
     */
    static final class Model {
        final boolean split;
        int value;

        Model(Layout layout, int raw) {
            this.split = layout == Layout.SPLIT;
            this.value = raw;
        }

        int reported() {
            return 0x1000;
        }

        int observed() {
            return split ? 0x2000 : 0x1000;
        }

        int flags() {
            return split ? 0x3000 : 0x1000;
        }

        int increment() {
            return split ? 0x4000 : 0x2000;
        }

        /** Returns the previous value; a refused errno is the caller's business (Java throws). */
        int set(int err) {
            int old = value;
            int next = (old & ~(0xFFF | flags())) | -err;
            if ((old & observed()) != 0) {
                next += increment();
            }
            value = next;
            return old;
        }

        int peek() {
            if (!split) {
                throw new UnsupportedOperationException();
            }
            if (value != 0) {
                value |= observed();
            }
            return value;
        }

        int sample() {
            int cur = split ? peek() : value;
            return (cur & reported()) != 0 ? cur : 0;
        }

        int check(int since) {
            boolean same = split
                    ? (value & ~flags()) == (since & ~flags())
                    : value == since;
            return same ? 0 : -(value & 0xFFF);
        }

        /** The new cursor in the high half, the result in the low half. */
        long checkAndAdvance(int since) {
            if (value == since) {
                return pack(since, 0);
            }
            value |= flags();
            return pack(value, -(value & 0xFFF));
        }

        private static long pack(int since, int result) {
            return ((long) since << 32) | (result & 0xFFFF_FFFFL);
        }
    }

    /** Native words, Java words and models side by side, driven by one random sequence. */
    static final class Lockstep {
        enum Perturbation {
            NONE,
            /** The Java twins start one REPORTED/SEEN flag away from the native words. */
            JAVA_START_FLIPPED,
            /** The model's check answers one errno off: a wrong expectation. */
            MODEL_CHECK_WRONG
        }

        enum Op {
            SET, SET_ODD_ERRNO, SET_REFUSED, SAMPLE, PEEK, CHECK_CURSOR, CHECK_VALUE,
            CHECK_AND_ADVANCE, WATCH, WATCH_FROM, NEW_SEGMENT
        }

        static final int[] COMMON_ERRNOS = {Errno.EIO, Errno.ENOSPC, Errno.EDQUOT, Errno.EROFS};
        static final int[] REFUSED_ERRS = {0, 1, Errno.EIO, 4095, -4096, -5000,
            Integer.MIN_VALUE, Integer.MAX_VALUE};

        /** Cumulative weights (out of 1000) of the operations, in {@link Op} order. */
        private final int[] cumulative;

        final Layout layout;
        final long seed;
        final Perturbation perturbation;
        private final SplittableRandom random;

        private final ErrseqWord[] natives = new ErrseqWord[WORDS];
        private final ErrseqWord[] javas = new ErrseqWord[WORDS];
        private final Model[] models = new Model[WORDS];
        private final ErrseqCursor[][] nativeCursors = new ErrseqCursor[WORDS][CURSORS];
        private final ErrseqCursor[][] javaCursors = new ErrseqCursor[WORDS][CURSORS];
        private final int[][] modelCursors = new int[WORDS][CURSORS];
        private final int[] starts = new int[WORDS];

        long operations;
        long segments;
        long wraps;
        private long step;
        private long segmentEnd;
        private long fingerprint = 0xCBF2_9CE4_8422_2325L;

        /** The last {@link #HISTORY} steps before the current one, for the failure message. */
        static final int HISTORY = 12;
        private final Op[] pastOps = new Op[HISTORY];
        private final int[][] pastArgs = new int[HISTORY][4];
        private final long[] pastSteps = new long[HISTORY];

        /** What the current step does, for the failure message. */
        private Op op;
        private int opWord;
        private int opCursor;
        private int opArg;

        Lockstep(Layout layout, long seed, Perturbation perturbation) {
            this.layout = layout;
            this.seed = seed;
            this.perturbation = perturbation;
            this.random = new SplittableRandom(seed);
            boolean split = layout == Layout.SPLIT;
            int[] weights = new int[Op.values().length];
            weights[Op.SET.ordinal()] = 230;
            weights[Op.SET_ODD_ERRNO.ordinal()] = 40;
            weights[Op.SET_REFUSED.ordinal()] = 5;
            weights[Op.SAMPLE.ordinal()] = 70;
            weights[Op.PEEK.ordinal()] = split ? 90 : 5;
            weights[Op.CHECK_CURSOR.ordinal()] = 150;
            weights[Op.CHECK_VALUE.ordinal()] = 40;
            weights[Op.WATCH.ordinal()] = 60;
            weights[Op.WATCH_FROM.ordinal()] = 40;
            weights[Op.NEW_SEGMENT.ordinal()] = 0;
            int used = 0;
            for (int w : weights) {
                used += w;
            }
            weights[Op.CHECK_AND_ADVANCE.ordinal()] = 1000 - used;
            cumulative = new int[weights.length];
            int sum = 0;
            for (int i = 0; i < weights.length; i++) {
                sum += weights[i];
                cumulative[i] = sum;
            }
        }

        /** Runs at least {@code minimum} operations; returns a fingerprint of all results. */
        long run(long minimum) {
            try {
                newSegment();
                while (operations < minimum) {
                    if (step >= segmentEnd) {
                        newSegment();
                    } else {
                        randomStep();
                    }
                }
                return fingerprint;
            } catch (AssertionError e) {
                throw e;
            } catch (RuntimeException | Error e) {
                throw new AssertionError(context() + ": unexpected " + e, e);
            } finally {
                closeAll();
            }
        }

        // ---- segments: fresh words from interesting starting values ----

        private void newSegment() {
            closeAll();
            segments++;
            op = Op.NEW_SEGMENT;
            for (int w = 0; w < WORDS; w++) {
                int raw = startValue();
                starts[w] = raw;
                opWord = w;
                opArg = raw;
                int javaRaw = perturbation == Perturbation.JAVA_START_FLIPPED && w == WORDS - 1
                        ? raw ^ layout.reportedBit() : raw;
                natives[w] = ErrseqWord.allocateNative(layout, raw);
                javas[w] = ErrseqWord.createJava(layout, javaRaw);
                models[w] = new Model(layout, raw);
                for (int c = 0; c < CURSORS; c++) {
                    // Placeholders (no word is touched), replaced one by one below.
                    watchFrom(w, c, raw);
                }
            }
            for (int w = 0; w < WORDS; w++) {
                opWord = w;
                for (int c = 0; c < CURSORS; c++) {
                    step++;
                    opCursor = c;
                    if (random.nextInt(4) == 0) {
                        int since = cursorValue(w);
                        opArg = since;
                        watchFrom(w, c, since);
                    } else {
                        watch(w, c);
                    }
                    operations++;
                    verifyState();
                    remember();
                }
            }
            // Mostly short segments (many starts), now and then a long one.
            segmentEnd = step + (random.nextInt(8) == 0
                    ? 5_000 + random.nextInt(20_000) : 200 + random.nextInt(3_000));
        }

        private int startValue() {
            int inc = layout.counterIncrement();
            int lowBits = inc - 1; // errno and flags
            switch (random.nextInt(8)) {
                case 0:
                case 1:
                    return 0;
                case 2:
                case 3: {
                    // Near the top: the counter wraps after a few reported sets.
                    int below = random.nextInt(6);
                    int top = layout.counterMask() - below * inc;
                    return top | (random.nextInt(4) == 0
                            ? random.nextInt(lowBits + 1)
                            : commonErrno() | randomFlags());
                }
                case 4:
                case 5:
                    // Anywhere, any bits at all: errno 0 with flags, flags without errno, ...
                    return random.nextInt();
                default:
                    // A plausible value: some counter, a common errno, some flags.
                    return (random.nextInt() & layout.counterMask()) | commonErrno()
                            | randomFlags();
            }
        }

        private int randomFlags() {
            return random.nextInt(layout.flagMask() + 1) & layout.flagMask();
        }

        private int commonErrno() {
            return COMMON_ERRNOS[random.nextInt(COMMON_ERRNOS.length)];
        }

        /** A value for watchFrom or check: current, flag-twiddled, another cursor's, random. */
        private int cursorValue(int w) {
            int raw = models[w].value;
            switch (random.nextInt(6)) {
                case 0:
                    return raw;
                case 1:
                    return raw ^ (random.nextInt(layout.flagMask() + 1) & layout.flagMask());
                case 2:
                    return modelCursors[w][random.nextInt(CURSORS)];
                case 3:
                    return 0;
                case 4:
                    return raw + layout.counterIncrement() * (random.nextInt(3) - 1);
                default:
                    return random.nextInt();
            }
        }

        private void closeAll() {
            for (int w = 0; w < WORDS; w++) {
                if (natives[w] != null) {
                    natives[w].close();
                    javas[w].close();
                }
            }
        }

        // ---- one random step ----

        private Op pick() {
            int r = random.nextInt(1000);
            Op[] ops = Op.values();
            for (int i = 0; i < cumulative.length; i++) {
                if (r < cumulative[i]) {
                    return ops[i];
                }
            }
            throw new AssertionError("weights do not add up to 1000");
        }

        private void randomStep() {
            step++;
            op = pick();
            int w = random.nextInt(WORDS);
            int c = random.nextInt(CURSORS);
            opWord = w;
            opCursor = c;
            opArg = 0;
            ErrseqWord n = natives[w];
            ErrseqWord j = javas[w];
            Model m = models[w];
            switch (op) {
                case SET:
                case SET_ODD_ERRNO: {
                    int err = op == Op.SET
                            ? -commonErrno() : -(1 + random.nextInt(Layout.MAX_ERRNO));
                    opArg = err;
                    int before = m.value;
                    compare("set(" + err + ") result", n.set(err), j.set(err), m.set(err));
                    if (Integer.compareUnsigned(m.value, before) < 0
                            && (before & layout.counterMask()) == layout.counterMask()) {
                        wraps++;
                    }
                    break;
                }
                case SET_REFUSED: {
                    int err = REFUSED_ERRS[random.nextInt(REFUSED_ERRS.length)];
                    opArg = err;
                    String nativeThrew = refusal(n, err);
                    String javaThrew = refusal(j, err);
                    if (nativeThrew == null || javaThrew == null) {
                        throw new AssertionError(context() + ": set(" + err + ") was not refused:"
                                + " native=" + nativeThrew + " java=" + javaThrew);
                    }
                    mix(err);
                    break;
                }
                case SAMPLE:
                    compare("sample()", n.sample(), j.sample(), m.sample());
                    break;
                case PEEK:
                    if (layout == Layout.SPLIT) {
                        compare("peek()", n.peek(), j.peek(), m.peek());
                    } else {
                        boolean nativeRefused = refusesPeek(n);
                        boolean javaRefused = refusesPeek(j);
                        if (!nativeRefused || !javaRefused) {
                            throw new AssertionError(context() + ": upstream peek() not refused:"
                                    + " native=" + nativeRefused + " java=" + javaRefused);
                        }
                    }
                    break;
                case CHECK_CURSOR: {
                    opArg = modelCursors[w][c];
                    compareErrno("cursor.check()", nativeCursors[w][c].check(),
                            javaCursors[w][c].check(), modelCheck(m, modelCursors[w][c]));
                    break;
                }
                case CHECK_VALUE: {
                    int since = cursorValue(w);
                    opArg = since;
                    compareErrno("check(since)", n.check(since), j.check(since),
                            modelCheck(m, since));
                    break;
                }
                case CHECK_AND_ADVANCE: {
                    opArg = modelCursors[w][c];
                    int nr = n.checkAndAdvance(nativeCursors[w][c]);
                    int jr = j.checkAndAdvance(javaCursors[w][c]);
                    long packed = m.checkAndAdvance(modelCursors[w][c]);
                    modelCursors[w][c] = (int) (packed >>> 32);
                    compareErrno("checkAndAdvance(cursor) result", nr, jr, (int) packed);
                    break;
                }
                case WATCH:
                    watch(w, c);
                    break;
                case WATCH_FROM: {
                    int since = cursorValue(w);
                    opArg = since;
                    watchFrom(w, c, since);
                    break;
                }
                default:
                    throw new AssertionError("unexpected op " + op);
            }
            operations++;
            verifyState();
            remember();
        }

        private void remember() {
            int slot = (int) (step % HISTORY);
            pastOps[slot] = op;
            pastSteps[slot] = step;
            pastArgs[slot][0] = opWord;
            pastArgs[slot][1] = opCursor;
            pastArgs[slot][2] = opArg;
            pastArgs[slot][3] = models[opWord].value;
        }

        private int modelCheck(Model m, int since) {
            int expected = m.check(since);
            return perturbation == Perturbation.MODEL_CHECK_WRONG && expected != 0
                    ? expected - 1 : expected;
        }

        private void watch(int w, int c) {
            nativeCursors[w][c] = natives[w].watch();
            javaCursors[w][c] = javas[w].watch();
            modelCursors[w][c] = models[w].sample();
        }

        private void watchFrom(int w, int c, int since) {
            nativeCursors[w][c] = natives[w].watchFrom(since);
            javaCursors[w][c] = javas[w].watchFrom(since);
            modelCursors[w][c] = since;
        }

        private static String refusal(ErrseqWord word, int err) {
            int before = word.raw();
            try {
                word.set(err);
                return null;
            } catch (IllegalArgumentException e) {
                return word.raw() == before ? "refused" : null;
            }
        }

        private static boolean refusesPeek(ErrseqWord word) {
            try {
                word.peek();
                return false;
            } catch (UnsupportedOperationException e) {
                return true;
            }
        }

        // ---- comparison ----

        /** Compares raw values (set, sample, peek). */
        private void compare(String what, int nativeValue, int javaValue, int modelValue) {
            compare(what, nativeValue, javaValue, modelValue, false);
        }

        /** Compares check results: 0 or a negative errno. */
        private void compareErrno(String what, int nativeValue, int javaValue, int modelValue) {
            compare(what, nativeValue, javaValue, modelValue, true);
        }

        private void compare(String what, int nativeValue, int javaValue, int modelValue,
                boolean errno) {
            if (nativeValue != javaValue || javaValue != modelValue) {
                throw new AssertionError(context() + ": " + what + " differs: native="
                        + show(nativeValue, errno) + " java=" + show(javaValue, errno)
                        + " model(spec)=" + show(modelValue, errno) + state());
            }
            mix(nativeValue);
        }

        /** Every word's raw value and every cursor's since, on all three sides. */
        private void verifyState() {
            for (int w = 0; w < WORDS; w++) {
                int nr = natives[w].raw();
                int jr = javas[w].raw();
                int mr = models[w].value;
                if (nr != jr || jr != mr) {
                    throw new AssertionError(context() + ": raw word " + w + " differs: native="
                            + layout.describe(nr) + " java=" + layout.describe(jr)
                            + " model(spec)=" + layout.describe(mr) + state());
                }
                for (int c = 0; c < CURSORS; c++) {
                    int ns = nativeCursors[w][c].since();
                    int js = javaCursors[w][c].since();
                    int ms = modelCursors[w][c];
                    if (ns != js || js != ms) {
                        throw new AssertionError(context() + ": since of cursor " + w + "." + c
                                + " differs: native=" + layout.describe(ns) + " java="
                                + layout.describe(js) + " model(spec)=" + layout.describe(ms)
                                + state());
                    }
                }
            }
            mix(models[opWord].value);
        }

        private void mix(int value) {
            fingerprint = (fingerprint ^ (value & 0xFFFF_FFFFL)) * 0x1000_0000_01B3L;
        }

        private String show(int value, boolean errno) {
            return value + " (" + (errno ? Errno.name(value) : layout.describe(value)) + ")";
        }

        private String context() {
            return "seed " + seed + ", " + layout + ", step " + step + " (segment " + segments
                    + "), op " + op + " on word " + opWord
                    + " cursor " + opCursor + " arg " + opArg + " (0x" + Integer.toHexString(opArg)
                    + ")";
        }

        private String state() {
            StringBuilder text = new StringBuilder("\n  previous steps (model word after):");
            for (long past = Math.max(1, step - HISTORY); past < step; past++) {
                int slot = (int) (past % HISTORY);
                if (pastOps[slot] == null || pastSteps[slot] != past) {
                    continue;
                }
                int[] args = pastArgs[slot];
                text.append(String.format("%n    step %d: %s word %d cursor %d arg %d -> %s",
                        past, pastOps[slot], args[0], args[1], args[2],
                        layout.describe(args[3])));
            }
            text.append("\n  model state after the failing step:");
            for (int w = 0; w < WORDS; w++) {
                text.append("\n  word ").append(w).append(" started at ")
                        .append(layout.describe(starts[w])).append(", model now ")
                        .append(layout.describe(models[w].value)).append("; cursors");
                for (int c = 0; c < CURSORS; c++) {
                    text.append(' ').append(String.format("0x%08x", modelCursors[w][c]));
                }
            }
            return text.toString();
        }
    }
}
