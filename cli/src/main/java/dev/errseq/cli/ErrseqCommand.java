package dev.errseq.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The top-level {@code errseq} command: it only dispatches to its subcommands, which
 * {@link Subcommands} adds (all of them, or only the one a command line names).
 */
@Command(name = "errseq",
        mixinStandardHelpOptions = true,
        versionProvider = ErrseqCommand.Version.class,
        synopsisSubcommandLabel = "COMMAND",
        header = "The Linux kernel's writeback-error words (errseq_t), modelled and observed.",
        description = {
            "",
            "Every open file of Linux learns of each writeback error once, and an error "
                + "nobody has seen still reaches the next opener. errseq shows these rules at "
                + "work (demo), spells out a raw errseq word (decode), asks the kernel for its "
                + "errors and so consumes them (sync), asks whether a filesystem holds an "
                + "unseen error without consuming it (probe), prints each writeback error as "
                + "the kernel records it, again without consuming it (watch), and looks after "
                + "volatile overlay mounts (overlay). As root, it holds this machine's kernel "
                + "against the library's models on real filesystems (conformance).",
            "",
        },
        footerHeading = "%nSee also:%n",
        footer = {"  errseq COMMAND --help, syncfs(2), fsync(2), the README's \"Command line\" section."})
public final class ErrseqCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a COMMAND is needed");
    }

    /** The version line: the jar's version, the JVM and the kernel. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = ErrseqCommand.class.getPackage().getImplementationVersion();
            return new String[] {
                "errseq " + (version == null ? "(development build)" : version),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name")
                        + "), Linux " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"),
            };
        }
    }
}
