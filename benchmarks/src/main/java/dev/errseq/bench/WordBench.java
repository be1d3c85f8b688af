package dev.errseq.bench;

import dev.errseq.Errno;
import dev.errseq.ErrseqCursor;
import dev.errseq.ErrseqWord;
import dev.errseq.Layout;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The word's operations through the public API, on one thread: the native word (JNI into the
 * C core) and the Java twin, each in both layouts. The native results are read against
 * {@link BridgeBench#jniNop}, the Java twin's against {@link PeerBench}, both against the C
 * core's own loop (benchmarks/c).
 *
 * <p>Every word starts where a watcher's life usually is: an EIO was set and reported, and the
 * cursor has seen it. {@code check} and {@code checkAndAdvance} then find nothing new (their
 * common case, like an fsync with no new error); {@code set} alternates EIO and ENOSPC, so
 * each call stores (a load and a CAS); {@code setThenCheckAndAdvance} sets an error and
 * reports it, so both operations store (two CASes).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = Settings.FORKS, jvmArgsAppend = Settings.NATIVE_ACCESS)
@Warmup(iterations = Settings.WARMUP_ITERATIONS, time = Settings.WARMUP_MILLIS,
        timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = Settings.ITERATIONS, time = Settings.MILLIS,
        timeUnit = TimeUnit.MILLISECONDS)
@State(Scope.Thread)
public class WordBench {
    @Param({"native", "java"})
    public String impl;

    @Param({"UPSTREAM", "SPLIT"})
    public Layout layout;

    private ErrseqWord word;
    private ErrseqCursor cursor;
    private int since;
    private int err;

    @Setup
    public void setup() {
        word = newWord(impl, layout);
        word.set(-Errno.EIO);
        cursor = word.watch();
        cursor.checkAndAdvance();
        since = cursor.since();
        err = -Errno.EIO;
    }

    static ErrseqWord newWord(String impl, Layout layout) {
        return switch (impl) {
            case "native" -> ErrseqWord.allocateNative(layout);
            case "java" -> ErrseqWord.createJava(layout);
            default -> throw new IllegalArgumentException("impl must be native or java: " + impl);
        };
    }

    @TearDown
    public void tearDown() {
        word.close();
    }

    @Benchmark
    public int set() {
        int e = err;
        err = e ^ Settings.FLIP;
        return word.set(e);
    }

    @Benchmark
    public int sample() {
        return word.sample();
    }

    @Benchmark
    public int check() {
        return word.check(since);
    }

    @Benchmark
    public int checkAndAdvance() {
        return cursor.checkAndAdvance();
    }

    @Benchmark
    public int setThenCheckAndAdvance() {
        word.set(-Errno.EIO);
        return cursor.checkAndAdvance();
    }
}
