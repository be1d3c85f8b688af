package dev.errseq.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrowsExactly;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errseq.ErrseqWord;
import dev.errseq.Layout;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The replay on a trace recorded on Linux 6.18 (this project's test machine): a file on an
 * ext4 without journal, on a loop device over a full tmpfs, written, synced, fsynced (ENOSPC),
 * appended to, synced and fsynced again (ENOSPC once more, the counter moved). It runs without
 * root: the C core and the Java twin reproduce all 20 words, and models with a wrong counter
 * step or SEEN bit are caught at the first word they spoil.
 */
class RecordedTraceReplayTest {
    private static final String TRACE = """
                 ksoftirqd/1-22      [001] .Ns..  2586.932198: filemap_set_wb_err: dev=7:0 ino=0xc errseq=0x0
                 ksoftirqd/1-22      [001] .Ns..  2586.938978: filemap_set_wb_err: dev=7:0 ino=0xc errseq=0x1c
                kworker/u8:0-21315   [001] .N...  2586.948581: filemap_set_wb_err: dev=7:0 ino=0xc errseq=0x1c
                kworker/u8:0-21315   [001] .N...  2586.964396: filemap_set_wb_err: dev=7:0 ino=0xc errseq=0x1c
                 ksoftirqd/0-14      [000] .Ns..  2586.965959: filemap_set_wb_err: dev=7:0 ino=0xc errseq=0x1c
                kworker/u8:0-21315   [001] .N...  2586.967841: filemap_set_wb_err: dev=7:0 ino=0xc errseq=0x1c
                kworker/u8:0-21315   [001] .N...  2586.968004: filemap_set_wb_err: dev=7:0 ino=0xc errseq=0x1c
                 ksoftirqd/0-14      [000] .Ns..  2586.982925: filemap_set_wb_err: dev=7:0 ino=0xc errseq=0x1c
                kworker/u8:0-21315   [001] .N...  2586.999636: filemap_set_wb_err: dev=7:0 ino=0xc errseq=0x1c
                kworker/u8:0-21315   [001] .N...  2586.999744: filemap_set_wb_err: dev=7:0 ino=0xc errseq=0x1c
                kworker/u8:0-21315   [001] .N...  2587.003590: filemap_set_wb_err: dev=7:0 ino=0xc errseq=0x1c
                kworker/u8:0-21315   [001] .N...  2587.003717: filemap_set_wb_err: dev=7:0 ino=0xc errseq=0x1c
                     python3-494     [001] ...1.  2587.016590: file_check_and_advance_wb_err: file=00000000d49ce305 dev=7:0 ino=0xc old=0x0 new=0x101c
                 ksoftirqd/1-22      [001] ..s..  2587.022366: filemap_set_wb_err: dev=7:0 ino=0xc errseq=0x101c
                 ksoftirqd/1-22      [001] ..s..  2587.022375: filemap_set_wb_err: dev=7:0 ino=0xc errseq=0x201c
                kworker/u8:0-21315   [001] .N...  2587.026151: filemap_set_wb_err: dev=7:0 ino=0xc errseq=0x201c
                kworker/u8:0-21315   [001] .N...  2587.026268: filemap_set_wb_err: dev=7:0 ino=0xc errseq=0x201c
                kworker/u8:0-21315   [001] .N...  2587.029927: filemap_set_wb_err: dev=7:0 ino=0xc errseq=0x201c
                kworker/u8:0-21315   [001] .N...  2587.030022: filemap_set_wb_err: dev=7:0 ino=0xc errseq=0x201c
                     python3-494     [001] ...1.  2587.044169: file_check_and_advance_wb_err: file=00000000d49ce305 dev=7:0 ino=0xc old=0x101c new=0x301c
            """;

    static List<WritebackErrorEvent> events() {
        FilesystemResolver resolver = new FilesystemResolver(
                () -> "46 26 7:0 / /mnt rw,relatime - ext4 /dev/no-such-loop rw\n");
        List<WritebackErrorEvent> events = new ArrayList<>();
        for (String line : TRACE.split("\n")) {
            events.add(resolver.resolve((TraceLine.Event) TraceLine.parse(line)));
        }
        return events;
    }

    @Test
    void theCoreAndTheTwinReproduceEveryWord() {
        for (boolean nativeWord : new boolean[] {true, false}) {
            ReplayResult result = TraceReplay.replay(events(), () -> WordModel.of(nativeWord
                    ? ErrseqWord.allocateNative(Layout.UPSTREAM)
                    : ErrseqWord.createJava(Layout.UPSTREAM)));
            assertEquals(new ReplayResult(20, 20, List.of(), 0), result,
                    nativeWord ? "C core" : "Java twin");
        }
    }

    @Test
    void aCounterStepOf0x1000IsCaughtAtTheFirstSetAfterSeen() {
        ReplayResult result = TraceReplay.replay(events(), WrongModel::counterStep0x1000);
        assertEquals(20, result.tracedWords());
        assertTrue(result.differences().get(0).startsWith("set 7:0 ino=c before 0x0000201c"),
                result.differences().get(0));
        assertTrue(result.differences().get(0).endsWith(
                "kernel 0x0000201c (counter 1, ENOSPC), model 0x0000101c (counter 0, ENOSPC, SEEN)"),
                result.differences().get(0));
        assertEquals(20 - result.differences().size(), result.reproduced());
    }

    @Test
    void seenAtBit13IsCaughtAtTheFirstFsync() {
        ReplayResult result = TraceReplay.replay(events(), WrongModel::seenAtBit13);
        assertTrue(result.differences().get(0).startsWith("advance 7:0 ino=c file=00000000d49ce305"),
                result.differences().get(0));
        assertTrue(result.differences().get(0).endsWith(
                "kernel 0x0000101c (counter 0, ENOSPC, SEEN), model 0x0000201c (counter 1, ENOSPC)"),
                result.differences().get(0));
    }

    @Test
    void theLastSetOfATraceRevealsNoErrnoAndEventsOfTwoInodesAreRefused() {
        List<WritebackErrorEvent> sets = events().subList(0, 12);
        ReplayResult result = TraceReplay.replay(sets,
                () -> WordModel.of(ErrseqWord.createJava(Layout.UPSTREAM)));
        assertEquals(new ReplayResult(12, 12, List.of(), 1), result);

        List<WritebackErrorEvent> mixed = new ArrayList<>(sets);
        WordSetEvent other = (WordSetEvent) sets.get(0);
        mixed.add(new WordSetEvent(other.timestampNanos(), 0, 1, "k", other.device(), 0xd,
                other.filesystem(), false, 0));
        IllegalArgumentException e = assertThrowsExactly(IllegalArgumentException.class,
                () -> TraceReplay.replay(mixed, WrongModel::seenAtBit13));
        assertTrue(e.getMessage().contains("more than one inode"), e.getMessage());
        assertEquals(sets, TraceReplay.ofInode(mixed, other.device(), 0xc));
    }
}
