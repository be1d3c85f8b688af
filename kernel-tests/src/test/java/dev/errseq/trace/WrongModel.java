package dev.errseq.trace;

import dev.errseq.Layout;

/**
 * errseq with a wrong constant: the kernel's algorithm (set, check-and-advance), but with SEEN
 * at {@code seen} and the counter moving by {@code step}. A replay must catch it.
 */
final class WrongModel implements WordModel {
    private final int seen;
    private final int step;
    private int word;

    WrongModel(int seen, int step) {
        this.seen = seen;
        this.step = step;
    }

    /** The counter moves by 0x1000 (into the SEEN bit) instead of 0x2000. */
    static WrongModel counterStep0x1000() {
        return new WrongModel(0x1000, 0x1000);
    }

    /** SEEN is bit 13 (the counter's lowest bit) instead of bit 12. */
    static WrongModel seenAtBit13() {
        return new WrongModel(0x2000, 0x2000);
    }

    @Override
    public int raw() {
        return word;
    }

    @Override
    public void set(int err) {
        int next = (word & ~(Layout.ERRNO_MASK | seen)) | -err;
        if ((word & seen) != 0) {
            next += step;
        }
        word = next;
    }

    @Override
    public int checkAndAdvance(int since) {
        if (word == since) {
            return since;
        }
        word |= seen;
        return word;
    }
}
