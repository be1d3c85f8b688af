package dev.errseq.bench;

import dev.errseq.Errno;
import dev.errseq.ErrseqCursor;
import dev.errseq.ErrseqWord;
import dev.errseq.Layout;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One word under contention: two threads set errors while two watchers checkAndAdvance, each
 * with its own cursor (a JMH group of four threads on one shared word). The native word and
 * the Java twin (upstream layout), against AtomicInteger.incrementAndGet in the same four
 * threads. Scores are the group's total throughput; the report also shows each side.
 *
 * <p>On a two-core machine four threads share two cores, so this measures the word's cost
 * under cache-line contention and preemption together, as a busy server would see it.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = Settings.FORKS, jvmArgsAppend = Settings.NATIVE_ACCESS)
@Warmup(iterations = Settings.WARMUP_ITERATIONS, time = Settings.WARMUP_MILLIS,
        timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = Settings.ITERATIONS, time = Settings.MILLIS,
        timeUnit = TimeUnit.MILLISECONDS)
public class ContentionBench {

    /** The shared words, one set per group run. */
    @State(Scope.Group)
    public static class Shared {
        ErrseqWord nativeWord;
        ErrseqWord javaWord;
        final AtomicInteger atomic = new AtomicInteger();

        @Setup
        public void setup() {
            nativeWord = ErrseqWord.allocateNative(Layout.UPSTREAM);
            javaWord = ErrseqWord.createJava(Layout.UPSTREAM);
            nativeWord.set(-Errno.EIO);
            javaWord.set(-Errno.EIO);
        }

        @TearDown
        public void tearDown() {
            nativeWord.close();
            javaWord.close();
        }
    }

    /** Each thread's own cursors, and the errno its sets alternate. */
    @State(Scope.Thread)
    public static class Watcher {
        ErrseqCursor nativeCursor;
        ErrseqCursor javaCursor;
        int err = -Errno.EIO;

        @Setup
        public void setup(Shared shared) {
            nativeCursor = shared.nativeWord.watch();
            javaCursor = shared.javaWord.watch();
        }

        int nextErr() {
            int e = err;
            err = e ^ Settings.FLIP;
            return e;
        }
    }

    @Benchmark
    @Group("nativeWord")
    @GroupThreads(2)
    public int nativeSet(Shared shared, Watcher watcher) {
        return shared.nativeWord.set(watcher.nextErr());
    }

    @Benchmark
    @Group("nativeWord")
    @GroupThreads(2)
    public int nativeCheckAndAdvance(Watcher watcher) {
        return watcher.nativeCursor.checkAndAdvance();
    }

    @Benchmark
    @Group("javaWord")
    @GroupThreads(2)
    public int javaSet(Shared shared, Watcher watcher) {
        return shared.javaWord.set(watcher.nextErr());
    }

    @Benchmark
    @Group("javaWord")
    @GroupThreads(2)
    public int javaCheckAndAdvance(Watcher watcher) {
        return watcher.javaCursor.checkAndAdvance();
    }

    @Benchmark
    @Group("atomicInteger")
    @GroupThreads(2)
    public int atomicIncrementA(Shared shared) {
        return shared.atomic.incrementAndGet();
    }

    @Benchmark
    @Group("atomicInteger")
    @GroupThreads(2)
    public int atomicIncrementB(Shared shared) {
        return shared.atomic.incrementAndGet();
    }
}
