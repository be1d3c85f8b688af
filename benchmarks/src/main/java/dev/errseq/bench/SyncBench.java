package dev.errseq.bench;

import dev.errseq.fs.ErrnoException;
import dev.errseq.fs.FileSyncs;
import dev.errseq.fs.FsHandle;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
 * syncfs and fsync end to end on tmpfs, where the kernel has nothing to write back, so what is
 * left is the call path: the library's (FsHandle, FileSyncs) against JNA's two mappings of
 * libc's syncfs and the JDK's FileChannel.force(true) on the same file. The FFM peer is in
 * benchmarks/ffm.
 *
 * <p>The C loops ({@code cLoop*}) run the library's C syncfs and fsync {@value #LOOP} times per
 * call from the bench library: the system call's own cost inside this JVM process, measured in
 * the same run as the rest, with one JNA call spread over {@value #LOOP} system calls. The
 * C program in benchmarks/c measures the same loops without a JVM.
 *
 * <p>Every benchmark here makes {@value #LOOP} calls per invocation, as the C loops do, so that
 * JMH's own work around an invocation is spread over as many calls for each of them. That work
 * is a nanosecond or two, except where every system call empties the TLB: then it is the page
 * walks of the pages JMH touches (its loop, its control object), tens of nanoseconds per call,
 * which the C loops would not pay.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = Settings.FORKS, jvmArgsAppend = Settings.NATIVE_ACCESS)
@Warmup(iterations = Settings.WARMUP_ITERATIONS, time = Settings.WARMUP_MILLIS,
        timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = Settings.ITERATIONS, time = Settings.MILLIS,
        timeUnit = TimeUnit.MILLISECONDS)
@State(Scope.Thread)
public class SyncBench {
    static final int LOOP = Settings.SYNC_LOOP;

    private Path dir;
    private FsHandle dirHandle;
    private FsHandle fileHandle;
    private FileChannel channel;
    private Jna.LibcInterface libc;
    private int jnaFd = -1;
    private int jnaFileFd = -1;

    @Setup
    public void setup() throws IOException {
        dir = BenchDirectory.create();
        Path file = dir.resolve("fsync-target");
        channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        channel.write(ByteBuffer.wrap("errseq\n".getBytes(StandardCharsets.US_ASCII)));
        dirHandle = FsHandle.open(dir);
        fileHandle = FsHandle.open(file);
        libc = Jna.libcInterface();
        jnaFd = Jna.DirectLibc.open(dir.toString(), Jna.O_RDONLY_CLOEXEC);
        jnaFileFd = Jna.DirectLibc.open(file.toString(), Jna.O_RDWR_CLOEXEC);
    }

    @TearDown
    public void tearDown() throws IOException {
        if (jnaFd >= 0) {
            Jna.DirectLibc.close(jnaFd);
        }
        if (jnaFileFd >= 0) {
            Jna.DirectLibc.close(jnaFileFd);
        }
        dirHandle.close();
        fileHandle.close();
        channel.close();
        BenchDirectory.delete(dir);
    }

    @Benchmark
    @OperationsPerInvocation(LOOP)
    public void librarySyncfs() throws ErrnoException {
        for (int i = 0; i < LOOP; i++) {
            dirHandle.syncfs();
        }
    }

    @Benchmark
    @OperationsPerInvocation(LOOP)
    public int jnaDirectSyncfs() {
        int failures = 0;
        for (int i = 0; i < LOOP; i++) {
            failures += Jna.DirectLibc.syncfs(jnaFd) < 0 ? 1 : 0;
        }
        return failures;
    }

    @Benchmark
    @OperationsPerInvocation(LOOP)
    public int jnaInterfaceSyncfs() {
        int failures = 0;
        for (int i = 0; i < LOOP; i++) {
            failures += libc.syncfs(jnaFd) < 0 ? 1 : 0;
        }
        return failures;
    }

    @Benchmark
    @OperationsPerInvocation(LOOP)
    public int cLoopSyncfs() {
        return Jna.DirectBench.errseq_bench_syncfs_loop(jnaFd, LOOP);
    }

    @Benchmark
    @OperationsPerInvocation(LOOP)
    public int cLoopFsync() {
        return Jna.DirectBench.errseq_bench_fsync_loop(jnaFileFd, LOOP);
    }

    @Benchmark
    @OperationsPerInvocation(LOOP)
    public void libraryFsync() throws ErrnoException {
        for (int i = 0; i < LOOP; i++) {
            fileHandle.fsync();
        }
    }

    @Benchmark
    @OperationsPerInvocation(LOOP)
    public void fileSyncsFsync() throws ErrnoException {
        for (int i = 0; i < LOOP; i++) {
            FileSyncs.fsync(channel);
        }
    }

    @Benchmark
    @OperationsPerInvocation(LOOP)
    public void channelForce() throws IOException {
        for (int i = 0; i < LOOP; i++) {
            channel.force(true);
        }
    }
}
