package dev.errseq;

/**
 * The two bit layouts of an errseq word.
 *
 * <p>Both keep the latest errno, stored positive, in bits 0..11. They differ in the flags
 * above it:
 *
 * <ul>
 *   <li>{@link #UPSTREAM}, the kernel's {@code lib/errseq.c}: one flag, SEEN (bit 12), then a
 *       19-bit counter from bit 13.
 *   <li>{@link #SPLIT}, the "split the ERRSEQ_SEEN flag" patch (v3): REPORTED (bit 12) tells new
 *       samplers the error has reached someone, OBSERVED (bit 13) tells the next set to bump the
 *       counter; an 18-bit counter from bit 14. It adds {@code peek}, which watches without
 *       taking the error from later openers.
 * </ul>
 */
public enum Layout {
    /** Linux {@code lib/errseq.c}: errno | SEEN | counter. */
    UPSTREAM(0x1000, 0x1000, 0x2000),
    /** The split-flag patch: errno | REPORTED | OBSERVED | counter. */
    SPLIT(0x1000, 0x2000, 0x4000);

    /** Largest errno a word holds; {@link #ERRNO_MASK} selects it. */
    public static final int MAX_ERRNO = 4095;
    /** Bits 0..11: the latest errno, positive. */
    public static final int ERRNO_MASK = 0x0FFF;

    private final int reportedBit;
    private final int observedBit;
    private final int counterIncrement;

    Layout(int reportedBit, int observedBit, int counterIncrement) {
        this.reportedBit = reportedBit;
        this.observedBit = observedBit;
        this.counterIncrement = counterIncrement;
    }

    /**
     * The flag that makes a new sampler skip the current error: SEEN for {@link #UPSTREAM},
     * REPORTED for {@link #SPLIT}.
     *
     * @return the flag that makes a new sampler skip the current error: SEEN for {@link #UPSTREAM},
     *     REPORTED for {@link #SPLIT}
     */
    public int reportedBit() {
        return reportedBit;
    }

    /**
     * The flag that makes the next set bump the counter: SEEN for {@link #UPSTREAM} (the same
     * bit as {@link #reportedBit()}), OBSERVED for {@link #SPLIT}.
     *
     * @return the flag that makes the next set bump the counter: SEEN for {@link #UPSTREAM} (the
     *     same bit as {@link #reportedBit()}), OBSERVED for {@link #SPLIT}
     */
    public int observedBit() {
        return observedBit;
    }

    /**
     * Both flags of this layout.
     *
     * @return both flags of this layout
     */
    public int flagMask() {
        return reportedBit | observedBit;
    }

    /**
     * The counter's lowest bit: 0x2000 upstream, 0x4000 split.
     *
     * @return the counter's lowest bit: 0x2000 upstream, 0x4000 split
     */
    public int counterIncrement() {
        return counterIncrement;
    }

    /**
     * The counter's bits.
     *
     * @return the mask of the counter's bits
     */
    public int counterMask() {
        return -counterIncrement;
    }

    /**
     * The errno a raw word holds, positive (0 when it never held one).
     *
     * @param raw a raw word of this layout
     * @return the errno a raw word holds, positive (0 when it never held one)
     */
    public static int errnoOf(int raw) {
        return raw & ERRNO_MASK;
    }

    /**
     * The counter of a raw word, shifted down to start at 0.
     *
     * @param raw a raw word of this layout
     * @return the counter of a raw word, shifted down to start at 0
     */
    public int counterOf(int raw) {
        return (raw & counterMask()) >>> Integer.numberOfTrailingZeros(counterIncrement);
    }

    /**
     * Whether {@code raw} has this layout's reported flag (SEEN or REPORTED).
     *
     * @param raw a raw word of this layout
     * @return whether {@code raw} has this layout's reported flag (SEEN or REPORTED)
     */
    public boolean isReported(int raw) {
        return (raw & reportedBit) != 0;
    }

    /**
     * Whether {@code raw} has this layout's observed flag (SEEN or OBSERVED).
     *
     * @param raw a raw word of this layout
     * @return whether {@code raw} has this layout's observed flag (SEEN or OBSERVED)
     */
    public boolean isObserved(int raw) {
        return (raw & observedBit) != 0;
    }

    /**
     * A raw word spelled out, such as {@code 0x00003005 (counter 1, EIO, SEEN)} or
     * {@code 0x00000000 (epoch)}.
     *
     * @param raw a raw word of this layout
     * @return a raw word spelled out, such as {@code 0x00003005 (counter 1, EIO, SEEN)} or {@code
     *     0x00000000 (epoch)}
     */
    public String describe(int raw) {
        if (raw == 0) {
            return "0x00000000 (epoch)";
        }
        StringBuilder text = new StringBuilder(String.format("0x%08x (counter %d, %s",
                raw, counterOf(raw), Errno.name(errnoOf(raw))));
        if (this == UPSTREAM) {
            text.append(isReported(raw) ? ", SEEN" : "");
        } else {
            text.append(isReported(raw) ? ", REPORTED" : "");
            text.append(isObserved(raw) ? ", OBSERVED" : "");
        }
        return text.append(')').toString();
    }
}
