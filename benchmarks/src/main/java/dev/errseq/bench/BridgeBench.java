package dev.errseq.bench;

import dev.errseq.internal.NativeLibrary;
import dev.errseq.internal.WordNatives;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.CompilerControl;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The bridge floor: what one call from Java into native code costs when the native side does
 * nothing. The library's JNI ({@code WordNatives.nop}, bound by RegisterNatives like every
 * native of the library) against JNA's two mappings of an equally empty C function in the
 * bench library, and a Java call that is not inlined. The FFM peers are in
 * {@code benchmarks/ffm}, which needs JDK 25.
 *
 * <p>{@link #jniCheckAndAdvance} is the library's checkAndAdvance native called raw, without
 * the public API's checks around it: the JNI side of the FFM comparison, which calls the same
 * C function through the same packed signature.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = Settings.FORKS, jvmArgsAppend = Settings.NATIVE_ACCESS)
@Warmup(iterations = Settings.WARMUP_ITERATIONS, time = Settings.WARMUP_MILLIS,
        timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = Settings.ITERATIONS, time = Settings.MILLIS,
        timeUnit = TimeUnit.MILLISECONDS)
@State(Scope.Thread)
public class BridgeBench {
    private Jna.BenchLibraryInterface jnaInterface;
    private long word;
    private int since;

    @Setup
    public void setup() {
        NativeLibrary.load();
        jnaInterface = Jna.benchInterface();
        Jna.DirectBench.errseq_bench_nop();
        // An EIO that was reported (SEEN): the state every word benchmark starts from.
        word = WordNatives.alloc(Settings.REPORTED_EIO);
        since = Settings.REPORTED_EIO;
    }

    @TearDown
    public void tearDown() {
        WordNatives.free(word);
    }

    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    private static void empty() {
    }

    /** A Java call the JIT may not inline: what any out-of-line call costs. */
    @Benchmark
    public void javaCall() {
        empty();
    }

    @Benchmark
    public void jniNop() {
        WordNatives.nop();
    }

    @Benchmark
    public void jnaDirectNop() {
        Jna.DirectBench.errseq_bench_nop();
    }

    @Benchmark
    public void jnaInterfaceNop() {
        jnaInterface.errseq_bench_nop();
    }

    @Benchmark
    public int jniCheckAndAdvance() {
        long packed = WordNatives.checkAndAdvance(word, since);
        since = (int) (packed >>> 32);
        return (int) packed;
    }
}
