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
    static final int LOOP = 1000;

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
    public void librarySyncfs() throws ErrnoException {
        dirHandle.syncfs();
    }

    @Benchmark
    public int jnaDirectSyncfs() {
        return Jna.DirectLibc.syncfs(jnaFd);
    }

    @Benchmark
    public int jnaInterfaceSyncfs() {
        return libc.syncfs(jnaFd);
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
    public void libraryFsync() throws ErrnoException {
        fileHandle.fsync();
    }

    @Benchmark
    public void fileSyncsFsync() throws ErrnoException {
        FileSyncs.fsync(channel);
    }

    @Benchmark
    public void channelForce() throws IOException {
        channel.force(true);
    }
}
