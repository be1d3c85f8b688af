package dev.errseq.testkit;

import dev.errseq.ErrseqWord;
import dev.errseq.Layout;
import dev.errseq.mountinfo.MountTable;
import dev.errseq.trace.DeviceNumber;
import dev.errseq.trace.ReplayResult;
import dev.errseq.trace.TraceReplay;
import dev.errseq.trace.WordModel;
import dev.errseq.trace.WritebackErrorEvent;
import dev.errseq.trace.WritebackErrorMonitor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The bit-exact check a test adds to a real writeback error: the events a
 * {@link WritebackErrorMonitor} traced for one file's inode, replayed through the C core and
 * through the Java twin (both {@link Layout#UPSTREAM}), each of which must reproduce every
 * word the kernel traced.
 *
 * <pre>{@code
 * ReplayCheck replay = ReplayCheck.of(ReplayCheck.ofFile(ReplayCheck.drain(monitor), file));
 * assertTrue(replay.exact(), replay.explain());
 * }</pre>
 *
 * @param traced the words the trace shows for the inode
 * @param core the C core's replay
 * @param twin the Java twin's replay
 */
public record ReplayCheck(int traced, ReplayResult core, ReplayResult twin) {

    /**
     * Replays the events of one inode through both implementations.
     *
     * @param events events of one inode, in the order traced
     * @return both replays
     * @throws IllegalArgumentException if the events are of more than one inode
     */
    public static ReplayCheck of(List<WritebackErrorEvent> events) {
        ReplayResult core = TraceReplay.replay(events,
                () -> WordModel.of(ErrseqWord.allocateNative(Layout.UPSTREAM)));
        ReplayResult twin = TraceReplay.replay(events,
                () -> WordModel.of(ErrseqWord.createJava(Layout.UPSTREAM)));
        return new ReplayCheck(core.tracedWords(), core, twin);
    }

    /**
     * The events of one file among {@code events}.
     *
     * @param events traced events
     * @param file a file
     * @return the events of {@code file}: of its superblock's device and its inode
     * @throws IOException if the file's inode or mount cannot be read
     */
    public static List<WritebackErrorEvent> ofFile(List<WritebackErrorEvent> events, Path file)
            throws IOException {
        return TraceReplay.ofInode(events, traceDevice(file), inode(file));
    }

    /**
     * The device the trace names for {@code path}: its superblock's, as mountinfo lists it.
     * Not stat's st_dev, which on btrfs is the subvolume's own anonymous device.
     *
     * @param path a file or directory
     * @return the device of the mount that holds it
     * @throws IOException if no mount holds it, or mountinfo cannot be read
     */
    public static DeviceNumber traceDevice(Path path) throws IOException {
        return DeviceNumber.parse(MountTable.read().mountHolding(path.toRealPath())
                .orElseThrow(() -> new IOException("no mount holds " + path)).device());
    }

    /**
     * The inode number of {@code path}, as the tracepoints print it.
     *
     * @param path a file or directory (a link is not followed)
     * @return its inode number
     * @throws IOException if it cannot be read
     */
    public static long inode(Path path) throws IOException {
        return ((Number) Files.getAttribute(path, "unix:ino", LinkOption.NOFOLLOW_LINKS))
                .longValue();
    }

    /**
     * Every event traced so far: flushes the monitor, then polls until its queue is empty.
     *
     * @param monitor a running monitor
     * @return the events, in the order traced
     * @throws IOException if the monitor fails
     * @throws AssertionError if the monitor missed any event (its statistics say why) or did
     *     not reach its flush marker within 20 seconds
     */
    public static List<WritebackErrorEvent> drain(WritebackErrorMonitor monitor)
            throws IOException {
        List<WritebackErrorEvent> events = new ArrayList<>();
        try {
            if (!monitor.flush(Duration.ofSeconds(20))) {
                throw new AssertionError("the monitor's reader did not reach its flush marker");
            }
            WritebackErrorEvent event;
            while ((event = monitor.poll(Duration.ZERO)) != null) {
                events.add(event);
            }
            long missed = monitor.statistics().missed();
            if (missed != 0) {
                throw new AssertionError("the trace missed " + missed + " events ("
                        + monitor.statistics() + "): no replay can be exact");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return events;
    }

    /**
     * How many words either implementation got wrong.
     *
     * @return how many words either implementation got wrong
     */
    public int differ() {
        return core.differences().size() + twin.differences().size();
    }

    /**
     * Whether some words were traced and both implementations reproduced every one.
     *
     * @return whether some words were traced and both implementations reproduced every one
     */
    public boolean exact() {
        return core.exact() && twin.exact();
    }

    /**
     * {@code traced words N, C core N, Java twin N, differ 0}.
     *
     * @return {@code traced words N, C core N, Java twin N, differ 0}
     */
    public String line() {
        return "traced words " + traced + ", C core " + core.reproduced() + ", Java twin "
                + twin.reproduced() + ", differ " + differ();
    }

    /**
     * The {@link #line()} and the first differences, for an assertion message.
     *
     * @return the {@link #line()} and the first differences, for an assertion message
     */
    public String explain() {
        List<String> first = new ArrayList<>(core.differences());
        first.addAll(twin.differences());
        return line() + (first.isEmpty() ? "" : "; " + first.subList(0,
                Math.min(6, first.size())));
    }
}
