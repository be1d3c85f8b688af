package dev.errseq.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The entry point of {@code errseq}: runs one subcommand and exits with its status. A failure
 * is one line on standard error that names the problem and the fix, never a stack trace unless
 * {@code --verbose} asks for one; {@link ExitCodes} lists the statuses.
 */
public final class Main {
    private Main() {
    }

    /**
     * Runs the command line and exits the JVM with its status.
     *
     * @param args the arguments, as a shell passes them
     */
    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams and returns its exit status. */
    static int run(String[] args, PrintWriter out, PrintWriter err) {
        return commandLine(out, err, args).execute(args);
    }

    /**
     * The configured command line, with the subcommands {@code args} can reach
     * ({@link Subcommands}); also used to generate the bash completion script.
     */
    static CommandLine commandLine(PrintWriter out, PrintWriter err, String[] args) {
        CommandLine cli = new CommandLine(new ErrseqCommand());
        // Before the settings below: picocli applies them only to the subcommands present.
        Subcommands.addTo(cli, args);
        cli.setOut(out);
        cli.setErr(err);
        cli.setUsageHelpAutoWidth(true);
        describeExitCodes(cli);
        cli.setParameterExceptionHandler((e, unmatched) -> {
            CommandLine failed = e.getCommandLine();
            failed.getErr().println(failed.getCommandSpec().qualifiedName() + ": "
                    + e.getMessage() + "; see '" + failed.getCommandSpec().qualifiedName()
                    + " --help'");
            return ExitCodes.USAGE;
        });
        cli.setExecutionExceptionHandler((e, failed, parseResult) -> {
            Problem problem = Failures.problemOf(e);
            PrintWriter stderr = failed.getErr();
            stderr.println(failed.getCommandSpec().qualifiedName() + ": " + problem.getMessage());
            if (verbose(parseResult)) {
                (problem.getCause() != null ? problem.getCause() : problem).printStackTrace(stderr);
            }
            stderr.flush();
            return problem.exitCode();
        });
        return cli;
    }

    /** Every command's help ends with the exit statuses (the completion generator's too). */
    private static void describeExitCodes(CommandLine command) {
        command.getCommandSpec().usageMessage()
                .exitCodeListHeading("%nExit status:%n")
                .exitCodeList(ExitCodes.HELP);
        for (CommandLine sub : command.getSubcommands().values()) {
            describeExitCodes(sub);
        }
    }

    /** Whether --verbose was given to any of the commands on the line. */
    private static boolean verbose(ParseResult result) {
        for (ParseResult level = result; level != null; level = level.subcommand()) {
            if (level.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }
}
