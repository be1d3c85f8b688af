package dev.errseq.bench;

import dev.errseq.Errno;

/**
 * The suite's fixed settings, one place for all benchmarks: two forks, each with two warm-up
 * iterations of 200 ms and five measured iterations of 200 ms, about four seconds a benchmark.
 * {@code benchmarks/run.sh} runs the suite twice, a few minutes apart, so every benchmark has
 * twenty samples from four JVMs and two moments, in about ten minutes on two cores.
 *
 * <p>Many short samples rather than a few long ones: on a shared machine, work elsewhere comes
 * in bursts of seconds and only ever adds time, so the report takes each benchmark's best
 * sample, and the more separate moments it was sampled at, the likelier one of them was quiet.
 * JMH's own mean and confidence interval stay in the JSON.
 */
public final class Settings {
    public static final int FORKS = 2;
    public static final int WARMUP_ITERATIONS = 2;
    public static final int WARMUP_MILLIS = 200;
    public static final int ITERATIONS = 5;
    public static final int MILLIS = 200;
    /** JNA and FFM load native code from the class path: allowed, without a warning. */
    /**
     * System calls per invocation in every sync benchmark, the C loops' count: JMH's own work
     * around an invocation is then spread over as many calls in each (see SyncBench).
     */
    public static final int SYNC_LOOP = 1000;
    public static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";

    /** Upstream EIO, SEEN, counter 0: the word after set(-EIO) and one checkAndAdvance. */
    public static final int REPORTED_EIO = 0x1000 | Errno.EIO;
    /** set() alternates EIO and ENOSPC, so every call stores a new errno (a CAS). */
    public static final int FLIP = (-Errno.EIO) ^ (-Errno.ENOSPC);

    private Settings() {
    }
}
