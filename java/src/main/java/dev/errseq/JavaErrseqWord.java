package dev.errseq;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * The pure-Java twin of the C core: the same algorithms on a 32-bit word, with the same
 * results bit for bit. Each layout is a subclass mirroring one C file ({@code errseq.c},
 * {@code errseq_split.c}); the comments there explain the why. The word is the low half of
 * a volatile long whose sign bit says the word is closed.
 */
abstract sealed class JavaErrseqWord extends ErrseqWord {
    static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(JavaErrseqWord.class, "state", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The sign bit of {@link #state}: the word is closed. */
    private static final long CLOSED = Long.MIN_VALUE;
    private static final long WORD = 0xFFFF_FFFFL;

    /**
     * The 32-bit word in the low half, and {@link #CLOSED} once closed. One field, so that an
     * operation learns both in one load (sample is a load and a test, and a second load would
     * be half its cost), and so that close() and a compare-and-swap cannot miss each other:
     * nothing changes the word after close().
     */
    volatile long state;

    JavaErrseqWord(Layout layout, int raw) {
        super(layout);
        this.state = raw & WORD;
    }

    static JavaErrseqWord create(Layout layout, int raw) {
        return switch (Objects.requireNonNull(layout, "layout")) {
            case UPSTREAM -> new Upstream(raw);
            case SPLIT -> new Split(raw);
        };
    }

    static UnsupportedOperationException noPeek() {
        return new UnsupportedOperationException(
                "peek needs the SPLIT layout: an UPSTREAM word has no flag to observe without reporting");
    }

    static IllegalStateException closedWord() {
        return new IllegalStateException("errseq word is closed");
    }

    /** The value, after checking the word is open. */
    final int load() {
        return open(state);
    }

    /** The word in {@code now}, a value of {@link #state}, if it is open. */
    static int open(long now) {
        if (now < 0) {
            throw closedWord();
        }
        return (int) now;
    }

    /**
     * {@code since} as a value of {@link #state} with the bits of {@code mask}: an open word's
     * value matches it under {@code mask | CLOSED}, a closed one never does. The operations'
     * usual paths so test the word and whether it is open at once.
     */
    static long openValue(int since, int mask) {
        return since & mask & WORD;
    }

    static long openMask(int mask) {
        return CLOSED | (mask & WORD);
    }

    /** compareAndExchange on the word: the value found; throws if it was closed meanwhile. */
    final int cas(int expected, int next) {
        long found = (long) STATE.compareAndExchange(this, expected & WORD, next & WORD);
        if (found < 0) {
            throw closedWord();
        }
        return (int) found;
    }

    /** The negative errno a check reports for {@code val}. */
    static int errnoOf(int val) {
        return -(val & Layout.ERRNO_MASK);
    }

    @Override
    public final boolean isNative() {
        return false;
    }

    @Override
    public final int raw() {
        return load();
    }

    @Override
    public final void close() {
        STATE.getAndBitwiseOr(this, CLOSED);
    }

    @Override
    public final boolean isClosed() {
        return state < 0;
    }

    /** The set loop both layouts share; they differ in the masks only. */
    final int setWith(int err, int counterMask, int mustIncrement, int increment) {
        int old = load();
        for (;;) {
            int next = (old & counterMask) | -err;
            if ((old & mustIncrement) != 0) {
                next += increment;
            }
            if (next == old) {
                return next;
            }
            int cur = cas(old, next);
            if (cur == old) {
                return old;
            }
            if (cur == next) {
                return next;
            }
            old = cur;
        }
    }

    static final class Upstream extends JavaErrseqWord {
        private static final int SEEN = 0x1000;
        private static final int CTR_INC = 0x2000;
        private static final long SEEN_OPEN = openMask(SEEN);

        Upstream(int raw) {
            super(Layout.UPSTREAM, raw);
        }

        @Override
        int doSet(int err) {
            return setWith(err, -CTR_INC, SEEN, CTR_INC);
        }

        @Override
        public int sample() {
            long now = state;
            // Open and seen, where a watcher's word usually is: one test for both.
            if ((now & SEEN_OPEN) == SEEN) {
                return (int) now;
            }
            open(now); // throws if closed
            return 0;
        }

        @Override
        public int peek() {
            throw noPeek();
        }

        @Override
        public int check(int since) {
            long now = state;
            if (now == Integer.toUnsignedLong(since)) { // never, once closed
                return 0;
            }
            return errnoOf(open(now));
        }

        @Override
        long doCheckAndAdvance(int since) {
            int old = load();
            if (old == since) {
                return pack(since, 0);
            }
            int next = old | SEEN;
            if (next != old) {
                cas(old, next);
            }
            return pack(next, errnoOf(next));
        }
    }

    static final class Split extends JavaErrseqWord {
        private static final int REPORTED = 0x1000;
        private static final int OBSERVED = 0x2000;
        private static final int FLAGS = REPORTED | OBSERVED;
        private static final int CTR_INC = 0x4000;
        private static final long FLAGS_OPEN = openMask(FLAGS);
        private static final long NOT_FLAGS_OPEN = openMask(~FLAGS);

        Split(int raw) {
            super(Layout.SPLIT, raw);
        }

        @Override
        int doSet(int err) {
            return setWith(err, -CTR_INC, OBSERVED, CTR_INC);
        }

        @Override
        public int peek() {
            return observe(load());
        }

        /** Marks {@code old} OBSERVED unless it is the epoch; the value with the flag. */
        private int observe(int old) {
            int next = old;
            if (old != 0) {
                next |= OBSERVED;
                if (next != old) {
                    cas(old, next);
                }
            }
            return next;
        }

        @Override
        public int sample() {
            long now = state;
            // Open, reported and observed, where a watcher's word usually is: one test for
            // all three, and nothing to mark.
            if ((now & FLAGS_OPEN) == FLAGS) {
                return (int) now;
            }
            int cur = observe(open(now));
            return (cur & REPORTED) != 0 ? cur : 0;
        }

        @Override
        public int check(int since) {
            long now = state;
            if ((now & NOT_FLAGS_OPEN) == openValue(since, ~FLAGS)) {
                return 0;
            }
            return errnoOf(open(now));
        }

        @Override
        long doCheckAndAdvance(int since) {
            int old = load();
            int next = old;
            if (old == since) {
                return pack(since, 0);
            }
            for (int attempt = 0; attempt < 2; attempt++) {
                next = old | FLAGS;
                if (next == old) {
                    break;
                }
                int cur = cas(old, next);
                if (cur == old || cur != (old | OBSERVED)) {
                    break;
                }
                old = cur;
            }
            return pack(next, errnoOf(next));
        }
    }
}
