package dev.errseq.cli;

import dev.errseq.overlay.ProbeResult;
import dev.errseq.overlay.UnseenErrorProbe;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code errseq probe}: is there a writeback error nobody has seen, without consuming it. */
@Command(name = "probe",
        mixinStandardHelpOptions = true,
        versionProvider = ErrseqCommand.Version.class,
        header = "Ask whether a filesystem holds a writeback error nobody has seen, consuming nothing.",
        description = {
            "",
            "Answers whether the filesystem holding DIR has lost data that no syncfs(2) has "
                + "reported yet, and leaves that error where it is: the programs that watch "
                + "the filesystem still get it, once each. Exit status 1 means yes, 0 no.",
            "",
            "It mounts a volatile overlay for a millisecond, its upper and work directories "
                + "in a hidden scratch directory DIR/.errseq-probe-PID-N, and removes "
                + "everything again: the kernel refuses such a mount with EIO while the upper "
                + "filesystem holds an unseen error, and the refusal consumes nothing. Needs "
                + "root (CAP_SYS_ADMIN) and Linux 5.11 or newer; DIR must not be on an overlay "
                + "or a read-only filesystem.",
            "",
            "Example:",
            "  errseq probe /var/lib/db",
            "  no unseen writeback error on ext4 /dev/sda2 (8:2) at /var, probed from /var/lib/db",
            "",
        })
final class ProbeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    OutputOptions output;

    @Parameters(paramLabel = "DIR", description = "A directory on the filesystem to ask.")
    Path dir;

    @Override
    public Integer call() throws IOException {
        ProbeResult result = UnseenErrorProbe.probe(dir);
        PrintWriter out = spec.commandLine().getOut();
        out.println(output.json ? new Json().put("path", result.directory().toString())
                .put("unseen_error", result.unseenError())
                .put("fs_type", result.fsType())
                .put("device", result.device())
                .put("source", result.filesystem().source())
                .put("mount_point", result.mountPoint().toString()).toString()
                : result.toString());
        out.flush();
        return result.unseenError() ? ExitCodes.FOUND : ExitCodes.OK;
    }
}
