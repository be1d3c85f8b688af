package dev.errseq.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code errseq overlay}: the volatile overlays of this machine and their dirty markers. */
@Command(name = "overlay",
        mixinStandardHelpOptions = true,
        versionProvider = ErrseqCommand.Version.class,
        synopsisSubcommandLabel = "(list | recover)",
        header = "List volatile overlay mounts; recover a workdir a volatile mount left dirty.",
        description = {
            "",
            "A volatile overlay never syncs its upper layer. It leaves a dirty marker, "
                + "WORKDIR/work/incompat/volatile/dirty, that makes the kernel refuse every later "
                + "mount on that workdir (EINVAL) until someone decides the upper layer is whole.",
            "",
        },
        subcommands = {OverlayListCommand.class, OverlayRecoverCommand.class})
final class OverlayCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a subcommand is needed: list or recover");
    }
}
