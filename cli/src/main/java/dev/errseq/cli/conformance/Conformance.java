package dev.errseq.cli.conformance;

import dev.errseq.Errno;
import dev.errseq.ErrseqWord;
import dev.errseq.Layout;
import dev.errseq.testkit.FaultyFilesystem;
import dev.errseq.testkit.FilesystemKind;
import dev.errseq.testkit.Prerequisites;
import dev.errseq.testkit.ReplayCheck;
import dev.errseq.trace.WritebackErrorMonitor;
import java.io.IOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Plays a {@link Scenario} against three worlds: the running kernel on a new
 * {@link FaultyFilesystem}, then the C core and the Java twin ({@link ModelWorld},
 * {@link Layout#UPSTREAM}). Which errno the kernel stores (ENOSPC from the loop device, EIO
 * from a failed unwritten-extent conversion or metadata buffer) depends on the block layer,
 * not on errseq, so the kernel plays first and the models are fed the errno it reported
 * first: for the file's word the first an fsync or fdatasync reported, for the superblock's
 * the first a syncfs reported (the other's when a scenario has only one kind). Every other
 * detail (which call reports, which gets 0, how often) is the models' own.
 *
 * <p>While the kernel plays, a {@link WritebackErrorMonitor} traces the filesystem (where
 * tracing is possible); afterwards the file's traced words are replayed through both models
 * ({@link ReplayCheck}), which must reproduce each one bit for bit.
 */
public final class Conformance {
    private Conformance() {
    }

    /**
     * Plays {@code scenario} on a new {@code kind} filesystem, then on the two models.
     *
     * @param scenario what to play
     * @param kind the filesystem to make for it
     * @return what each world reported, and the replay of the traced words
     * @throws IOException if the filesystem cannot be made or a step fails as a call
     */
    public static Outcome run(Scenario scenario, FilesystemKind kind) throws IOException {
        KernelWorld kernel;
        ReplayCheck replay = null;
        Optional<String> noTrace = Prerequisites.missingForTracing();
        try (FaultyFilesystem fs = FaultyFilesystem.create(kind);
                WritebackErrorMonitor monitor = noTrace.isPresent() ? null
                        : WritebackErrorMonitor.start(List.of(fs.root()))) {
            kernel = new KernelWorld(fs);
            try {
                scenario.program().play(kernel);
                if (monitor != null) {
                    replay = ReplayCheck.of(ReplayCheck.ofFile(ReplayCheck.drain(monitor),
                            kernel.resolve(Programs.FILE)));
                }
            } catch (IOException | RuntimeException | Error e) {
                try {
                    kernel.closeAll();
                } catch (IOException closing) {
                    e.addSuppressed(closing);
                }
                throw e;
            }
            kernel.closeAll(); // every watcher before the filesystem is unmounted
        }
        int fileErrno = kernel.firstError(true);
        int sbErrno = kernel.firstError(false);
        String fed;
        if (fileErrno == 0 && sbErrno == 0) {
            fileErrno = Errno.EIO;
            sbErrno = Errno.EIO;
            fed = "the kernel reported no error at all; the models were fed EIO";
        } else {
            String fileFrom = fileErrno != 0 ? "the first errno the kernel's fsync/fdatasync"
                    + " reported" : "no fsync/fdatasync reported one: the syncfs errno";
            String sbFrom = sbErrno != 0 ? "the first errno the kernel's syncfs reported"
                    : "no syncfs reported one: the fsync/fdatasync errno";
            fileErrno = fileErrno != 0 ? fileErrno : sbErrno;
            sbErrno = sbErrno != 0 ? sbErrno : fileErrno;
            fed = "the models were fed " + Errno.name(fileErrno) + " for the file's word ("
                    + fileFrom + ") and " + Errno.name(sbErrno) + " for the superblock's ("
                    + sbFrom + ")";
        }
        Map<Impl, Map<String, List<Integer>>> reports = new EnumMap<>(Impl.class);
        reports.put(Impl.KERNEL, kernel.reports);
        reports.put(Impl.C_CORE, playModel(scenario,
                () -> ErrseqWord.allocateNative(Layout.UPSTREAM), fileErrno, sbErrno));
        reports.put(Impl.JAVA_TWIN, playModel(scenario,
                () -> ErrseqWord.createJava(Layout.UPSTREAM), fileErrno, sbErrno));
        return new Outcome(scenario, kind, reports, fileErrno, sbErrno, fed, kernel.trace,
                kernel.notes, Optional.ofNullable(replay), noTrace);
    }

    private static Map<String, List<Integer>> playModel(Scenario scenario,
            Supplier<ErrseqWord> newWord, int fileErrno, int sbErrno) throws IOException {
        try (ModelWorld model = new ModelWorld(newWord, fileErrno, sbErrno)) {
            return play(scenario, model);
        }
    }

    /**
     * Plays {@code scenario} on a model alone.
     *
     * @param scenario what to play
     * @param model the words to play it on
     * @return per watcher, its reports in order
     * @throws IOException never for a model; the signature is the kernel's
     */
    public static Map<String, List<Integer>> play(Scenario scenario, ModelWorld model)
            throws IOException {
        scenario.program().play(model);
        return model.reports;
    }
}
