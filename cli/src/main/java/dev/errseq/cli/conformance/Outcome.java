package dev.errseq.cli.conformance;

import dev.errseq.testkit.FilesystemKind;
import dev.errseq.testkit.ReplayCheck;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one scenario gave on one filesystem.
 *
 * @param scenario the scenario
 * @param kind the filesystem it ran on
 * @param reports per world, per watcher, its reports in order (0 or a positive errno)
 * @param fileErrno the errno the models stored in the file's word
 * @param sbErrno the errno the models stored last in the superblock's word
 * @param fedNote where the models' errnos came from
 * @param kernelTrace the kernel's steps, with what each returned
 * @param kernelNotes syncs the kernel answered with a usage error instead of a writeback error
 * @param replay the file's traced words replayed through both models, where tracing ran
 * @param whyNoReplay why it did not run, if it did not
 */
public record Outcome(Scenario scenario, FilesystemKind kind,
        Map<Impl, Map<String, List<Integer>>> reports, int fileErrno, int sbErrno,
        String fedNote, List<String> kernelTrace, List<String> kernelNotes,
        Optional<ReplayCheck> replay, Optional<String> whyNoReplay) {

    /** @return whether kernel, C core and Java twin gave every watcher the same reports */
    public boolean agree() {
        Map<String, List<Integer>> kernel = reports.get(Impl.KERNEL);
        return kernel.equals(reports.get(Impl.C_CORE))
                && kernel.equals(reports.get(Impl.JAVA_TWIN));
    }

    /** @return whether the kernel's reports have the scenario's shape (errors where expected) */
    public boolean kernelAsExpected() {
        return Shapes.matches(reports.get(Impl.KERNEL), scenario.expectedShape());
    }

    /**
     * @return {@code agree}; {@code DISAGREE} if the worlds differ, {@code UNEXPECTED} if they
     *     agree on a shape the scenario does not make, {@code REPLAY DIFFERS} if the models did
     *     not reproduce every traced word, {@code USAGE ERROR} if a sync failed as a call
     */
    public String verdict() {
        if (!agree()) {
            return "DISAGREE";
        }
        if (!kernelAsExpected()) {
            return "UNEXPECTED";
        }
        if (replay.isPresent() && !replay.get().exact()) {
            return "REPLAY DIFFERS";
        }
        return kernelNotes.isEmpty() ? "agree" : "USAGE ERROR";
    }

    /**
     * @param impl a world
     * @return its reports as text, {@code A:ENOSPC,0 B:ENOSPC,0}
     */
    public String render(Impl impl) {
        return Shapes.render(reports.get(impl));
    }

    /** @return everything needed to understand a failure, over several lines */
    public String explain() {
        StringBuilder text = new StringBuilder();
        text.append(scenario.caseName()).append(" on ").append(kind.fsName()).append(": ")
                .append(scenario.description()).append('\n');
        for (Impl impl : Impl.values()) {
            text.append(String.format("  %-9s %s%n", impl.label(), render(impl)));
        }
        text.append("  expected  ").append(Shapes.renderShape(scenario.expectedShape()))
                .append("  (E = an error, any errno)\n");
        text.append("  ").append(fedNote).append('\n');
        text.append("  kernel steps: ").append(String.join("; ", kernelTrace)).append('\n');
        for (String note : kernelNotes) {
            text.append("  note: ").append(note).append('\n');
        }
        text.append("  replay of the file's traced words: ").append(replay
                .map(ReplayCheck::explain).orElse("not run: " + whyNoReplay.orElse("?")))
                .append('\n');
        return text.toString();
    }
}
