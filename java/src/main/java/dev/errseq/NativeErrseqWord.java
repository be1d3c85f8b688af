package dev.errseq;

import dev.errseq.internal.NativeLibrary;
import dev.errseq.internal.WordNatives;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;

/**
 * An errseq word in native memory, driven by the C core through JNI.
 *
 * <p>Closing only clears {@link #address}; the memory itself is freed by a {@link Cleaner}
 * once this object is unreachable. Every native call keeps the object reachable until it
 * returns ({@link Reference#reachabilityFence}), so a close racing a call on another thread can
 * never free the word under that call, and calls pay no lock or reference count for it.
 */
final class NativeErrseqWord extends ErrseqWord {
    private static final Cleaner CLEANER = Cleaner.create();

    private final boolean split;
    private volatile long address;

    NativeErrseqWord(Layout layout, int raw) {
        super(layout);
        NativeLibrary.load();
        this.split = layout == Layout.SPLIT;
        long allocated = WordNatives.alloc(raw);
        this.address = allocated;
        CLEANER.register(this, () -> WordNatives.free(allocated));
    }

    private long address() {
        long a = address;
        if (a == 0) {
            throw new IllegalStateException("errseq word is closed");
        }
        return a;
    }

    @Override
    public boolean isNative() {
        return true;
    }

    @Override
    int doSet(int err) {
        try {
            long a = address();
            return split ? WordNatives.splitSet(a, err) : WordNatives.set(a, err);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public int sample() {
        try {
            long a = address();
            return split ? WordNatives.splitSample(a) : WordNatives.sample(a);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public int peek() {
        if (!split) {
            throw JavaErrseqWord.noPeek();
        }
        try {
            return WordNatives.splitPeek(address());
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public int check(int since) {
        try {
            long a = address();
            return split ? WordNatives.splitCheck(a, since) : WordNatives.check(a, since);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    long doCheckAndAdvance(int since) {
        try {
            long a = address();
            return split ? WordNatives.splitCheckAndAdvance(a, since)
                    : WordNatives.checkAndAdvance(a, since);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public int raw() {
        try {
            return WordNatives.load(address());
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public void close() {
        address = 0;
    }

    @Override
    public boolean isClosed() {
        return address == 0;
    }
}
