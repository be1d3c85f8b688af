package dev.errseq.trace;

import dev.errseq.Layout;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Replays the traced events of one inode through a model of its mapping's word and compares
 * every word the kernel traced with the one the model computes:
 *
 * <ul>
 *   <li>a {@link WordSetEvent} shows the word before the set: the model's word must equal it.
 *       The errno that set stored is revealed by the next traced word of the inode (the next
 *       set's word before, or the next cursor), and the model is then set with it;
 *   <li>a {@link CursorAdvanceEvent} shows an fsync's cursor before and after: the model,
 *       asked to check-and-advance from the traced {@code old}, must give the traced
 *       {@code new} (the word with SEEN).
 * </ul>
 *
 * <p>The model starts at the epoch (0), as a new inode's mapping does; replay the events of
 * an inode from its creation on. Events must be in trace order. Every traced word counts once;
 * the model is never corrected after a difference, so one wrong step shows as all it spoils.
 */
public final class TraceReplay {
    private TraceReplay() {
    }

    /**
     * Replays {@code events} through a new model.
     *
     * @param events the events of one inode (one device and inode), in trace order
     * @param newModel makes the model, at the epoch
     * @return the counts and differences
     * @throws IllegalArgumentException if the events belong to more than one inode
     */
    public static ReplayResult replay(List<? extends WritebackErrorEvent> events,
            Supplier<? extends WordModel> newModel) {
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(newModel, "newModel");
        requireOneInode(events);
        WordModel model = Objects.requireNonNull(newModel.get(), "model");
        int traced = 0;
        int reproduced = 0;
        List<String> differences = new ArrayList<>();
        boolean pendingSet = false;
        for (WritebackErrorEvent event : events) {
            int revealed = Layout.errnoOf(event instanceof WordSetEvent set ? set.wordBefore()
                    : ((CursorAdvanceEvent) event).newCursor());
            if (pendingSet) {
                if (revealed == 0) {
                    differences.add("no errno revealed for the set before " + event);
                } else {
                    model.set(-revealed);
                }
            }
            int expected;
            int got;
            if (event instanceof WordSetEvent set) {
                expected = set.wordBefore();
                got = model.raw();
                pendingSet = true;
            } else {
                CursorAdvanceEvent advance = (CursorAdvanceEvent) event;
                expected = advance.newCursor();
                got = model.checkAndAdvance(advance.oldCursor());
                pendingSet = false;
            }
            traced++;
            if (got == expected) {
                reproduced++;
            } else {
                differences.add(String.format("%s: kernel %s, model %s", event,
                        Layout.UPSTREAM.describe(expected), Layout.UPSTREAM.describe(got)));
            }
        }
        return new ReplayResult(traced, reproduced, differences, pendingSet ? 1 : 0);
    }

    private static void requireOneInode(List<? extends WritebackErrorEvent> events) {
        for (WritebackErrorEvent event : events) {
            WritebackErrorEvent first = events.get(0);
            if (!event.device().equals(first.device()) || event.inode() != first.inode()) {
                throw new IllegalArgumentException("events of more than one inode: "
                        + first.device() + " ino " + first.inode() + " and " + event.device()
                        + " ino " + event.inode());
            }
        }
    }

    /**
     * The events of one inode, in their order.
     *
     * @param events events of any inodes
     * @param device the inode's traced device
     * @param inode the inode
     * @return those of {@code device} and {@code inode}
     */
    public static List<WritebackErrorEvent> ofInode(List<? extends WritebackErrorEvent> events,
            DeviceNumber device, long inode) {
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(device, "device");
        List<WritebackErrorEvent> result = new ArrayList<>();
        for (WritebackErrorEvent event : events) {
            if (event.device().equals(device) && event.inode() == inode) {
                result.add(event);
            }
        }
        return result;
    }
}
