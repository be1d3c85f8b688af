package dev.errseq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** errseq demo: the seed thread's three scenarios agree on all four words. */
class DemoCommandTest {
    @Test
    void everyScenarioEndsWithAnOkVerdict() {
        CliRun run = CliRun.of("demo");
        assertEquals(0, run.exit(), run.toString());
        assertEquals("", run.err());
        List<String> verdicts = run.outLines().stream().filter(l -> l.contains("verdict:")).toList();
        assertEquals(3, verdicts.size(), run.out());
        assertTrue(verdicts.stream().allMatch(l -> l.startsWith("  verdict: OK")), run.out());
        assertEquals("all scenarios: C core and Java twin agree, as the thread says",
                run.outLines().get(run.outLines().size() - 1));
    }

    @Test
    void wilcoxsSpuriousErrorShowsUpstreamOnly() {
        // Scenario (a): t1.check() after another watcher only added SEEN.
        String row = CliRun.of("demo").outLines().stream()
                .filter(l -> l.startsWith("  t1.check()")).findFirst().orElseThrow();
        assertEquals(List.of("-5 EIO", "-5 EIO", "0", "0"), List.of(row.split("\\|")).subList(1, 5)
                .stream().map(cell -> cell.strip().split(" {2,}")[0]).toList());
    }

    @Test
    void jsonIsOneAgreeingObjectPerStep() {
        CliRun run = CliRun.of("demo", "--json");
        assertEquals(0, run.exit());
        assertEquals(5 + 7 + 10, run.outLines().size(), run.out());
        assertTrue(run.outLines().stream().allMatch(l -> l.startsWith("{\"scenario\":")
                && l.endsWith("\"agree\":true,\"problems\":\"\"}")), run.out());
    }
}
