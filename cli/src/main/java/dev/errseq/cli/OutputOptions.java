package dev.errseq.cli;

import picocli.CommandLine.Option;

/** The options every subcommand that reports data shares (a picocli mixin). */
final class OutputOptions {
    @Option(names = "--json", description = "Print one JSON object per line instead of text.")
    boolean json;

    @Option(names = {"-v", "--verbose"},
            description = "On failure, print the stack trace after the one-line message.")
    boolean verbose;
}
