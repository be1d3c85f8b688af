package dev.errseq.bench;

import dev.errseq.fs.ErrnoException;
import dev.errseq.fs.FsHandle;
import dev.errseq.internal.CStrings;
import dev.errseq.internal.NativeLibrary;
import dev.errseq.internal.SysNatives;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
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
 * The fd guard's half of {@link GuardBench}, run in each of its modes: membarrier in
 * {@link GuardBench}, fences in {@link GuardFencesBench}. {@link #libraryGuard} is the guard
 * (native/sys/errseq_sys_guard.h) around a native that does nothing; {@link #openClose} opens
 * and closes a handle on one thread (no barrier: nobody else used it), and
 * {@link #closeOpenedElsewhere} closes a handle that another thread opened (the barrier:
 * membarrier(2), or a fence).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = Settings.WARMUP_ITERATIONS, time = Settings.WARMUP_MILLIS,
        timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = Settings.ITERATIONS, time = Settings.MILLIS,
        timeUnit = TimeUnit.MILLISECONDS)
@State(Scope.Thread)
public abstract class GuardedCalls {
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

    /** A handle opened on another thread before each {@link #closeOpenedElsewhere}. */
    @State(Scope.Thread)
    public static class Elsewhere {
        private final ExecutorService opener = Executors.newSingleThreadExecutor();
        private Path dir;
        FsHandle handle;

        @Setup(Level.Trial)
        public void start() throws IOException {
            dir = BenchDirectory.create();
        }

        @Setup(Level.Invocation)
        public void open() throws Exception {
            handle = opener.submit(() -> FsHandle.open(dir)).get();
        }

        @TearDown(Level.Trial)
        public void stop() {
            opener.shutdownNow();
            BenchDirectory.delete(dir);
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
