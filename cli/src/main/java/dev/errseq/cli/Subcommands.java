package dev.errseq.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.AutoComplete;
import picocli.CommandLine;

/**
 * The subcommands of {@code errseq}, in the order its help lists them, and which of them a
 * command line needs.
 *
 * <p>Why not picocli's {@code @Command(subcommands = ...)}: picocli then builds the model of
 * every subcommand (reflection over each one's options, converters and nested commands) before
 * it parses a word, and that was most of the command's start-up. picocli is compiled for Java
 * 5, so class-data sharing cannot keep its classes either. A line that starts with a
 * subcommand's name runs that subcommand alone, so only its model is built. Any other line
 * (help, version, a typo to suggest a name for, no command) gets them all; so does
 * {@code generate-completion}, whose script names every command.
 */
final class Subcommands {
    private static final String COMPLETION = "generate-completion";
    private static final Map<String, Supplier<Object>> ALL = new LinkedHashMap<>();

    static {
        ALL.put("demo", DemoCommand::new);
        ALL.put("decode", DecodeCommand::new);
        ALL.put("sync", SyncCommand::new);
        ALL.put("probe", ProbeCommand::new);
        ALL.put("watch", WatchCommand::new);
        ALL.put("overlay", OverlayCommand::new);
        ALL.put("conformance", ConformanceCommand::new);
        ALL.put(COMPLETION, AutoComplete.GenerateCompletion::new);
    }

    private Subcommands() {
    }

    /**
     * Adds to {@code top} the subcommands {@code args} can reach.
     *
     * @param top the {@code errseq} command line, before its streams and settings are set
     * @param args the arguments as given; null for every subcommand
     */
    static void addTo(CommandLine top, String[] args) {
        String first = args == null || args.length == 0 ? null : args[0];
        if (first != null && ALL.containsKey(first) && !first.equals(COMPLETION)) {
            top.addSubcommand(first, ALL.get(first).get());
            return;
        }
        ALL.forEach((name, command) -> top.addSubcommand(name, command.get()));
    }
}
