package dev.errseq.bench;

import dev.errseq.Errno;

/**
 * The suite's fixed settings, one place for all benchmarks: two forks, each with two warm-up
 * iterations of 500 ms and five measured iterations of 500 ms. About eight seconds a
 * benchmark, so the whole suite fits in about ten minutes on two cores.
 *
 * <p>Two short forks rather than one long one: on a shared machine, work elsewhere comes in
 * bursts of seconds, and ten iterations from two separate windows give the report's median
 * something to be robust with (the report uses the median of the ten iterations; JMH's mean
 * and its confidence interval stay in the JSON).
 */
public final class Settings {
    public static final int FORKS = 2;
    public static final int WARMUP_ITERATIONS = 2;
    public static final int WARMUP_MILLIS = 500;
    public static final int ITERATIONS = 5;
    public static final int MILLIS = 500;
    /** JNA and FFM load native code from the class path: allowed, without a warning. */
    public static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";

    /** Upstream EIO, SEEN, counter 0: the word after set(-EIO) and one checkAndAdvance. */
    public static final int REPORTED_EIO = 0x1000 | Errno.EIO;
    /** set() alternates EIO and ENOSPC, so every call stores a new errno (a CAS). */
    public static final int FLIP = (-Errno.EIO) ^ (-Errno.ENOSPC);

    private Settings() {
    }
}
