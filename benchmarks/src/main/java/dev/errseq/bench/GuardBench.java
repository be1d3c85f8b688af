package dev.errseq.bench;

import dev.errseq.internal.CStrings;
import dev.errseq.internal.NativeLibrary;
import dev.errseq.internal.SysNatives;
import dev.errseq.internal.WordNatives;
import dev.errseq.fs.ErrnoException;
import dev.errseq.fs.FsHandle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What each candidate guard against close racing a call costs the call, around a native that
 * does nothing, so that no system call hides it:
 *
 * <ul>
 *   <li>{@link #unguarded}: the empty JNI call alone, as an FFM downcall would make it, with
 *       no protection against a close;
 *   <li>{@link #countedGuard}: the guard FsHandle had before, in Java around the same empty
 *       call: a compare-and-swap loop to enter, an atomic add to leave;
 *   <li>{@link #libraryGuard}: the library's fd guard (native/sys/errseq_sys_guard.h) around
 *       nothing, in the mode the fork runs: membarrier here, fences in {@link GuardFencesBench}.
 * </ul>
 *
 * <p>And what the guard moves onto close: {@link #openClose} opens and closes a handle on one
 * thread (no barrier: nobody else used it), {@link #closeOpenedElsewhere} closes a handle that
 * another thread opened (the barrier: membarrier(2) here, a fence in {@link GuardFencesBench}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = Settings.FORKS, jvmArgsAppend = Settings.NATIVE_ACCESS)
@Warmup(iterations = Settings.WARMUP_ITERATIONS, time = Settings.WARMUP_MILLIS,
        timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = Settings.ITERATIONS, time = Settings.MILLIS,
        timeUnit = TimeUnit.MILLISECONDS)
@State(Scope.Thread)
public class GuardBench {
    private final AtomicInteger state = new AtomicInteger();
    private Path dir;
    private int fd = -1;
    private long token;
    private long entry;

    @Setup
    public void setup() throws IOException {
        NativeLibrary.load();
        dir = BenchDirectory.create();
        long[] out = new long[2];
        fd = SysNatives.open(CStrings.of(dir.toString()), out);
        if (fd < 0) {
            throw new IOException("open " + dir + ": " + fd);
        }
        token = out[0];
        entry = out[1];
    }

    @TearDown
    public void tearDown() throws IOException {
        SysNatives.close(fd, token, entry);
        BenchDirectory.delete(dir);
    }

    @Benchmark
    public void unguarded() {
        WordNatives.nop();
    }

    @Benchmark
    public void countedGuard() {
        for (;;) {
            int s = state.get();
            if ((s & 1) != 0) {
                throw new IllegalStateException("closed");
            }
            if (state.compareAndSet(s, s + 2)) {
                break;
            }
        }
        try {
            WordNatives.nop();
        } finally {
            state.addAndGet(-2);
        }
    }

    /** A handle opened on another thread before each {@link #closeOpenedElsewhere}. */
    @State(Scope.Thread)
    public static class Elsewhere {
        private final ExecutorService opener = Executors.newSingleThreadExecutor();
        FsHandle handle;

        @Setup(Level.Invocation)
        public void open(GuardBench bench) throws Exception {
            handle = opener.submit(() -> FsHandle.open(bench.dir)).get();
        }

        @TearDown(Level.Trial)
        public void stop() {
            opener.shutdownNow();
        }
    }

    @Benchmark
    public void openClose() throws ErrnoException {
        FsHandle.open(dir).close();
    }

    @Benchmark
    public void closeOpenedElsewhere(Elsewhere elsewhere) throws ErrnoException {
        elsewhere.handle.close();
    }

    @Benchmark
    public int libraryGuard() {
        return SysNatives.nop(fd, token, entry);
    }
}
