package dev.errseq;

import java.util.Objects;

/**
 * One errseq word: the latest writeback error of something, plus the flags and the counter
 * that let any number of watchers each learn of every new error exactly once.
 *
 * <p>Two implementations share this API and agree bit for bit: {@link #allocateNative} keeps
 * the word in native memory and runs the C core through JNI; {@link #createJava} is the
 * pure-Java twin. Each follows one {@link Layout}.
 *
 * <p>Return values follow the kernel: {@link #check} and {@link #checkAndAdvance} return 0 for
 * "nothing new" or a negative errno; words and cursors are raw 32-bit values ({@link
 * Layout#describe} spells them out). Every operation is safe to call from many threads on one
 * word; a {@link ErrseqCursor} belongs to one watcher and is not itself thread-safe.
 *
 * <pre>{@code
 * try (ErrseqWord word = ErrseqWord.allocateNative(Layout.UPSTREAM)) {
 *     ErrseqCursor watcher = word.watch();        // like open(2): samples the word
 *     word.set(-Errno.EIO);                       // like a failed writeback
 *     watcher.checkAndAdvance();                  // -5 (EIO), once
 *     watcher.checkAndAdvance();                  // 0
 * }
 * }</pre>
 */
public abstract sealed class ErrseqWord implements AutoCloseable
        permits NativeErrseqWord, JavaErrseqWord {

    private final Layout layout;

    ErrseqWord(Layout layout) {
        this.layout = Objects.requireNonNull(layout, "layout");
    }

    /**
     * A new word in native memory, at the epoch (0).
     *
     * @param layout the bit layout the word follows
     * @return a new word in native memory, at the epoch (0)
     */
    public static ErrseqWord allocateNative(Layout layout) {
        return allocateNative(layout, 0);
    }

    /**
     * A new word in native memory holding {@code raw}, for example a value saved earlier
     * or one near the counter's wrap-around.
     *
     * @param layout the bit layout the word follows
     * @param raw the word's first value, any 32 bits
     * @return a new word in native memory holding {@code raw}, for example a value saved earlier or
     *     one near the counter's wrap-around
     * @throws NullPointerException if {@code layout} is null
     * @throws UnsatisfiedLinkError if the native library cannot be loaded (its message says why)
     */
    public static ErrseqWord allocateNative(Layout layout, int raw) {
        return new NativeErrseqWord(layout, raw);
    }

    /**
     * A new pure-Java word at the epoch (0).
     *
     * @param layout the bit layout the word follows
     * @return a new pure-Java word at the epoch (0)
     */
    public static ErrseqWord createJava(Layout layout) {
        return createJava(layout, 0);
    }

    /**
     * A new pure-Java word holding {@code raw}.
     *
     * @param layout the bit layout the word follows
     * @param raw the word's first value, any 32 bits
     * @return a new pure-Java word holding {@code raw}
     */
    public static ErrseqWord createJava(Layout layout, int raw) {
        return JavaErrseqWord.create(layout, raw);
    }

    /**
     * The bit layout this word follows.
     *
     * @return the bit layout this word follows
     */
    public final Layout layout() {
        return layout;
    }

    /**
     * Whether this word lives in native memory (true) or is the Java twin (false).
     *
     * @return whether this word lives in native memory (true) or is the Java twin (false)
     */
    public abstract boolean isNative();

    /**
     * Records an error, as a failed writeback does ({@code errseq_set}). The errno replaces
     * the previous one; the counter moves only if the previous value was observed, so errors
     * nobody saw collapse into one report.
     *
     * @param err a negative errno, -4095..-1, such as {@code -Errno.EIO}
     * @return the previous raw value, for debugging only: never use it as a cursor
     * @throws IllegalArgumentException if {@code err} is outside -4095..-1; the word is unchanged
     */
    public final int set(int err) {
        if (err >= 0 || err < -Layout.MAX_ERRNO) {
            throw new IllegalArgumentException("err must be a negative errno in -4095..-1, was "
                    + err + (err > 0 && err <= Layout.MAX_ERRNO
                            ? " (did you mean -" + Errno.name(err) + "?)" : ""));
        }
        return doSet(err);
    }

    /**
     * A starting cursor for a new watcher ({@code errseq_sample}): the current value if its
     * error was already reported, else 0, so that an error nobody has seen still reaches the
     * new watcher once. Under {@link Layout#SPLIT} this also marks the value OBSERVED.
     *
     * @return a starting cursor: the current value if its error was already reported, else 0
     */
    public abstract int sample();

    /**
     * Looks at the word without taking its error from anyone ({@code errseq_peek}, split
     * layout only): marks a non-zero value OBSERVED, so the next error is told apart from it,
     * and leaves REPORTED alone, so later samplers still get an unreported error.
     *
     * @return the current value with OBSERVED set (0 at the epoch)
     * @throws UnsupportedOperationException on an {@link Layout#UPSTREAM} word, which has no peek
     */
    public abstract int peek();

    /**
     * Whether the word changed since {@code since} ({@code errseq_check}); changes nothing.
     * Upstream compares all 32 bits; split ignores its two flags.
     *
     * @param since a cursor value: a sample, or a value kept from earlier
     * @return 0, or the latest error as a negative errno
     */
    public abstract int check(int since);

    /**
     * Reports a new error to one watcher at most once ({@code errseq_check_and_advance}):
     * if the word changed since the cursor, marks it seen, moves the cursor to it and returns
     * its error; otherwise returns 0 and changes nothing.
     *
     * @param cursor a cursor of this word; it moves to the current value
     * @return 0, or the latest error as a negative errno
     * @throws NullPointerException if {@code cursor} is null
     * @throws IllegalArgumentException if {@code cursor} watches another word
     */
    public final int checkAndAdvance(ErrseqCursor cursor) {
        Objects.requireNonNull(cursor, "cursor");
        if (cursor.word() != this) {
            throw new IllegalArgumentException("cursor watches another word: " + cursor.word());
        }
        long packed = doCheckAndAdvance(cursor.since());
        cursor.moveTo((int) (packed >>> 32));
        return (int) packed;
    }

    /**
     * The word as it is now, for inspection only: not a sample, changes nothing.
     *
     * @return the word as it is now, for inspection only: not a sample, changes nothing
     */
    public abstract int raw();

    /**
     * A new watcher, like an open(2): a cursor starting at {@link #sample()}.
     *
     * @return a new watcher, like an open(2): a cursor starting at {@link #sample()}
     */
    public final ErrseqCursor watch() {
        return new ErrseqCursor(this, sample());
    }

    /**
     * A watcher whose cursor starts at {@code since}: a value kept from earlier, or a copy of
     * {@link #raw()} or {@link #peek()} taken by a watcher that must not consume the error.
     *
     * @param since the raw value the watcher starts from
     * @return a watcher whose cursor starts at {@code since}: a value kept from earlier, or a copy
     *     of {@link #raw()} or {@link #peek()} taken by a watcher that must not consume the error
     */
    public final ErrseqCursor watchFrom(int since) {
        if (isClosed()) {
            throw new IllegalStateException("errseq word is closed");
        }
        return new ErrseqCursor(this, since);
    }

    /**
     * Retires the word: every later operation on it (set, sample, peek, check,
     * checkAndAdvance, raw, watch, watchFrom) throws {@link IllegalStateException}; {@link
     * #layout()}, {@link #isClosed()} and {@link #toString()} still answer. Closing twice
     * is harmless. A native word's memory is returned once the object is unreachable, never
     * while a call on another thread may still be using it.
     */
    @Override
    public abstract void close();

    /**
     * Whether {@link #close()} was called.
     *
     * @return whether {@link #close()} was called
     */
    public abstract boolean isClosed();

    abstract int doSet(int err);

    /** check_and_advance from {@code since}: the new cursor in the high half, the result low. */
    abstract long doCheckAndAdvance(int since);

    static long pack(int since, int result) {
        return ((long) since << 32) | (result & 0xFFFF_FFFFL);
    }

    @Override
    public String toString() {
        String kind = isNative() ? "native" : "java";
        if (isClosed()) {
            return kind + " " + layout + " word (closed)";
        }
        return kind + " " + layout + " word " + layout.describe(raw());
    }
}
