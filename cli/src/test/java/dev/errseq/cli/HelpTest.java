package dev.errseq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Every command's --help reads like a man page: synopsis, description, exit statuses. */
class HelpTest {
    @ParameterizedTest
    @ValueSource(strings = {"", "demo", "decode", "sync", "probe", "watch", "overlay", "overlay list", "overlay recover", "conformance"})
    void helpEndsWithTheExitStatuses(String command) {
        String[] args = (command.isEmpty() ? "--help" : command + " --help").split(" ");
        CliRun run = CliRun.of(args);
        assertEquals(0, run.exit(), run.toString());
        assertEquals("", run.err());
        assertTrue(run.out().contains("Usage: errseq"), run.out());
        assertTrue(run.out().contains("Exit status:"), run.out());
        for (String status : new String[] {"64", "66", "74", "77"}) {
            assertTrue(run.out().contains("\n  " + status + "   "), status + " in " + run.out());
        }
    }

    @Test
    void noCommandIsAUsageError() {
        DecodeCommandTest.assertUsageError(CliRun.of(), "a COMMAND is needed");
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        DecodeCommandTest.assertUsageError(CliRun.of("peek"), "Unmatched argument at index 0: 'peek'");
    }

    @Test
    void bashCompletionNamesEverySubcommand() {
        CliRun run = CliRun.of("generate-completion");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("complete -F _complete_errseq"), run.out());
        for (String sub : new String[] {"demo", "decode", "sync", "probe", "watch", "overlay", "recover", "conformance"}) {
            assertTrue(run.out().contains(sub), sub);
        }
    }

    @Test
    void aLineThatNamesASubcommandBuildsThatSubcommandAlone() {
        assertEquals(List.of("decode"), subcommandsBuiltFor("decode", "0x1005"));
        assertEquals(List.of("overlay"), subcommandsBuiltFor("overlay", "list"));
    }

    @Test
    void everyOtherLineBuildsEverySubcommandInHelpOrder() {
        List<String> all = List.of("demo", "decode", "sync", "probe", "watch", "overlay",
                "conformance", "generate-completion");
        assertEquals(all, subcommandsBuiltFor());
        assertEquals(all, subcommandsBuiltFor("--help"));
        assertEquals(all, subcommandsBuiltFor("decod", "0x1005"));
        assertEquals(all, subcommandsBuiltFor("generate-completion"));
    }

    private static List<String> subcommandsBuiltFor(String... args) {
        PrintWriter sink = new PrintWriter(new StringWriter());
        return List.copyOf(Main.commandLine(sink, sink, args).getSubcommands().keySet());
    }
}
