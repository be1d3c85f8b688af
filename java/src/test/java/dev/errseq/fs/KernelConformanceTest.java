package dev.errseq.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errseq.fs.Scenarios.Impl;
import dev.errseq.fs.Scenarios.Outcome;
import dev.errseq.fs.Scenarios.Scenario;
import java.io.IOException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The real kernel against the library's word: each xfstests scenario drives a real ext4, xfs
 * or btrfs (a {@link LoopFilesystem}) through {@link FsHandle} and FileChannels and, step for
 * step, the C core and the Java twin modelling the kernel's words (see {@link Scenarios}).
 * Every watcher must get the same reports from all three, and the kernel's must have the
 * scenario's shape (an error where the scenario makes one), so a run where no error happened
 * cannot pass. Where tracing works, every word the kernel traced for the file must also be
 * reproduced bit for bit by both models ({@link ReplayCheck}).
 *
 * <p>Needs root, loop devices, the mkfs tools and Linux 5.8 or newer; skips with the reason
 * printed otherwise. The same scenarios print as a table with {@code ./mvnw -Pconformance verify}.
 */
class KernelConformanceTest {

    @BeforeAll
    static void cleanUpAfterDeadRuns() {
        LoopFilesystem.cleanStale();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(LoopFilesystem.Kind.class)
    void generic441_fsyncErrOnEveryHandle(LoopFilesystem.Kind kind) throws IOException {
        check(Scenario.GENERIC_441, kind);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(LoopFilesystem.Kind.class)
    void generic487_unseenErrorReachesLaterOpener(LoopFilesystem.Kind kind) throws IOException {
        check(Scenario.GENERIC_487, kind);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(LoopFilesystem.Kind.class)
    void generic484_syncfsAfterFdatasyncError(LoopFilesystem.Kind kind) throws IOException {
        check(Scenario.GENERIC_484, kind);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(LoopFilesystem.Kind.class)
    void syncfsWatchersBeforeAndAfterError(LoopFilesystem.Kind kind) throws IOException {
        check(Scenario.SYNCFS_WATCHERS, kind);
    }

    private static void check(Scenario scenario, LoopFilesystem.Kind kind) throws IOException {
        Assumptions.assumeSyncfsReportsErrors();
        Assumptions.assumeLoopFilesystem(kind);
        Outcome outcome = Scenarios.run(scenario, kind);
        String explanation = outcome.explain();
        System.out.print(explanation);
        assertTrue(outcome.kernelNotes().isEmpty(),
                () -> "the kernel answered a sync with a usage error, not a writeback error:\n"
                        + explanation);
        assertEquals(outcome.render(Impl.KERNEL), outcome.render(Impl.C_CORE),
                () -> "the C core's model disagrees with the kernel:\n" + explanation);
        assertEquals(outcome.render(Impl.KERNEL), outcome.render(Impl.JAVA_TWIN),
                () -> "the Java twin's model disagrees with the kernel:\n" + explanation);
        assertEquals(outcome.reports().get(Impl.KERNEL), outcome.reports().get(Impl.C_CORE),
                () -> explanation);
        assertTrue(outcome.kernelAsExpected(),
                () -> "all three agree, but the kernel's reports do not have the scenario's shape"
                        + " (did the writeback error happen?):\n" + explanation);
        if (Assumptions.tracingOrNote()) {
            ReplayCheck replay = outcome.replay().orElseThrow();
            assertTrue(replay.exact(), () -> "the models did not reproduce every traced word"
                    + " of the file bit for bit:\n" + explanation);
        }
    }
}
