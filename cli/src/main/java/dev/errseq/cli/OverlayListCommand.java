package dev.errseq.cli;

import dev.errseq.mountinfo.MountInfo;
import dev.errseq.mountinfo.MountTable;
import dev.errseq.overlay.OverlayMount;
import dev.errseq.overlay.VolatileDirtyMarker;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code errseq overlay list}: the overlays mounted now, from /proc/self/mountinfo. */
@Command(name = "list",
        mixinStandardHelpOptions = true,
        versionProvider = ErrseqCommand.Version.class,
        header = "List the overlay mounts of this mount namespace.",
        description = {
            "",
            "One line per overlay mount in /proc/self/mountinfo: its mount point, whether "
                + "it is volatile, its upper and work directories, and whether the workdir holds "
                + "a dirty marker. Nothing is changed.",
            "",
            "Example:",
            "  errseq overlay list --volatile",
            "  /run/build volatile upper=/scratch/upper work=/scratch/work marker=present",
            "",
        })
final class OverlayListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    OutputOptions output;

    @Option(names = "--volatile", description = "Only the volatile overlays.")
    boolean onlyVolatile;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        for (MountInfo mount : MountTable.read().mounts()) {
            if (!mount.fsType().equals(OverlayMount.FS_TYPE)) {
                continue;
            }
            OverlayMount overlay = OverlayMount.of(mount);
            if (onlyVolatile && !overlay.isVolatile()) {
                continue;
            }
            out.println(output.json ? json(overlay) : text(overlay));
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static String text(OverlayMount overlay) {
        return overlay.mountPoint() + (overlay.isVolatile() ? " volatile" : " non-volatile")
                + " upper=" + overlay.upperDir().map(Path::toString).orElse("(none)")
                + " work=" + overlay.workDir().map(Path::toString).orElse("(none)")
                + " marker=" + marker(overlay).orElse("n/a");
    }

    private static String json(OverlayMount overlay) {
        return new Json().put("mount_point", overlay.mountPoint().toString())
                .put("volatile", overlay.isVolatile())
                .put("upper", overlay.upperDir().map(Path::toString).orElse(null))
                .put("work", overlay.workDir().map(Path::toString).orElse(null))
                .put("marker", marker(overlay).orElse(null)).toString();
    }

    /** present or absent for an overlay with a workdir; nothing for a read-only one. */
    private static Optional<String> marker(OverlayMount overlay) {
        return overlay.workDir().map(work -> VolatileDirtyMarker.of(work).blocksMount()
                ? "present" : "absent");
    }
}
