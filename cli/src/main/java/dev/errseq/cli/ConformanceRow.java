package dev.errseq.cli;

import dev.errseq.Errno;
import dev.errseq.cli.conformance.Impl;
import dev.errseq.cli.conformance.Outcome;
import dev.errseq.cli.conformance.Shapes;
import dev.errseq.testkit.ReplayCheck;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One case on one filesystem, as {@code errseq conformance} prints it.
 *
 * @param scenario the case's name
 * @param fs the filesystem's name
 * @param verdict {@code agree}, or what went wrong
 * @param lines who answered and what: kernel, C core, Java twin, replay
 * @param note where the models' errnos came from, and anything odd
 */
record ConformanceRow(String scenario, String fs, String verdict, List<String[]> lines,
        String note) {

    static ConformanceRow of(Outcome outcome) {
        List<String[]> lines = new ArrayList<>();
        for (Impl impl : Impl.values()) {
            lines.add(new String[] {impl.label(), outcome.render(impl)});
        }
        lines.add(new String[] {"replay", outcome.replay().map(ReplayCheck::line)
                .orElse("not run: " + outcome.whyNoReplay().orElse("?"))});
        String note = "model fed: file " + Errno.name(outcome.fileErrno()) + ", sb "
                + Errno.name(outcome.sbErrno());
        if (!outcome.kernelNotes().isEmpty()) {
            note += "; " + String.join("; ", outcome.kernelNotes());
        }
        if (outcome.replay().isPresent() && !outcome.replay().get().exact()) {
            note += "; " + outcome.replay().get().explain();
        }
        if (outcome.verdict().equals("UNEXPECTED")) {
            note += "; expected " + Shapes.renderShape(outcome.scenario().expectedShape());
        }
        return new ConformanceRow(outcome.scenario().caseName(), outcome.kind().fsName(),
                outcome.verdict(), lines, note);
    }

    static ConformanceRow failed(String scenario, String fs, Throwable e) {
        return new ConformanceRow(scenario, fs, "ERROR", List.of(),
                e.toString().replace('\n', ' '));
    }

    boolean agrees() {
        return verdict.equals("agree");
    }

    Json json() {
        Map<String, String> who = new LinkedHashMap<>();
        for (String[] line : lines) {
            who.put(line[0], line[1]);
        }
        return new Json().put("scenario", scenario).put("fs", fs).put("verdict", verdict)
                .put("agree", agrees()).put("reports", who).put("note", note);
    }
}
