package dev.errseq.cli.conformance;

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
 * The bit-exact replay the real-kernel tests add to their scenarios: the traced events of one
 * file's inode, replayed through the C core and through the Java twin (both
 * {@link Layout#UPSTREAM}), each of which must reproduce every traced word.
 *
 * @param traced the words the trace shows for the inode
 * @param core the C core's replay
 * @param twin the Java twin's replay
 */
public record ReplayCheck(int traced, ReplayResult core, ReplayResult twin) {

    /**
     * Replays {@code events} (of one inode) through both implementations.
     *
     * @param events the traced events of one inode
     * @return both replays
     */
    public static ReplayCheck of(List<WritebackErrorEvent> events) {
        ReplayResult core = TraceReplay.replay(events,
                () -> WordModel.of(ErrseqWord.allocateNative(Layout.UPSTREAM)));
        ReplayResult twin = TraceReplay.replay(events,
                () -> WordModel.of(ErrseqWord.createJava(Layout.UPSTREAM)));
        return new ReplayCheck(core.tracedWords(), core, twin);
    }

    /**
     * The events of {@code file} among {@code events}: its superblock's device, its inode.
     *
     * @param events everything traced
     * @param file a file on a mounted filesystem
     * @return its events, in order
     * @throws IOException if the file or its mount cannot be found
     */
    public static List<WritebackErrorEvent> ofFile(List<WritebackErrorEvent> events, Path file)
            throws IOException {
        return TraceReplay.ofInode(events, traceDevice(file), inode(file));
    }

    /**
     * The device the trace names for {@code path}: its superblock's, as mountinfo lists it.
     * Not stat's st_dev, which on btrfs is the subvolume's own anonymous device.
     *
     * @param path a path on a mounted filesystem
     * @return the superblock's device number
     * @throws IOException if no mount holds it
     */
    public static DeviceNumber traceDevice(Path path) throws IOException {
        return DeviceNumber.parse(MountTable.read().mountHolding(path.toRealPath())
                .orElseThrow(() -> new IOException("no mount holds " + path)).device());
    }

    /**
     * @param path a file
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
     * @return its events, in order
     * @throws IOException if the monitor fails
     * @throws IllegalStateException if the monitor missed any event (its statistics say why),
     *     or did not reach its flush marker
     */
    public static List<WritebackErrorEvent> drain(WritebackErrorMonitor monitor)
            throws IOException {
        List<WritebackErrorEvent> events = new ArrayList<>();
        try {
            if (!monitor.flush(Duration.ofSeconds(20))) {
                throw new IllegalStateException("the monitor's reader did not reach its flush marker");
            }
            WritebackErrorEvent event;
            while ((event = monitor.poll(Duration.ZERO)) != null) {
                events.add(event);
            }
            long missed = monitor.statistics().missed();
            if (missed != 0) {
                throw new IllegalStateException("the trace missed " + missed + " events ("
                        + monitor.statistics() + "): no replay can be exact");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while draining the trace", e);
        }
        return events;
    }

    /** @return how many words either implementation got wrong */
    public int differ() {
        return core.differences().size() + twin.differences().size();
    }

    /** @return whether some words were traced and both implementations reproduced every one */
    public boolean exact() {
        return core.exact() && twin.exact();
    }

    /** @return {@code traced words N, C core N, Java twin N, differ 0} */
    public String line() {
        return "traced words " + traced + ", C core " + core.reproduced() + ", Java twin "
                + twin.reproduced() + ", differ " + differ();
    }

    /** @return the line and the first differences, for an explanation */
    public String explain() {
        List<String> first = new ArrayList<>(core.differences());
        first.addAll(twin.differences());
        return line() + (first.isEmpty() ? "" : "; " + first.subList(0,
                Math.min(6, first.size())));
    }
}
