package dev.errseq.testkit;

import dev.errseq.mountinfo.MountInfo;
import dev.errseq.mountinfo.MountTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What a testkit filesystem leaves on the machine: mounts, loop devices, its directory. */
final class Leftovers {
    private Leftovers() {
    }

    /** The mounts at or under {@code dir}. */
    static List<Path> mountsUnder(Path dir) throws IOException {
        return MountTable.read().mounts().stream().map(MountInfo::mountPoint)
                .filter(p -> p.startsWith(dir)).toList();
    }

    /** The scratch directory of a filesystem whose root is {@code root}. */
    static Path scratchOf(Path root) {
        return root.getParent();
    }

    /** Whether the loop device exists and is attached (has a backing file). */
    static boolean attached(String loopDevice) {
        String name = Path.of(loopDevice).getFileName().toString();
        return Files.exists(Path.of("/sys/block", name, "loop", "backing_file"));
    }

    /** Fails unless nothing of the filesystem at {@code root} on {@code loop} is left. */
    static String describe(Path root, String loop) throws IOException {
        Path dir = scratchOf(root);
        List<Path> mounts = mountsUnder(dir);
        StringBuilder left = new StringBuilder();
        if (!mounts.isEmpty()) {
            left.append("mounts ").append(mounts).append("; ");
        }
        if (loop != null && attached(loop)) {
            left.append(loop).append(" still attached; ");
        }
        if (Files.exists(dir)) {
            left.append(dir).append(" still exists; ");
        }
        return left.toString();
    }
}
