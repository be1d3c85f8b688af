package dev.errseq.trace;

import dev.errseq.Errno;
import dev.errseq.mountinfo.MountInfo;
import dev.errseq.mountinfo.MountTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds tracefs: a tracefs mount in mountinfo ({@code /sys/kernel/tracing} first), else the
 * {@code tracing} directory of a mounted debugfs (which mounts tracefs there on first access);
 * else it mounts tracefs at {@code /sys/kernel/tracing}. It stays mounted afterwards: that is
 * where the kernel and every tracing tool expect it, and another tracer may start using it
 * meanwhile.
 */
final class Tracefs {
    static final List<String> EVENTS = List.of("filemap/filemap_set_wb_err",
            "filemap/file_check_and_advance_wb_err");

    private Tracefs() {
    }

    /**
     * The root of tracefs, checked to offer both events.
     *
     * @throws TraceException saying which prerequisite is missing
     */
    static Path locate(TraceEnvironment env) throws TraceException {
        if (env.euid() != 0) {
            throw new NotRootException(env.euid());
        }
        Path root = env.fixedTracefs() != null ? env.fixedTracefs() : mounted(env);
        requireEvents(root);
        return root;
    }

    private static Path mounted(TraceEnvironment env) throws TraceException {
        MountTable table = MountTable.parse(env.mountinfo());
        Path found = null;
        for (MountInfo mount : table.mounts()) {
            if (mount.fsType().equals("tracefs")
                    && (found == null || mount.mountPoint().equals(TraceEnvironment.TRACEFS_HOME))) {
                found = mount.mountPoint();
            }
        }
        if (found != null) {
            return found;
        }
        for (MountInfo mount : table.mounts()) {
            Path tracing = mount.mountPoint().resolve("tracing");
            if (mount.fsType().equals("debugfs") && Files.isDirectory(tracing.resolve("events"))) {
                return tracing;
            }
        }
        int rc = env.mountTracefs();
        if (rc < 0) {
            throw new TracefsUnavailableException(mountRefusal(env, -rc), null);
        }
        return env.mountTarget();
    }

    private static String mountRefusal(TraceEnvironment env, int errno) {
        String why = switch (errno) {
            case Errno.ENODEV -> "the kernel has no tracefs (built without CONFIG_TRACING)";
            case Errno.ENOENT -> "the mount point does not exist";
            case Errno.EPERM -> "mount(2) was refused (a container without CAP_SYS_ADMIN in the"
                    + " initial user namespace?)";
            default -> "mount(2) failed";
        };
        return "tracefs is not mounted, and mounting it at " + env.mountTarget() + " failed with "
                + Errno.name(errno) + ": " + why + "; mount it (mount -t tracefs nodev "
                + TraceEnvironment.TRACEFS_HOME + ") or run where tracing is available";
    }

    private static void requireEvents(Path root) throws TraceException {
        List<String> missing = new ArrayList<>();
        for (String event : EVENTS) {
            if (!Files.isRegularFile(root.resolve("events").resolve(event).resolve("enable"))) {
                missing.add(event.replace('/', ':'));
            }
        }
        if (!missing.isEmpty()) {
            throw new TraceEventsMissingException(root.toString(), missing);
        }
    }
}
