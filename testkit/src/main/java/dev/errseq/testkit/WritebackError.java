package dev.errseq.testkit;

import dev.errseq.Errno;
import java.nio.file.Path;

/**
 * What {@link FaultyFilesystem#causeWritebackError(Path)} did: the file whose writeback
 * failed, how much was written to it, and what the loop device's own fsync said.
 *
 * @param file the file whose dirty pages failed to write back
 * @param bytesWritten how many bytes were appended to it
 * @param blockDeviceErrno 0, or the errno the fsync of the loop device returned: metadata
 *     buffers failed too (ext4), and the legacy flag the kernel set on the device is now cleared
 */
public record WritebackError(Path file, long bytesWritten, int blockDeviceErrno) {
    @Override
    public String toString() {
        return "appended " + bytesWritten + " bytes to " + file.getFileName()
                + "; settled with sync(2) twice, then fsync of the loop device -> "
                + (blockDeviceErrno == 0 ? "0" : Errno.name(blockDeviceErrno)
                        + " (metadata buffers failed too; their legacy flag is now cleared)");
    }
}
