package dev.errseq;

/**
 * One watcher's position in an {@link ErrseqWord}: what the kernel keeps per open file
 * ({@code f_wb_err}, {@code f_sb_err}). Each watcher learns of each new error once.
 *
 * <p>Not thread-safe: like the kernel's cursor, it belongs to one watcher, which serialises
 * its own checks. The word itself may be shared freely.
 */
public final class ErrseqCursor {
    private final ErrseqWord word;
    private int since;

    ErrseqCursor(ErrseqWord word, int since) {
        this.word = word;
        this.since = since;
    }

    /**
     * The word this cursor watches.
     *
     * @return the word this cursor watches
     */
    public ErrseqWord word() {
        return word;
    }

    /**
     * The raw value this watcher last saw (its {@code since}).
     *
     * @return the raw value this watcher last saw (its {@code since})
     */
    public int since() {
        return since;
    }

    /**
     * Whether the word changed since this cursor, without moving it; see {@link ErrseqWord#check}.
     *
     * @return 0, or the latest error as a negative errno if the word changed since this cursor
     */
    public int check() {
        return word.check(since);
    }

    /**
     * Reports a new error once; see {@link ErrseqWord#checkAndAdvance}.
     *
     * @return a negative errno the first time this watcher checks after a new error, else 0
     */
    public int checkAndAdvance() {
        return word.checkAndAdvance(this);
    }

    void moveTo(int value) {
        since = value;
    }

    @Override
    public String toString() {
        return "cursor at " + word.layout().describe(since) + " on " + word;
    }
}
