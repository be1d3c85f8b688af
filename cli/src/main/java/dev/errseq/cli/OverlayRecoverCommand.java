package dev.errseq.cli;

import dev.errseq.fs.ErrnoException;
import dev.errseq.overlay.MarkerFromEarlierBootException;
import dev.errseq.overlay.VolatileDirtyMarker;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code errseq overlay recover}: removes a volatile mount's dirty marker when it is safe. */
@Command(name = "recover",
        mixinStandardHelpOptions = true,
        versionProvider = ErrseqCommand.Version.class,
        header = "Remove a volatile overlay's dirty marker, only if that is safe.",
        description = {
            "",
            "Removes WORKDIR/work/incompat/volatile (and its dirty file) so that the "
                + "workdir can be mounted again, after three checks: no mounted overlay uses "
                + "WORKDIR (else 75), the marker dates from the running boot (else 65: a crash "
                + "since may have lost data that no errseq word remembers), and syncfs(2) on "
                + "UPPER reports no writeback error that nobody has seen (else 74, and the marker "
                + "stays).",
            "",
            "The syncfs that finds an error reports it, so the error counts as seen "
                + "afterwards and a second recover would pass: decide whether UPPER is whole "
                + "first.",
            "",
            "Example:",
            "  errseq overlay recover --upper /scratch/upper /scratch/work",
            "  /scratch/work: marker removed",
            "",
        })
final class OverlayRecoverCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    OutputOptions output;

    @Option(names = "--upper", required = true, paramLabel = "UPPER",
            description = "The upper directory that was mounted with WORKDIR.")
    Path upper;

    @Parameters(paramLabel = "WORKDIR", description = "The overlay's workdir.")
    Path workDir;

    @Override
    public Integer call() throws Exception {
        for (Path dir : new Path[] {workDir, upper}) {
            if (!Files.isDirectory(dir)) {
                throw new Problem(ExitCodes.NO_INPUT, dir + ": no such directory; check the path");
            }
        }
        VolatileDirtyMarker marker = VolatileDirtyMarker.of(workDir);
        String outcome;
        try {
            outcome = marker.recover(upper) ? "marker removed" : "no marker";
        } catch (IllegalStateException e) {
            throw new Problem(ExitCodes.TEMP_FAIL, e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new Problem(ExitCodes.USAGE, e.getMessage() + "; give the upper directory of"
                    + " this workdir", e);
        } catch (MarkerFromEarlierBootException e) {
            throw new Problem(ExitCodes.DATA_ERR, e.getMessage(), e);
        } catch (ErrnoException e) {
            throw e;
        } catch (IOException e) {
            throw new Problem(ExitCodes.OS_ERR, e.getMessage(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(output.json ? new Json().put("workdir", workDir.toString())
                .put("upper", upper.toString()).put("outcome", outcome).toString()
                : workDir + ": " + outcome);
        out.flush();
        return ExitCodes.OK;
    }
}
