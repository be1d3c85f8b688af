package dev.errseq.cli;

import dev.errseq.ErrseqNative;
import dev.errseq.Layout;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code errseq demo}: the seed thread's scenarios, C core and Java twin side by side. */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        versionProvider = ErrseqCommand.Version.class,
        header = "Play the split-SEEN thread's scenarios on the C core and the Java twin.",
        description = {
            "",
            "Replays three scenarios from the linux-fsdevel thread on the ERRSEQ_SEEN split "
                + "patch (December 2020) on four words at once: the upstream and the split "
                + "layout, each as the C core (through JNI) and as the pure-Java twin:",
            "",
            "  (a) Matthew Wilcox's two watchers, one error;",
            "  (b) a volatile overlay watching its upper filesystem without consuming;",
            "  (c) each watcher told once; an unseen error reaches a later opener.",
            "",
            "Each cell shows what the step returned and the raw word after it; the words "
                + "are spelled out below each table.",
            "",
            "Then, as root with loop devices, the same three scenarios run on a real ext4 "
                + "made for the purpose (on a loop device over a small tmpfs, which fills up to "
                + "cause a real writeback error), as the kernel can play them: its open for the "
                + "copy in (a), its own volatile overlay in (b). The kernel's answers are printed "
                + "beside the C core's and the Java twin's, which model its words (upstream "
                + "layout). Without root or loop devices one line says why this part was left "
                + "out. 'errseq conformance' runs more cases, on more filesystems.",
            "",
            "Exits 1 if the C core and the Java twin disagree at any step, a result differs "
                + "from what the thread says it must be, or the kernel and the models disagree.",
            "",
        })
final class DemoCommand implements Callable<Integer> {
    private static final int LABEL_WIDTH = 30;
    private static final int RESULT_WIDTH = 13;
    private static final int CELL_WIDTH = 19;

    @Spec
    CommandSpec spec;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (!output.json) {
            out.println("native library: " + ErrseqNative.libraryOrigin() + "; os.arch="
                    + System.getProperty("os.arch"));
            out.println("each cell: what the step returns, then the word after it"
                    + " (spelled out by Layout.describe below each table)");
        }
        boolean ok = true;
        for (SeedScenarios.Scenario scenario : SeedScenarios.all()) {
            List<SeedScenarios.PlayedStep> steps = SeedScenarios.play(scenario);
            if (output.json) {
                ok &= printJson(out, scenario, steps);
            } else {
                ok &= printTable(out, scenario, steps);
            }
        }
        if (!output.json) {
            out.println();
            out.println(ok ? "all scenarios: C core and Java twin agree, as the thread says"
                    : "FAILED: see the verdicts above");
        }
        out.flush();
        ok &= new DemoOnKernel(out, output.json).play();
        out.flush();
        return ok ? ExitCodes.OK : ExitCodes.FOUND;
    }

    /** One object per step; true if no step had a problem. */
    private static boolean printJson(PrintWriter out, SeedScenarios.Scenario scenario,
            List<SeedScenarios.PlayedStep> steps) {
        boolean ok = true;
        for (SeedScenarios.PlayedStep step : steps) {
            Map<String, String> results = new LinkedHashMap<>();
            Map<String, String> words = new LinkedHashMap<>();
            for (int i = 0; i < SeedScenarios.LANES.size(); i++) {
                results.put(SeedScenarios.LANES.get(i), step.results().get(i));
                words.put(SeedScenarios.LANES.get(i), String.format("0x%08x", step.words().get(i)));
            }
            out.println(new Json().put("scenario", scenario.title()).put("step", step.label())
                    .put("results", results).put("words", words)
                    .put("agree", step.problems().isEmpty())
                    .put("problems", String.join("; ", step.problems())));
            ok &= step.problems().isEmpty();
        }
        return ok;
    }

    /** The scenario as a table with a verdict; true if no step had a problem. */
    private static boolean printTable(PrintWriter out, SeedScenarios.Scenario scenario,
            List<SeedScenarios.PlayedStep> steps) {
        out.println();
        out.println(scenario.title());
        out.println("  " + scenario.note());
        StringBuilder header = new StringBuilder(pad("  step", LABEL_WIDTH + 2));
        for (String lane : SeedScenarios.LANES) {
            header.append(" | ").append(pad(lane, CELL_WIDTH));
        }
        out.println(header.toString().stripTrailing());
        List<String> problems = new ArrayList<>();
        Set<Integer> upstreamWords = new LinkedHashSet<>();
        Set<Integer> splitWords = new LinkedHashSet<>();
        for (SeedScenarios.PlayedStep step : steps) {
            StringBuilder row = new StringBuilder(pad("  " + step.label(), LABEL_WIDTH + 2));
            for (int i = 0; i < SeedScenarios.LANES.size(); i++) {
                int word = step.words().get(i);
                (i < 2 ? upstreamWords : splitWords).add(word);
                row.append(" | ").append(pad(pad(step.results().get(i), RESULT_WIDTH)
                        + "0x" + Integer.toHexString(word), CELL_WIDTH));
            }
            out.println(row.toString().stripTrailing());
            for (String problem : step.problems()) {
                problems.add(step.label() + ", " + problem);
            }
        }
        printWords(out, new ArrayList<>(upstreamWords), new ArrayList<>(splitWords));
        out.println(problems.isEmpty()
                ? "  verdict: OK, C core = Java twin at every step: " + scenario.conclusion()
                : "  verdict: FAILED: " + String.join("; ", problems));
        return problems.isEmpty();
    }

    /** The words the table shows, spelled out: upstream under its columns, split under its. */
    private static void printWords(PrintWriter out, List<Integer> upstream, List<Integer> split) {
        for (int i = 0; i < Math.max(upstream.size(), split.size()); i++) {
            String label = i == 0 ? "  words (Layout.describe)" : "";
            String up = i < upstream.size() ? Layout.UPSTREAM.describe(upstream.get(i)) : "";
            String sp = i < split.size() ? Layout.SPLIT.describe(split.get(i)) : "";
            out.println((pad(label, LABEL_WIDTH + 2) + " | " + pad(up, 2 * CELL_WIDTH + 3)
                    + " | " + sp).stripTrailing());
        }
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }
}
