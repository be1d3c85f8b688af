package dev.errseq.trace;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The mounted filesystem an event belongs to, from {@code /proc/self/mountinfo} when the event
 * was read.
 *
 * @param device the filesystem's {@code st_dev}, as mountinfo lists it
 * @param mountPoint where it is mounted (the first mount of it mountinfo lists)
 * @param fsType its type, such as {@code ext4}
 * @param source what was mounted, such as {@code /dev/loop0}
 * @param blockDevice the block device under it, when the source is one
 */
public record TracedFilesystem(DeviceNumber device, Path mountPoint, String fsType,
        String source, Optional<DeviceNumber> blockDevice) {

    /**
     * Checks that no component is null.
     *
     * @param device as in the class description
     * @param mountPoint as in the class description
     * @param fsType as in the class description
     * @param source as in the class description
     * @param blockDevice as in the class description
     */
    public TracedFilesystem {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(mountPoint, "mountPoint");
        Objects.requireNonNull(fsType, "fsType");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(blockDevice, "blockDevice");
    }

    @Override
    public String toString() {
        return fsType + " " + device + " at " + mountPoint;
    }
}
