package dev.errseq.bench;

import dev.errseq.Errno;

/**
 * The suite's fixed settings, one place for all benchmarks: one fork, three warm-up and five
 * measured iterations of one second. About ten seconds a benchmark, so the whole suite fits in
 * about ten minutes on two cores.
 */
public final class Settings {
    public static final int FORKS = 1;
    public static final int WARMUP_ITERATIONS = 3;
    public static final int ITERATIONS = 5;
    public static final int SECONDS_PER_ITERATION = 1;
    /** JNA and FFM load native code from the class path: allowed, without a warning. */
    public static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";

    /** Upstream EIO, SEEN, counter 0: the word after set(-EIO) and one checkAndAdvance. */
    public static final int REPORTED_EIO = 0x1000 | Errno.EIO;
    /** set() alternates EIO and ENOSPC, so every call stores a new errno (a CAS). */
    public static final int FLIP = (-Errno.EIO) ^ (-Errno.ENOSPC);

    private Settings() {
    }
}
