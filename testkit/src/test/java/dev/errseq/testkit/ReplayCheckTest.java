package dev.errseq.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrowsExactly;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errseq.trace.CursorAdvanceEvent;
import dev.errseq.trace.DeviceNumber;
import dev.errseq.trace.WordSetEvent;
import dev.errseq.trace.WritebackErrorEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replay check on hand-made events (no root needed): the kernel's own sequence for one
 * inode (ENOSPC set twice while unseen, then reported by an fsync) is reproduced by both
 * implementations, and a word the kernel could not have stored is caught by both.
 */
class ReplayCheckTest {
    private static final DeviceNumber LOOP0 = new DeviceNumber(7, 0);
    private static final long INODE = 0xc;

    private static WordSetEvent set(int wordBefore) {
        return new WordSetEvent(0, 0, 1, "kworker", LOOP0, INODE, Optional.empty(), false,
                wordBefore);
    }

    private static CursorAdvanceEvent advance(int oldCursor, int newCursor) {
        return new CursorAdvanceEvent(0, 0, 2, "fsync", LOOP0, INODE, Optional.empty(), false,
                "00000000d49ce305", oldCursor, newCursor);
    }

    @Test
    void theKernelsSequenceIsReproducedByBoth() {
        List<WritebackErrorEvent> events = List.of(set(0x0), set(0x1c), advance(0x0, 0x101c));
        ReplayCheck replay = ReplayCheck.of(events);
        assertTrue(replay.exact(), replay.explain());
        assertEquals(3, replay.traced());
        assertEquals(0, replay.differ());
        assertEquals("traced words 3, C core 3, Java twin 3, differ 0", replay.line());
        assertEquals(replay.line(), replay.explain());
    }

    /** The cursor after the fsync with the counter moved, which an unseen error never does. */
    @Test
    void aWordTheKernelCouldNotHaveStoredIsCaughtByBoth() {
        List<WritebackErrorEvent> events = List.of(set(0x0), set(0x1c), advance(0x0, 0x201c));
        ReplayCheck replay = ReplayCheck.of(events);
        assertFalse(replay.exact());
        assertEquals(2, replay.differ(), replay.explain());
        assertEquals("traced words 3, C core 2, Java twin 2, differ 2", replay.line());
        assertTrue(replay.explain().startsWith(replay.line() + "; [advance 7:0 ino=c"),
                replay.explain());
    }

    @Test
    void nothingTracedIsNotExact() {
        ReplayCheck replay = ReplayCheck.of(List.of());
        assertFalse(replay.exact(), "no word was compared");
        assertEquals("traced words 0, C core 0, Java twin 0, differ 0", replay.line());
    }

    @Test
    void theInodeAndDeviceOfAFileAreWhereItLives(@TempDir Path dir) throws IOException {
        Path a = Files.createFile(dir.resolve("a"));
        Path b = Files.createFile(dir.resolve("b"));
        assertFalse(ReplayCheck.inode(a) == ReplayCheck.inode(b));
        assertEquals(ReplayCheck.traceDevice(dir), ReplayCheck.traceDevice(a));
        assertThrowsExactly(NoSuchFileException.class,
                () -> ReplayCheck.traceDevice(dir.resolve("missing")));
    }
}
