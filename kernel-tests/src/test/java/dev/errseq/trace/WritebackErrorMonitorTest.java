package dev.errseq.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrowsExactly;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errseq.ErrseqWord;
import dev.errseq.Layout;
import dev.errseq.fs.FsHandle;
import dev.errseq.fs.WritebackErrorException;
import dev.errseq.kerneltests.TracingSkips;
import dev.errseq.testkit.FaultyFilesystem;
import dev.errseq.testkit.FilesystemKind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The monitor on the real kernel, with an ext4 from the testkit (FaultyFilesystem): its private
 * instance, what it reports of a real writeback error, and the replay of that trace, which
 * must catch a model with a wrong counter step or SEEN bit.
 */
class WritebackErrorMonitorTest {
    private FaultyFilesystem fs;

    @AfterEach
    void tearDown() throws IOException {
        if (fs != null) {
            fs.close();
        }
    }

    /** Enough entries with long names to fill some fifty new directory blocks. */
    private static void growDirectory(Path dir) throws IOException {
        String name = "x".repeat(200);
        for (int i = 0; i < 1000; i++) {
            Files.createFile(dir.resolve(name + i));
        }
    }

    private FaultyFilesystem ext4() throws IOException {
        TracingSkips.unlessTracing(FilesystemKind.EXT4);
        fs = FaultyFilesystem.create(FilesystemKind.EXT4);
        return fs;
    }

    @Test
    void theInstanceIsPrivateAndGoesAwayOnClose() throws Exception {
        TracingSkips.unlessTracing(FilesystemKind.EXT4);
        String globalEnable = "events/filemap/filemap_set_wb_err/enable";
        WritebackErrorMonitor monitor = WritebackErrorMonitor.start();
        TreeSet<String> before;
        String globalBefore = Files.readString(TraceFixtures.TRACEFS.resolve(globalEnable));
        Path dir = monitor.instanceDirectory();
        try {
            assertTrue(Files.isDirectory(dir), dir.toString());
            assertTrue(dir.getFileName().toString().matches(
                    "errseq-" + ProcessHandle.current().pid() + "-\\d+"), dir.toString());
            assertEquals(TraceFixtures.TRACEFS.resolve("instances"), dir.getParent());
            assertTrue(Files.readString(dir.resolve("trace_clock")).contains("[mono]"));
            for (String event : Tracefs.EVENTS) {
                assertEquals("1", Files.readString(dir.resolve("events/" + event + "/enable"))
                        .strip(), event);
            }
            assertTrue(monitor.isRunning());
            before = TraceFixtures.instances();
        } finally {
            monitor.close();
        }
        assertFalse(Files.exists(dir), dir + " is still there");
        assertFalse(monitor.isRunning());
        TreeSet<String> after = TraceFixtures.instances();
        before.remove(dir.getFileName().toString());
        assertEquals(before, after, "only our instance may come and go");
        // The global buffer's events were never switched (the instance has its own).
        assertEquals(globalBefore, Files.readString(TraceFixtures.TRACEFS.resolve(globalEnable)));
        monitor.close(); // twice is fine
        assertEquals(null, monitor.poll(Duration.ZERO), "closed and drained");
        assertThrowsExactly(IllegalStateException.class, monitor::take);
    }

    @Test
    void anUnmountedTracefsIsMountedAtItsHome() throws Exception {
        TracingSkips.unlessTracing(FilesystemKind.EXT4);
        WritebackErrorMonitor.start().close(); // tracefs mounted here, if it was not
        TreeSet<String> before = TraceFixtures.instances();
        List<String> tracefs = TraceFixtures.tracefsMounts();
        // A mount namespace of its own, private, without tracefs: what the child mounts
        // stays there and goes with it.
        String script = "umount /sys/kernel/tracing 2>/dev/null; umount /sys/kernel/debug"
                + " 2>/dev/null; exec \"$0\" -cp \"$1\" " + MountProbe.class.getName();
        Process child = new ProcessBuilder("unshare", "--mount", "--propagation", "private",
                "sh", "-c", script, Path.of(System.getProperty("java.home"), "bin", "java")
                        .toString(), TraceFixtures.childClassPath()).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes());
        assertTrue(child.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), output);
        assertEquals(0, child.exitValue(), output);
        assertTrue(output.contains("TRACEFS-BEFORE 0\n"), output);
        assertTrue(output.contains("TRACEFS-AFTER 1\n"), output);
        assertTrue(output.matches("(?s).*INSTANCE /sys/kernel/tracing/instances/errseq-\\d+-1"
                + " true\n.*"), output);
        assertTrue(output.contains("REMOVED true\n"), output);
        // tracefs is one superblock: the child's instance was in ours, and it is gone.
        assertEquals(before, TraceFixtures.instances());
        assertEquals(tracefs, TraceFixtures.tracefsMounts(), "the child's mounts leaked out");
    }

    @Test
    void anInstanceGoesWithItsJvmWhetherItExitsOrIsKilled() throws Exception {
        TracingSkips.unlessTracing(FilesystemKind.EXT4);
        // Exit without close: the shutdown hook removes the instance.
        Process exiting = probe("exit");
        Path exited = instanceOf(exiting);
        assertTrue(exiting.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        assertFalse(Files.exists(exited), exited + " outlived its JVM");

        // Killed (SIGKILL, no hook): the instance stays until the next start removes it.
        Process killed = probe("wait");
        Path left = instanceOf(killed);
        killed.destroyForcibly();
        assertTrue(killed.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        try {
            assertTrue(Files.isDirectory(left), left + " vanished without a start");
            WritebackErrorMonitor.start().close();
            assertFalse(Files.exists(left), left + " of a killed JVM was not removed at start");
        } finally {
            if (Files.isDirectory(left)) {
                Files.delete(left);
            }
        }
    }

    private static Process probe(String mode) throws IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", TraceFixtures.childClassPath(),
                LifecycleProbe.class.getName(), mode).redirectErrorStream(true).start();
    }

    /** The instance the probe printed; reads up to that line, the rest is left unread. */
    private static Path instanceOf(Process probe) throws IOException {
        java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(
                probe.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith("INSTANCE ")) {
                return Path.of(line.substring("INSTANCE ".length()));
            }
            seen.append(line).append('\n');
        }
        throw new AssertionError("the probe printed no instance:\n" + seen);
    }

    @Test
    void aStaleInstanceOfADeadProcessIsRemovedAtStartAndOthersAreLeft() throws Exception {
        TracingSkips.unlessTracing(FilesystemKind.EXT4);
        WritebackErrorMonitor.start().close(); // tracefs mounted, if it was not
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path instances = TraceFixtures.TRACEFS.resolve("instances");
        Path stale = instances.resolve("errseq-" + gone.pid() + "-1");
        Path live = instances.resolve("errseq-" + ProcessHandle.current().pid() + "-999999");
        Path foreign = instances.resolve("not-errseq-" + gone.pid() + "-1");
        List<Path> made = List.of(stale, live, foreign);
        try {
            for (Path dir : made) {
                Files.createDirectory(dir);
            }
            WritebackErrorMonitor.start().close();
            assertFalse(Files.exists(stale), "the dead process's instance was left");
            assertTrue(Files.exists(live), "a live JVM's instance was removed");
            assertTrue(Files.exists(foreign), "another tool's instance was removed");
        } finally {
            for (Path dir : made) {
                Files.deleteIfExists(dir);
            }
        }
    }

    @Test
    void aRealErrorIsTracedTypedMappedAndNotSeenByAMonitorOfAnotherFilesystem()
            throws Exception {
        FaultyFilesystem ext4 = ext4();
        Path file = ext4.root().resolve("file");
        Files.createFile(file);
        List<WritebackErrorEvent> heard = new CopyOnWriteArrayList<>();
        try (WritebackErrorMonitor monitor = WritebackErrorMonitor.start(List.of(file));
                WritebackErrorMonitor elsewhere = WritebackErrorMonitor.builder()
                        .filesystemsOf(List.of(Path.of("/proc"))).listener(heard::add).start();
                FsHandle watcher = FsHandle.open(file)) {
            assertEquals("ext4", monitor.filesystems().get(0).fsType());
            // Metadata must fail too, for the block device's own word to get an error: a
            // directory grown while writes fail takes new blocks, whose buffers ext4 writes
            // back through the device's page cache.
            ext4.failWrites();
            growDirectory(Files.createDirectory(ext4.root().resolve("grown")));
            ext4.causeWritebackError(file);
            int errno = 0;
            try {
                watcher.fsync();
            } catch (WritebackErrorException e) {
                errno = e.errno();
            }
            assertTrue(errno != 0, "the fixture made no error");
            long now = System.nanoTime();
            List<WritebackErrorEvent> events = TraceFixtures.drain(monitor);
            assertTrue(elsewhere.flush(Duration.ofSeconds(20)));
            assertEquals(List.of(), heard, "a monitor of /proc got ext4's events");

            long ino = TraceFixtures.inode(file);
            DeviceNumber dev = TraceFixtures.device(file);
            List<WritebackErrorEvent> ofFile = TraceReplay.ofInode(events, dev, ino);
            WordSetEvent first = (WordSetEvent) ofFile.get(0);
            assertEquals(0, first.wordBefore(), "a new file's word starts at the epoch");
            TracedFilesystem where = first.filesystem().orElseThrow();
            assertEquals(ext4.root(), where.mountPoint());
            assertEquals("ext4", where.fsType());
            assertEquals(ext4.loopDevice(), where.source());
            assertFalse(first.onBlockDevice());
            assertFalse(first.comm().isEmpty());
            long previous = 0;
            for (WritebackErrorEvent event : events) {
                assertTrue(event.timestampNanos() >= previous && event.timestampNanos() <= now,
                        () -> "out of order or in the future: " + event);
                previous = event.timestampNanos();
            }
            CursorAdvanceEvent fsync = ofFile.stream()
                    .filter(e -> e instanceof CursorAdvanceEvent).map(e -> (CursorAdvanceEvent) e)
                    .findFirst().orElseThrow();
            assertEquals(0, fsync.oldCursor());
            assertEquals(errno, fsync.reportedErrno());
            assertTrue(Layout.UPSTREAM.isReported(fsync.newCursor()));

            // The failed metadata buffers set the block device's own word (and if ext4 did not
            // see that error first, the fsync of the loop device in causeWritebackError moved
            // a cursor on it): traced on the internal bdev filesystem with the device's number
            // as the inode.
            DeviceNumber loop = FilesystemResolver.blockDevice(ext4.loopDevice()).orElseThrow();
            List<WritebackErrorEvent> onDevice = events.stream()
                    .filter(WritebackErrorEvent::onBlockDevice).toList();
            assertTrue(onDevice.stream().anyMatch(e -> e instanceof WordSetEvent),
                    () -> "no set on the block device in " + events);
            for (WritebackErrorEvent event : onDevice) {
                assertEquals(loop.kernelEncoding(), event.inode());
                assertEquals(ext4.root(), event.filesystem().orElseThrow().mountPoint());
            }
            assertEquals(Optional.of(file), InodePaths.find(first, 10_000));
            assertEquals(Optional.empty(), InodePaths.find(onDevice.get(0), 10_000));
            MonitorStatistics statistics = monitor.statistics();
            assertEquals(0, statistics.missed(), statistics.toString());
            System.out.println("traced " + events.size() + " events, " + ofFile.size()
                    + " of the file; first " + first + "; " + statistics);
        }
    }

    @Test
    void aFullQueueCountsWhatItDropsAndQueuedEventsOutliveClose() throws Exception {
        FaultyFilesystem ext4 = ext4();
        Path file = ext4.root().resolve("file");
        WritebackErrorMonitor small = WritebackErrorMonitor.builder()
                .filesystemsOf(List.of(ext4.root())).queueCapacity(1).start();
        WritebackErrorMonitor large = WritebackErrorMonitor.start(List.of(ext4.root()));
        try {
            ext4.causeWritebackError(file);
            assertTrue(small.flush(Duration.ofSeconds(20)));
            assertTrue(large.flush(Duration.ofSeconds(20)));
        } finally {
            small.close();
            large.close();
        }
        MonitorStatistics full = small.statistics();
        MonitorStatistics roomy = large.statistics();
        assertEquals(1, full.delivered(), full.toString());
        assertEquals(roomy.delivered() - 1, full.undelivered(), full + " vs " + roomy);
        assertEquals(full.undelivered(), full.missed());
        assertEquals(0, roomy.missed(), roomy.toString());
        // Both are closed; what they queued is still there, then the end.
        List<WritebackErrorEvent> kept = new ArrayList<>();
        for (WritebackErrorEvent e; (e = large.poll(Duration.ZERO)) != null; ) {
            kept.add(e);
        }
        assertEquals(roomy.delivered(), kept.size());
        assertTrue(small.poll(Duration.ZERO) != null);
        assertEquals(null, small.poll(Duration.ZERO));
        assertThrowsExactly(IllegalStateException.class, small::take);
        assertEquals(0, large.stream().count());
    }

    @Test
    void theReplayReproducesTwoErrorRoundsAndCatchesWrongModels() throws Exception {
        FaultyFilesystem ext4 = ext4();
        Path file = ext4.root().resolve("file");
        Files.createFile(file);
        List<WritebackErrorEvent> events;
        try (WritebackErrorMonitor monitor = WritebackErrorMonitor.start(List.of(file));
                FsHandle watcher = FsHandle.open(file)) {
            ext4.causeWritebackError(file);
            assertEquals(1, reports(watcher), "round 1");
            // The tmpfs under the loop device is still full: appending to the file fails again
            // (new blocks), now on a word with SEEN, so the counter moves.
            append(file);
            ext4.sync();
            assertEquals(1, reports(watcher), "round 2");
            events = TraceReplay.ofInode(TraceFixtures.drain(monitor), TraceFixtures.device(file),
                    TraceFixtures.inode(file));
        }
        assertTrue(events.stream().anyMatch(e -> e instanceof WordSetEvent s
                && Layout.UPSTREAM.isReported(s.wordBefore())), "no set after SEEN: " + events);

        ReplayResult core = TraceReplay.replay(events,
                () -> WordModel.of(ErrseqWord.allocateNative(Layout.UPSTREAM)));
        ReplayResult twin = TraceReplay.replay(events,
                () -> WordModel.of(ErrseqWord.createJava(Layout.UPSTREAM)));
        System.out.println("replay of " + events.size() + " events: C core " + core
                + "; Java twin " + twin);
        assertTrue(core.exact(), core.toString());
        assertTrue(twin.exact(), twin.toString());

        ReplayResult step = TraceReplay.replay(events, WrongModel::counterStep0x1000);
        ReplayResult bit13 = TraceReplay.replay(events, WrongModel::seenAtBit13);
        System.out.println("wrong models: step 0x1000 " + step.differences().size()
                + " differences, SEEN at bit 13 " + bit13.differences().size());
        assertFalse(step.differences().isEmpty(), "a counter step of 0x1000 went unnoticed");
        assertFalse(bit13.differences().isEmpty(), "SEEN at bit 13 went unnoticed");
        assertEquals(core.tracedWords(), step.tracedWords());
    }

    /** 1 if an fsync on {@code handle} reports an error, then 0 for the second fsync. */
    private static int reports(FsHandle handle) throws IOException {
        int errors = 0;
        for (int i = 0; i < 2; i++) {
            try {
                handle.fsync();
            } catch (WritebackErrorException e) {
                assertEquals(0, i, "the second fsync reported " + e.errnoName() + " again");
                errors++;
            }
        }
        return errors;
    }

    private static void append(Path file) throws IOException {
        ByteBuffer data = ByteBuffer.allocate(1 << 20);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.APPEND)) {
            for (int i = 0; i < 8; i++) {
                data.clear();
                while (data.hasRemaining()) {
                    channel.write(data);
                }
            }
        }
    }
}
