package dev.errseq.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Java twin's peers: the plain JDK operations its own are built from. A volatile read (what
 * sample and check cost at least), AtomicInteger.get, and a compareAndSet that succeeds every
 * time (what set and a reporting checkAndAdvance cost at least), once and twice.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = Settings.FORKS, jvmArgsAppend = Settings.NATIVE_ACCESS)
@Warmup(iterations = Settings.WARMUP_ITERATIONS, time = Settings.WARMUP_MILLIS,
        timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = Settings.ITERATIONS, time = Settings.MILLIS,
        timeUnit = TimeUnit.MILLISECONDS)
@State(Scope.Thread)
public class PeerBench {
    private final AtomicInteger atomic = new AtomicInteger();
    private volatile int value;
    private int expected;

    @Benchmark
    public int volatileRead() {
        return value;
    }

    @Benchmark
    public int atomicGet() {
        return atomic.get();
    }

    @Benchmark
    public boolean atomicCompareAndSet() {
        int e = expected;
        expected = e ^ 1;
        return atomic.compareAndSet(e, e ^ 1);
    }

    @Benchmark
    public boolean atomicCompareAndSetTwice() {
        int e = expected;
        return atomic.compareAndSet(e, e ^ 1) & atomic.compareAndSet(e ^ 1, e);
    }
}
