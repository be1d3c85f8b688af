package dev.errseq.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errseq.fs.FsHandle;
import dev.errseq.testkit.internal.Scratch;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The testkit leaves nothing behind: not after close, not when its filesystem is still busy
 * at close (lazy unmount), not when making it failed half-way, not when the JVM is stopped
 * with filesystems open (the shutdown hook), and not after a JVM that was killed with them
 * open ({@link FaultyFilesystem#cleanStale}, at the next start). The JVMs that are stopped,
 * killed or fail are children running {@link CleanupChild}.
 */
class CleanupTest {
    private static final long CHILD_SECONDS = 120;

    @Test
    void closeRemovesMountsLoopDeviceAndDirectory() throws IOException {
        Skip.ifMissing(Prerequisites.missingFor(FilesystemKind.EXT4));
        FaultyFilesystem fs = FaultyFilesystem.create(FilesystemKind.EXT4);
        Path dir = fs.root().getParent();
        String loop = fs.loopDevice();
        assertTrue(Scratch.isMountPoint(fs.root()));
        assertTrue(Scratch.isMountPoint(dir.resolve("tmpfs")));
        assertEquals(List.of(loop), Scratch.loopsBackedUnder(dir));
        fs.close();
        fs.close(); // twice is fine
        assertNothingLeftUnder(dir);
    }

    @Test
    void closeOfATmpfsRemovesWhatIsMountedUnderIt() throws IOException {
        Skip.ifMissing(Prerequisites.missingForMounting());
        PrivateTmpfs tmpfs = PrivateTmpfs.create();
        Path dir = tmpfs.root().getParent();
        tmpfs.mountUnder("tmpfs", Files.createDirectory(tmpfs.root().resolve("inner")));
        assertEquals(2, Scratch.mountsUnder(dir).size());
        tmpfs.close();
        tmpfs.close();
        assertNothingLeftUnder(dir);
    }

    @Test
    void closeOfABusyFilesystemFallsBackToALazyUnmount() throws Exception {
        Skip.ifMissing(Prerequisites.missingFor(FilesystemKind.EXT4));
        FaultyFilesystem fs = FaultyFilesystem.create(FilesystemKind.EXT4);
        Path dir = fs.root().getParent();
        String loop = fs.loopDevice();
        FsHandle busy = FsHandle.open(fs.root());
        try {
            IOException e = assertThrows(IOException.class, fs::close);
            assertTrue(e.getMessage().contains("lazily"), e.getMessage());
            assertTrue(Scratch.mountsUnder(dir).isEmpty(), () -> "" + Scratch.mountsUnder(dir));
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

    /**
     * mkfs fails (a PATH entry of the child's own puts a failing mkfs.ext4 first): the tmpfs
     * and loop device made before it are removed again, and the error names the tool.
     */
    @Test
    void aCreateThatFailsHalfWayRemovesWhatItMade(@TempDir Path tools) throws Exception {
        Skip.ifMissing(Prerequisites.missingFor(FilesystemKind.EXT4));
        Path fake = tools.resolve("mkfs.ext4");
        Files.writeString(fake, "#!/bin/sh\necho 'mkfs.ext4: refused on purpose' >&2\nexit 1\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        Child child = startChild(tools, tools + File.pathSeparator + System.getenv("PATH"),
                "create");
        String output = child.awaitExit();
        assertTrue(output.contains("THREW ") && output.contains("refused on purpose"), output);
        assertEquals(List.of(), scratchOf(child.process().pid()), output);
    }

    /** SIGTERM: the JVM runs its shutdown hooks, and the testkit's closes what is open. */
    @Test
    void aStoppedJvmClosesItsFilesystems(@TempDir Path logs) throws Exception {
        Skip.ifMissing(Prerequisites.missingFor(FilesystemKind.EXT4));
        Held held = hold(logs);
        try {
            assertEquals(2, Scratch.mountsUnder(held.ext4()).size());
            assertEquals(1, Scratch.mountsUnder(held.tmpfs()).size());
            held.child().process().destroy();
            String output = held.child().awaitExit();
            assertTrue(output.contains("JVM stopping, closing FaultyFilesystem"), output);
            assertTrue(output.contains("JVM stopping, closing PrivateTmpfs"), output);
            assertNothingLeftUnder(held.ext4());
            assertNothingLeftUnder(held.tmpfs());
            waitUntilDetached(held.loop());
        } finally {
            held.child().process().destroyForcibly();
            FaultyFilesystem.cleanStale(); // should the hook have failed
        }
    }

    /** SIGKILL: nothing runs in the child; the next cleanStale removes what it left. */
    @Test
    void cleanStaleRemovesWhatAKilledJvmLeft(@TempDir Path logs) throws Exception {
        Skip.ifMissing(Prerequisites.missingFor(FilesystemKind.EXT4));
        Held held = hold(logs);
        Path ext4 = held.ext4();
        Path tmpfs = held.tmpfs();
        String loop = held.loop();
        try {
            held.child().process().destroyForcibly();
            String output = held.child().awaitExit();
            assertFalse(output.contains("JVM stopping"), output);
            assertEquals(2, Scratch.mountsUnder(ext4).size(), "what the killed JVM left");
            assertEquals(List.of(loop), Scratch.loopsBackedUnder(ext4));

            List<String> log = FaultyFilesystem.cleanStale();

            assertTrue(log.contains("detached " + loop), log::toString);
            assertTrue(log.contains("removed " + ext4), log::toString);
            assertTrue(log.contains("removed " + tmpfs), log::toString);
            assertNothingLeftUnder(ext4);
            assertNothingLeftUnder(tmpfs);
        } finally {
            FaultyFilesystem.cleanStale(); // should the assertions above have failed early
        }
    }

    @Test
    void cleanStaleLeavesLiveJvmsAlone() throws IOException {
        Skip.ifMissing(Prerequisites.missingForMounting());
        try (PrivateTmpfs mine = PrivateTmpfs.create()) { // our own pid: alive
            List<String> log = FaultyFilesystem.cleanStale();
            assertTrue(Scratch.isMountPoint(mine.root()), log::toString);
            assertFalse(log.stream().anyMatch(line -> line.contains(mine.root().getParent()
                    .toString())), log::toString);
        }
    }

    /** A child JVM running {@link CleanupChild}, its output in a file. */
    private record Child(Process process, Path log) {
        /** Polls the output until a line starts with "READY "; returns its words. */
        String[] awaitReady() throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CHILD_SECONDS);
            while (System.nanoTime() < deadline) {
                for (String line : output().split("\n")) {
                    if (line.startsWith("READY ")) {
                        return line.split(" ");
                    }
                }
                if (!process.isAlive()) {
                    break;
                }
                Thread.sleep(50);
            }
            process.destroyForcibly();
            throw new AssertionError("the child printed no READY:\n" + output());
        }

        /** Waits for the child's end; returns all it printed. */
        String awaitExit() throws Exception {
            if (!process.waitFor(CHILD_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the child did not end within " + CHILD_SECONDS
                        + " s:\n" + output());
            }
            return output();
        }

        String output() throws IOException {
            return Files.readString(log, StandardCharsets.UTF_8);
        }
    }

    /** A child holding an ext4 and a tmpfs it never closes: where they are, its loop device. */
    private record Held(Child child, Path ext4, Path tmpfs, String loop) {
    }

    private static Held hold(Path logs) throws Exception {
        Child child = startChild(logs, System.getenv("PATH"), "hold");
        String[] ready = child.awaitReady();
        return new Held(child, Path.of(ready[1]), Path.of(ready[2]), ready[3]);
    }

    private static Child startChild(Path logDir, String path, String mode) throws IOException {
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:-CreateCoredumpOnCrash", "-XX:-UsePerfData",
                "-cp", System.getProperty("java.class.path"),
                CleanupChild.class.getName(), mode);
        Path log = logDir.resolve("child-" + mode + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().put("PATH", path);
        return new Child(builder.start(), log);
    }

    /** The scratch directories a JVM with {@code pid} made and left. */
    private static List<Path> scratchOf(long pid) throws IOException {
        List<Path> left = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(Scratch.BASE,
                Scratch.PREFIX + pid + "-*")) {
            entries.forEach(left::add);
        }
        return left;
    }

    private static void assertNothingLeftUnder(Path dir) {
        assertEquals(List.of(), Scratch.mountsUnder(dir), "mounts under " + dir);
        assertEquals(List.of(), Scratch.loopsBackedUnder(dir), "loop devices backed under " + dir);
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
