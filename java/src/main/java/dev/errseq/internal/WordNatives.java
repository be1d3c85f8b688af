package dev.errseq.internal;

/**
 * The natives of {@code native/jni/errseq_jni_word_natives.c}, one per function of the C
 * core's {@code errseq.h}. Addresses come from {@link #alloc}; callers validate every argument.
 * Not part of the API: the package is not exported.
 */
public final class WordNatives {
    private WordNatives() {
    }

    /** A new word holding {@code raw}; throws OutOfMemoryError if malloc fails. */
    public static native long alloc(int raw);

    public static native void free(long word);

    public static native int load(long word);

    /** Does nothing: the cost of the bridge alone, for benchmarks. */
    public static native void nop();

    public static native int set(long word, int err);

    public static native int sample(long word);

    public static native int check(long word, int since);

    /** The new cursor in the high 32 bits, the result in the low 32 bits. */
    public static native long checkAndAdvance(long word, int since);

    public static native int splitSet(long word, int err);

    public static native int splitPeek(long word);

    public static native int splitSample(long word);

    public static native int splitCheck(long word, int since);

    /** The new cursor in the high 32 bits, the result in the low 32 bits. */
    public static native long splitCheckAndAdvance(long word, int since);
}
