package dev.errseq.bench.ffm;

import dev.errseq.bench.BenchDirectory;
import dev.errseq.bench.BenchLibrary;
import dev.errseq.bench.Settings;
import dev.errseq.internal.NativeLibrary;
import dev.errseq.internal.WordNatives;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The FFM peers of the JNI bridge (java.lang.foreign, final since Java 22): downcalls to the
 * bench library's empty function and to its check_and_advance wrapper, which has the JNI
 * native's shape (word address as a long, cursor as an int, the packed long back) and runs
 * the same C function on a word from the same allocator, and to libc's syncfs with errno
 * captured, as the library's syncfs reports it.
 *
 * <p>Each empty call and check_and_advance is measured twice: as a plain downcall, and with
 * {@code Linker.Option.critical(false)}, which skips the thread-state transition (allowed only
 * for short calls that never block or call back, as these do; not for syncfs).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = Settings.FORKS, jvmArgsAppend = Settings.NATIVE_ACCESS)
@Warmup(iterations = Settings.WARMUP_ITERATIONS, time = Settings.WARMUP_MILLIS,
        timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = Settings.ITERATIONS, time = Settings.MILLIS,
        timeUnit = TimeUnit.MILLISECONDS)
@State(Scope.Thread)
public class FfmBench {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup BENCH =
            SymbolLookup.libraryLookup(BenchLibrary.path(), Arena.global());
    private static final FunctionDescriptor VOID = FunctionDescriptor.ofVoid();
    private static final FunctionDescriptor CHECK_AND_ADVANCE = FunctionDescriptor.of(
            ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT);
    private static final Linker.Option CRITICAL = Linker.Option.critical(false);
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
    private static final StructLayout CAPTURED = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURED.varHandle(
            MemoryLayout.PathElement.groupElement("errno"));

    private static final MethodHandle NOP = bench("errseq_bench_nop", VOID);
    private static final MethodHandle NOP_CRITICAL = bench("errseq_bench_nop", VOID, CRITICAL);
    private static final MethodHandle CAA = bench("errseq_bench_check_and_advance",
            CHECK_AND_ADVANCE);
    private static final MethodHandle CAA_CRITICAL = bench("errseq_bench_check_and_advance",
            CHECK_AND_ADVANCE, CRITICAL);
    private static final MethodHandle SYNCFS = libc("syncfs",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), CAPTURE_ERRNO);
    /** open(2) is variadic: the two fixed arguments, no variadic ones. */
    private static final MethodHandle OPEN = libc("open",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
            Linker.Option.firstVariadicArg(2));
    private static final MethodHandle CLOSE = libc("close",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final int O_RDONLY_CLOEXEC = 0x80000;

    private long word;
    private int since;
    private Path dir;
    private int fd = -1;
    private final MemorySegment callState = Arena.global().allocate(CAPTURED);

    private static MethodHandle bench(String name, FunctionDescriptor descriptor,
            Linker.Option... options) {
        return LINKER.downcallHandle(BENCH.findOrThrow(name), descriptor, options);
    }

    private static MethodHandle libc(String name, FunctionDescriptor descriptor,
            Linker.Option... options) {
        return LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow(name), descriptor,
                options);
    }

    @Setup
    public void setup() throws Throwable {
        NativeLibrary.load();
        // The JNI benchmarks' word: an EIO that was reported (SEEN), from the same malloc.
        word = WordNatives.alloc(Settings.REPORTED_EIO);
        since = Settings.REPORTED_EIO;
        dir = BenchDirectory.create();
        try (Arena arena = Arena.ofConfined()) {
            fd = (int) OPEN.invokeExact(arena.allocateFrom(dir.toString()), O_RDONLY_CLOEXEC);
        }
        if (fd < 0) {
            throw new IOException("open " + dir + " failed");
        }
    }

    @TearDown
    public void tearDown() throws Throwable {
        WordNatives.free(word);
        if (fd >= 0) {
            int rc = (int) CLOSE.invokeExact(fd);
            fd = rc < 0 ? fd : -1;
        }
        BenchDirectory.delete(dir);
    }

    @Benchmark
    public void nop() throws Throwable {
        NOP.invokeExact();
    }

    @Benchmark
    public void nopCritical() throws Throwable {
        NOP_CRITICAL.invokeExact();
    }

    @Benchmark
    public int checkAndAdvance() throws Throwable {
        long packed = (long) CAA.invokeExact(word, since);
        since = (int) (packed >>> 32);
        return (int) packed;
    }

    @Benchmark
    public int checkAndAdvanceCritical() throws Throwable {
        long packed = (long) CAA_CRITICAL.invokeExact(word, since);
        since = (int) (packed >>> 32);
        return (int) packed;
    }

    /**
     * syncfs with errno captured, thrown as the library would on failure; as many calls per
     * invocation as SyncBench makes.
     */
    @Benchmark
    @OperationsPerInvocation(Settings.SYNC_LOOP)
    public void syncfs() throws Throwable {
        for (int i = 0; i < Settings.SYNC_LOOP; i++) {
            int rc = (int) SYNCFS.invokeExact(callState, fd);
            if (rc < 0) {
                throw new IOException("syncfs failed: errno " + (int) ERRNO.get(callState, 0L));
            }
        }
    }
}
