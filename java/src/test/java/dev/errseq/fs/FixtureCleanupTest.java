package dev.errseq.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The fixture leaves nothing behind: not after close, not when its filesystem is still busy
 * at close (lazy unmount), and not after a JVM that died with fixtures open
 * ({@link LoopFilesystem#cleanStale}).
 */
class FixtureCleanupTest {

    @Test
    void closeRemovesMountsLoopDeviceAndDirectory() throws IOException {
        Assumptions.assumeLoopFilesystem(LoopFilesystem.Kind.EXT4);
        LoopFilesystem fs = LoopFilesystem.create(LoopFilesystem.Kind.EXT4);
        Path dir = fs.mountPoint().getParent();
        String loop = fs.loopDevice();
        assertTrue(Fixtures.isMountPoint(fs.mountPoint()));
        assertTrue(Fixtures.isMountPoint(fs.tmpfsDirectory()));
        assertEquals(List.of(loop), Fixtures.loopsBackedUnder(dir));
        fs.close();
        fs.close(); // twice is fine
        assertNothingLeftUnder(dir);
    }

    @Test
    void closeOfABusyFilesystemFallsBackToALazyUnmount() throws Exception {
        Assumptions.assumeLoopFilesystem(LoopFilesystem.Kind.EXT4);
        LoopFilesystem fs = LoopFilesystem.create(LoopFilesystem.Kind.EXT4);
        Path dir = fs.mountPoint().getParent();
        String loop = fs.loopDevice();
        FsHandle busy = FsHandle.open(fs.mountPoint());
        try {
            IOException e = assertThrows(IOException.class, fs::close);
            assertTrue(e.getMessage().contains("lazily"), e.getMessage());
            assertTrue(Fixtures.mountsUnder(dir).isEmpty(), () -> "" + Fixtures.mountsUnder(dir));
            assertFalse(Files.exists(dir), dir + " still exists");
            busy.syncfs(); // the detached filesystem still works for whoever holds it
        } finally {
            busy.close();
        }
        // losetup -d on a busy device only marked it autoclear: it goes with the last user.
        // (Its backing_file no longer names our directory once the tmpfs is detached, so
        // watch the device itself.)
        waitUntilDetached(loop);
    }

    @Test
    void cleanStaleRemovesWhatADeadJvmLeft() throws Exception {
        Assumptions.assumeLoopFilesystem(LoopFilesystem.Kind.EXT4);
        long deadPid = deadPid();
        Path dir = Fixtures.BASE.resolve(Fixtures.PREFIX + deadPid + "-1");
        Path tmpfs = dir.resolve("tmpfs");
        Path mnt = dir.resolve("mnt");
        Path backing = tmpfs.resolve("backing.img");
        Files.createDirectories(tmpfs);
        Files.createDirectories(mnt);
        try {
            // What a killed JVM leaves: a mounted tmpfs, a loop device, a mounted ext4.
            Shell.run(Shell.SHORT, "mount", "-t", "tmpfs", "-o", "size=64m", "errseq-fixture",
                    tmpfs.toString());
            try (RandomAccessFile file = new RandomAccessFile(backing.toFile(), "rw")) {
                file.setLength(64L << 20);
            }
            String loop = Shell.run(Shell.SHORT, "losetup", "-f", "--show", backing.toString())
                    .strip();
            Shell.run(Shell.LONG, "mkfs.ext4", "-q", "-F", loop);
            Shell.run(Shell.SHORT, "mount", loop, mnt.toString());
            Files.writeString(mnt.resolve("left-behind"), "x");
            assertEquals(2, Fixtures.mountsUnder(dir).size());

            List<String> log = LoopFilesystem.cleanStale();

            assertTrue(log.contains("detached " + loop), log::toString);
            assertNothingLeftUnder(dir);
        } finally {
            // Should the clean-up above have failed, undo it here all the same.
            Fixtures.teardown(dir, List.of(), new ArrayList<>(),
                    new ArrayList<>());
        }
    }

    @Test
    void cleanStaleLeavesLiveJvmsAlone() throws IOException {
        Assumptions.assumeRoot();
        Path mine = Fixtures.newDirectory(); // our own pid: alive
        try {
            LoopFilesystem.cleanStale();
            assertTrue(Files.isDirectory(mine));
        } finally {
            Fixtures.deleteTree(mine);
        }
    }

    private static long deadPid() throws Exception {
        Process process = new ProcessBuilder("true").start();
        long pid = process.pid();
        assertTrue(process.waitFor(10, TimeUnit.SECONDS));
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        return pid;
    }

    private static void assertNothingLeftUnder(Path dir) {
        assertEquals(List.of(), Fixtures.mountsUnder(dir), "mounts under " + dir);
        assertEquals(List.of(), Fixtures.loopsBackedUnder(dir), "loop devices backed under " + dir);
        assertFalse(Files.exists(dir), dir + " still exists");
    }

    private static void waitUntilDetached(String loop) throws InterruptedException {
        Path bound = Path.of("/sys/block", Path.of(loop).getFileName().toString(), "loop");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Files.exists(bound) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertFalse(Files.exists(bound), loop + " is still attached");
    }
}
