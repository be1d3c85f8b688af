package dev.errseq.cli;

import dev.errseq.cli.conformance.Conformance;
import dev.errseq.cli.conformance.Scenario;
import dev.errseq.testkit.FilesystemKind;
import dev.errseq.trace.TraceException;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code errseq conformance}: the running kernel against the library's word, on real
 * filesystems made for the purpose, case by case.
 */
@Command(name = "conformance",
        mixinStandardHelpOptions = true,
        versionProvider = ErrseqCommand.Version.class,
        header = "Play the xfstests cases and the seed scenarios on this kernel and on the models.",
        description = {
            "",
            "Makes real filesystems (ext4 without a journal, xfs, btrfs) on loop devices whose "
                + "backing files sit on small private tmpfs mounts, causes real writeback "
                + "errors by letting those fill up, and plays on each: xfstests generic/441-442 "
                + "(fsync-err), generic/484 and generic/487, syncfs watchers opened before, "
                + "after and long after an error, and the seed thread's three scenarios as the "
                + "kernel can play them (a volatile overlay for (b)). The C core and the Java "
                + "twin, modelling the kernel's words, play the same steps and must give every "
                + "watcher the same reports; the kernel's must have each case's shape. Where "
                + "tracing works, the file's traced words are replayed through both models, "
                + "which must reproduce every one.",
            "",
            "Which errno the kernel stores (ENOSPC or EIO) is the block layer's business, so the "
                + "models are fed the errno the kernel reported first. Needs root, loop devices, "
                + "the mkfs tools and Linux 5.11 or newer; everything made is removed at the "
                + "end. Exits 1 on any disagreement.",
            "",
        })
final class ConformanceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    OutputOptions output;

    @Option(names = "--fs", paramLabel = "FS", split = ",", converter = FilesystemKindConverter.class,
            description = "The filesystems to run on, separated by commas: ext4, xfs, btrfs"
                    + " (default: all three).")
    List<FilesystemKind> filesystems;

    @Override
    public Integer call() throws Problem, TraceException {
        List<FilesystemKind> kinds = filesystems == null ? List.of(FilesystemKind.values())
                : filesystems.stream().distinct().toList();
        Optional<Problem> missing = RealFilesystems.missingFor(kinds, true);
        if (missing.isPresent()) {
            throw missing.get();
        }
        PrintWriter out = spec.commandLine().getOut();
        List<ConformanceRow> rows = new ArrayList<>();
        long started = System.nanoTime();
        for (Scenario scenario : Scenario.values()) {
            for (FilesystemKind kind : kinds) {
                ConformanceRow row = play(scenario, kind);
                rows.add(row);
                if (output.json) {
                    out.println(row.json());
                    out.flush();
                }
            }
        }
        long agree = rows.stream().filter(ConformanceRow::agrees).count();
        double seconds = (System.nanoTime() - started) / 1e9;
        if (output.json) {
            out.println(new Json().put("kernel", System.getProperty("os.version"))
                    .put("rows", rows.size()).put("agree", agree)
                    .put("failed", rows.size() - agree));
        } else {
            ConformanceTable.print(out, rows);
            out.println();
            out.println(String.format("kernel %s; %d rows: %d agree, %d disagree or failed"
                    + " (%.1f s)", System.getProperty("os.version"), rows.size(), agree,
                    rows.size() - agree, seconds));
            out.println("Each watcher's reports in order (0 = success); C core and Java twin"
                    + " model the kernel's words in Layout.UPSTREAM, fed the errno the kernel"
                    + " reported first (for the file's word from fsync or fdatasync, for the"
                    + " superblock's from syncfs): which errno is stored is the block layer's"
                    + " business; when and to whom it is reported is errseq's.");
        }
        out.flush();
        return agree == rows.size() ? ExitCodes.OK : ExitCodes.FOUND;
    }

    /** One case on one filesystem; a failure of the machinery is a row, not the end. */
    private static ConformanceRow play(Scenario scenario, FilesystemKind kind)
            throws TraceException {
        try {
            return ConformanceRow.of(Conformance.run(scenario, kind));
        } catch (TraceException e) {
            throw e; // tracefs missing or locked down: no case can run, the status says why
        } catch (IOException | RuntimeException e) {
            return ConformanceRow.failed(scenario.caseName(), kind.fsName(), e);
        }
    }
}
