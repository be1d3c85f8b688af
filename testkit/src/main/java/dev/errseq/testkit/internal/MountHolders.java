package dev.errseq.testkit.internal;

import dev.errseq.mountinfo.MountTable;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which other mount namespaces still mount a device.
 *
 * <p>Unmounting a filesystem ends its superblock only when no mount of it is left anywhere: a
 * process that made a new mount namespace while it was mounted (unshare, a container, a
 * service with a private /tmp) holds a copy that keeps the superblock, its inodes and their
 * page cache alive, and the next mount of the device gets that same superblock back.
 */
public final class MountHolders {
    private MountHolders() {
    }

    /**
     * A block device such as {@code /dev/loop3}.
     *
     * @param device a block device such as {@code /dev/loop3}
     * @return one entry per mount namespace other than this process's that mounts
     *     {@code device}, named by one of its processes: {@code "mnt:[<id>] (pid <n>, <command>)"};
     *     empty when none does
     */
    public static List<String> of(String device) {
        String ours = namespace(Path.of("/proc/self"));
        Set<String> seen = new HashSet<>();
        List<String> holders = new ArrayList<>();
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                String namespace = namespace(process);
                if (namespace.isEmpty() || namespace.equals(ours) || !seen.add(namespace)) {
                    continue;
                }
                if (mounts(process.resolve("mountinfo"), device)) {
                    holders.add(namespace + " (pid " + process.getFileName() + ", "
                            + command(process) + ")");
                }
            }
        } catch (IOException e) {
            holders.add("unknown: cannot list /proc: " + e.getMessage());
        }
        return holders;
    }

    /** The process's mount namespace, such as {@code mnt:[4026531832]}; empty if it is gone. */
    private static String namespace(Path process) {
        try {
            return Files.readSymbolicLink(process.resolve("ns/mnt")).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return "";
        }
    }

    /** Whether the process's mount table has a mount whose source is {@code device}. */
    private static boolean mounts(Path mountinfo, String device) {
        try {
            return MountTable.parse(Files.readString(mountinfo)).mounts().stream()
                    .anyMatch(mount -> mount.source().equals(device));
        } catch (IOException | RuntimeException e) {
            // The process ended meanwhile, or hides its mounts: it holds nothing we can see.
            return false;
        }
    }

    private static String command(Path process) {
        try {
            return Files.readString(process.resolve("comm")).strip();
        } catch (IOException e) {
            return "?";
        }
    }
}
