package dev.errseq.bench;

import dev.errseq.Errno;
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
 * peek, which only the split layout has, on a word whose EIO was set and reported (so it is
 * OBSERVED already and peek stores nothing), native and Java twin.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = Settings.FORKS, jvmArgsAppend = Settings.NATIVE_ACCESS)
@Warmup(iterations = Settings.WARMUP_ITERATIONS, time = Settings.WARMUP_MILLIS,
        timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = Settings.ITERATIONS, time = Settings.MILLIS,
        timeUnit = TimeUnit.MILLISECONDS)
@State(Scope.Thread)
public class PeekBench {
    @Param({"native", "java"})
    public String impl;

    private ErrseqWord word;

    @Setup
    public void setup() {
        word = WordBench.newWord(impl, Layout.SPLIT);
        word.set(-Errno.EIO);
        word.watch().checkAndAdvance();
    }

    @TearDown
    public void tearDown() {
        word.close();
    }

    @Benchmark
    public int peek() {
        return word.peek();
    }
}
