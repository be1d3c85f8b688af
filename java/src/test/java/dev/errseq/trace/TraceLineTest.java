package dev.errseq.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrowsExactly;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * trace_pipe lines as Linux 6.18 printed them on this project's test machine, parsed; device
 * numbers in both encodings; the kernel filter; block-device events mapped to the filesystem
 * on the device.
 */
class TraceLineTest {
    @Test
    void aSetLine() {
        TraceLine.Event e = assertInstanceOf(TraceLine.Event.class, TraceLine.parse(
                "     ksoftirqd/1-22      [001] .Ns..   165.426090: filemap_set_wb_err:"
                        + " dev=7:0 ino=0xc errseq=0x1c"));
        assertEquals(new TraceLine.Event(165_426_090_000L, 1, 22, "ksoftirqd/1", true,
                new DeviceNumber(7, 0), 0xc, "", 0x1c, 0), e);
    }

    @Test
    void aCursorLine() {
        TraceLine.Event e = assertInstanceOf(TraceLine.Event.class, TraceLine.parse(
                "         python3-6238    [000] ...1.   166.729525: file_check_and_advance_wb_err:"
                        + " file=00000000c734aebf dev=7:0 ino=0xc old=0x0 new=0x101c"));
        assertEquals(new TraceLine.Event(166_729_525_000L, 0, 6238, "python3", false,
                new DeviceNumber(7, 0), 0xc, "00000000c734aebf", 0, 0x101c), e);
    }

    @Test
    void aBlockDeviceLineATaskNameWithDashesAndSpacesAndATgidColumn() {
        TraceLine.Event e = assertInstanceOf(TraceLine.Event.class, TraceLine.parse(
                " Web Content-x-9-4242 (   4200) [003] d..2. 12.5: filemap_set_wb_err:"
                        + " dev=0:3 ino=0x700000 errseq=0x0"));
        assertEquals("Web Content-x-9", e.comm());
        assertEquals(4242, e.pid());
        assertEquals(3, e.cpu());
        assertEquals(12_500_000_000L, e.timestampNanos());
        assertEquals(0x700000, e.inode());
    }

    @Test
    void lostMarkerAndOtherLines() {
        assertEquals(new TraceLine.Lost(1, 1204), TraceLine.parse("CPU:1 [LOST 1204 EVENTS]"));
        assertEquals(new TraceLine.Marker("hello-marker"), TraceLine.parse(
                "            bash-6358    [000] ...1.   168.621897: tracing_mark_write: hello-marker"));
        assertInstanceOf(TraceLine.Other.class, TraceLine.parse(""));
        assertInstanceOf(TraceLine.Other.class, TraceLine.parse(
                "   kworker/0:1-9 [000] ..... 1.000001: sched_switch: prev_comm=x"));
    }

    @Test
    void aFilemapLineInAnotherFormIsRefused() {
        IllegalArgumentException e = assertThrowsExactly(IllegalArgumentException.class,
                () -> TraceLine.parse("  k-1 [000] ..... 1.000001: filemap_set_wb_err:"
                        + " dev=7:0 ino=12 errseq=0x0"));
        assertTrue(e.getMessage().contains("unexpected fields"), e.getMessage());
    }

    @Test
    void deviceNumbersInBothEncodings() {
        assertEquals(new DeviceNumber(7, 0), DeviceNumber.fromKernel(0x700000));
        assertEquals(0x700001L, new DeviceNumber(7, 1).kernelEncoding());
        // glibc makedev(259, 0x12345): minor's low byte, major, the rest of minor above.
        long user = (0x12345L & 0xff) | (259L << 8) | ((0x12345L & ~0xffL) << 12);
        assertEquals(new DeviceNumber(259, 0x12345), DeviceNumber.fromUser(user));
        assertEquals(new DeviceNumber(0, 3), DeviceNumber.parse("0:3"));
        assertThrowsExactly(IllegalArgumentException.class, () -> DeviceNumber.parse("7"));
        assertThrowsExactly(IllegalArgumentException.class, () -> new DeviceNumber(4096, 0));
        assertThrowsExactly(IllegalArgumentException.class, () -> DeviceNumber.fromKernel(-1));
    }

    @Test
    void theKernelFilterNamesTheDeviceAndItsBlockDevice() {
        TracedFilesystem ext4 = new TracedFilesystem(new DeviceNumber(7, 0), Path.of("/mnt"),
                "ext4", "/dev/loop0", Optional.of(new DeviceNumber(7, 0)));
        TracedFilesystem btrfs = new TracedFilesystem(new DeviceNumber(0, 44), Path.of("/b"),
                "btrfs", "/dev/loop1", Optional.of(new DeviceNumber(7, 1)));
        TracedFilesystem tmpfs = new TracedFilesystem(new DeviceNumber(0, 39), Path.of("/t"),
                "tmpfs", "tmpfs", Optional.empty());
        assertEquals("s_dev == 7340032 || i_ino == 7340032 || s_dev == 44"
                + " || i_ino == 7340033 || s_dev == 39",
                WritebackErrorMonitor.filter(List.of(ext4, btrfs, tmpfs)));
        assertEquals("", WritebackErrorMonitor.filter(List.of()));
    }

    @Test
    void aBlockDeviceEventBelongsToTheFilesystemMountedFromTheDevice() {
        // /dev/null stands in for a block device: what counts is its st_rdev, 1:3.
        String mountinfo = "46 26 7:0 / /mnt/a rw - ext4 /dev/null rw\n"
                + "47 26 0:39 / /mnt/t rw - tmpfs tmpfs rw\n";
        FilesystemResolver resolver = new FilesystemResolver(() -> mountinfo);
        WritebackErrorEvent bdev = resolver.resolve(new TraceLine.Event(1, 0, 1, "k", true,
                new DeviceNumber(0, 3), new DeviceNumber(1, 3).kernelEncoding(), "", 0, 0));
        assertTrue(bdev.onBlockDevice());
        assertEquals(Path.of("/mnt/a"), bdev.filesystem().orElseThrow().mountPoint());
        WritebackErrorEvent file = resolver.resolve(new TraceLine.Event(2, 0, 1, "k", false,
                new DeviceNumber(0, 39), 12, "ff", 0, 0x1005));
        assertFalse(file.onBlockDevice());
        assertEquals("tmpfs", file.filesystem().orElseThrow().fsType());
        assertEquals(5, ((CursorAdvanceEvent) file).reportedErrno());
        WritebackErrorEvent nowhere = resolver.resolve(new TraceLine.Event(3, 0, 1, "k", true,
                new DeviceNumber(0, 99), 12, "", 0, 0));
        assertEquals(Optional.empty(), nowhere.filesystem());
        assertFalse(nowhere.onBlockDevice());
    }
}
