package dev.errseq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errseq.cli.conformance.Scenario;
import dev.errseq.testkit.FilesystemKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * errseq demo: the seed thread's three scenarios agree on all four words; as root, the kernel
 * agrees with the models on a real ext4. Without root the kernel part is left out with one
 * line (JarRunIT runs that as another user).
 */
class DemoCommandTest {
    private static final String MODELS_AGREE = "all scenarios: C core and Java twin agree, as the thread says";

    /** The model part: everything up to its closing line. */
    private static List<String> modelPart(CliRun run) {
        List<String> lines = run.outLines();
        int end = lines.indexOf(MODELS_AGREE);
        assertTrue(end > 0, run.out());
        return lines.subList(0, end + 1);
    }

    @Test
    void everyScenarioEndsWithAnOkVerdict() {
        CliRun run = CliRun.of("demo");
        assertEquals(0, run.exit(), run.toString());
        assertEquals("", run.err());
        List<String> verdicts = modelPart(run).stream().filter(l -> l.contains("verdict:")).toList();
        assertEquals(3, verdicts.size(), run.out());
        assertTrue(verdicts.stream().allMatch(l -> l.startsWith("  verdict: OK, C core = Java twin")),
                run.out());
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
    void onTheKernelTheSeedScenariosAgreeWithTheModels() {
        ConformanceCommandTest.skipUnlessRealFilesystems(FilesystemKind.EXT4);
        CliRun run = CliRun.of("demo");
        assertEquals(0, run.exit(), run.toString());
        assertEquals("", run.err());
        List<String> lines = run.outLines();
        List<String> kernelPart = lines.subList(modelPart(run).size(), lines.size());
        for (Scenario scenario : Scenario.SEED) {
            int at = kernelPart.indexOf(scenario.caseName() + " on ext4");
            assertTrue(at > 0, scenario + " in " + run.out());
            String kernel = kernelPart.get(at + 2);
            assertTrue(kernel.startsWith("  kernel     "), kernel);
            String reports = kernel.substring("  kernel     ".length());
            assertEquals("  C core     " + reports, kernelPart.get(at + 3));
            assertEquals("  Java twin  " + reports, kernelPart.get(at + 4));
            assertTrue(kernelPart.get(at + 5).matches("  replay     traced words (\\d+), C core"
                    + " \\1, Java twin \\1, differ 0"), kernelPart.get(at + 5));
            assertTrue(kernelPart.get(at + 6).startsWith("  verdict: OK, agree (model fed: "),
                    kernelPart.get(at + 6));
        }
        assertEquals("on the kernel: kernel, C core and Java twin agree in all three",
                lines.get(lines.size() - 1));
    }

    @Test
    void jsonIsOneAgreeingObjectPerStepThenTheKernelPart() {
        CliRun run = CliRun.of("demo", "--json");
        assertEquals(0, run.exit(), run.toString());
        assertEquals("", run.err());
        List<String> model = run.outLines().subList(0, 5 + 7 + 10);
        assertTrue(model.stream().allMatch(l -> l.startsWith("{\"scenario\":\"(")
                && l.endsWith("\"agree\":true,\"problems\":\"\"}")), run.out());
        List<String> kernel = run.outLines().subList(model.size(), run.outLines().size());
        if (RealFilesystems.missingFor(List.of(FilesystemKind.EXT4), true).isPresent()) {
            assertEquals(1, kernel.size(), run.out());
            assertTrue(kernel.get(0).startsWith("{\"kernel_part\":\"left out\",\"reason\":"),
                    kernel.get(0));
        } else {
            assertEquals(Scenario.SEED.size(), kernel.size(), run.out());
            for (int i = 0; i < kernel.size(); i++) {
                assertTrue(kernel.get(i).startsWith("{\"scenario\":\"" + Scenario.SEED.get(i)
                        .caseName() + "\",\"fs\":\"ext4\",\"verdict\":\"agree\",\"agree\":true,"),
                        kernel.get(i));
            }
        }
    }
}
