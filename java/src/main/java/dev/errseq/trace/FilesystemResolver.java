package dev.errseq.trace;

import dev.errseq.internal.CStrings;
import dev.errseq.mountinfo.MountInfo;
import dev.errseq.mountinfo.MountTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Names the filesystem of a traced device from mountinfo. An event on a block device's own
 * page cache carries the internal bdev filesystem's device (not in mountinfo) and the block
 * device's number as its inode; it belongs to the filesystem mounted from that block device.
 * mountinfo is read again when an unknown device shows up, at most once a second, so a storm
 * of events from an unmounted device costs no storm of reads.
 */
final class FilesystemResolver {
    private static final long REREAD_NANOS = 1_000_000_000L;

    private final Supplier<String> mountinfo;
    private Map<DeviceNumber, TracedFilesystem> byDevice = Map.of();
    private Map<DeviceNumber, TracedFilesystem> byBlockDevice = Map.of();
    private long readAt = Long.MIN_VALUE;
    private boolean everRead;

    FilesystemResolver(Supplier<String> mountinfo) {
        this.mountinfo = mountinfo;
    }

    /** Reads the real mountinfo each time it needs to. */
    static FilesystemResolver system() {
        return new FilesystemResolver(() -> {
            try {
                return Files.readString(MountTable.PROC_SELF_MOUNTINFO, CStrings.PATH_CHARSET);
            } catch (IOException e) {
                return "";
            }
        });
    }

    /** The typed event for a parsed line. */
    synchronized WritebackErrorEvent resolve(TraceLine.Event e) {
        Optional<TracedFilesystem> fs = Optional.ofNullable(byDevice.get(e.device()));
        boolean onBlockDevice = false;
        if (fs.isEmpty()) {
            Optional<TracedFilesystem> viaBlock = blockDeviceFilesystem(e.inode());
            if (viaBlock.isEmpty() && refresh()) {
                fs = Optional.ofNullable(byDevice.get(e.device()));
                viaBlock = fs.isPresent() ? Optional.empty() : blockDeviceFilesystem(e.inode());
            }
            if (viaBlock.isPresent()) {
                fs = viaBlock;
                onBlockDevice = true;
            }
        }
        if (e.isSet()) {
            return new WordSetEvent(e.timestampNanos(), e.cpu(), e.pid(), e.comm(), e.device(),
                    e.inode(), fs, onBlockDevice, e.word());
        }
        return new CursorAdvanceEvent(e.timestampNanos(), e.cpu(), e.pid(), e.comm(), e.device(),
                e.inode(), fs, onBlockDevice, e.file(), e.word(), e.newCursor());
    }

    private Optional<TracedFilesystem> blockDeviceFilesystem(long inode) {
        if (inode < 0 || inode > 0xffff_ffffL) {
            return Optional.empty();
        }
        return Optional.ofNullable(byBlockDevice.get(DeviceNumber.fromKernel(inode)));
    }

    /** Reads mountinfo again unless it was read less than a second ago. */
    private boolean refresh() {
        long now = System.nanoTime();
        if (everRead && now - readAt < REREAD_NANOS) {
            return false;
        }
        readAt = now;
        everRead = true;
        Map<DeviceNumber, TracedFilesystem> devices = new HashMap<>();
        Map<DeviceNumber, TracedFilesystem> blocks = new HashMap<>();
        for (MountInfo mount : MountTable.parse(mountinfo.get()).mounts()) {
            TracedFilesystem fs = describe(mount);
            devices.putIfAbsent(fs.device(), fs);
            fs.blockDevice().ifPresent(b -> blocks.putIfAbsent(b, fs));
        }
        byDevice = devices;
        byBlockDevice = blocks;
        return true;
    }

    /** The filesystem of one mount, with the block device its source names, if any. */
    static TracedFilesystem describe(MountInfo mount) {
        return new TracedFilesystem(DeviceNumber.parse(mount.device()), mount.mountPoint(),
                mount.fsType(), mount.source(), blockDevice(mount.source()));
    }

    /** The device number of a block device file such as {@code /dev/loop0}. */
    static Optional<DeviceNumber> blockDevice(String source) {
        if (!source.startsWith("/dev/")) {
            return Optional.empty();
        }
        try {
            Path path = Path.of(source);
            if (!Files.isRegularFile(path) && !Files.isDirectory(path) && Files.exists(path)) {
                Object rdev = Files.getAttribute(path, "unix:rdev");
                long value = ((Number) rdev).longValue();
                return value == 0 ? Optional.empty() : Optional.of(DeviceNumber.fromUser(value));
            }
        } catch (IOException | RuntimeException e) {
            // A source that is not a device file: no block device to map.
        }
        return Optional.empty();
    }
}
