package dev.errseq.cli.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errseq.testkit.FilesystemKind;
import dev.errseq.testkit.Prerequisites;
import dev.errseq.testkit.ReplayCheck;
import dev.errseq.testkit.Skip;
import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The real kernel against the library's word, in process: each case drives a real ext4, xfs or
 * btrfs (a testkit FaultyFilesystem) through FsHandle and FileChannels and, step for step, the
 * C core and the Java twin modelling the kernel's words (see {@link Conformance}). Every
 * watcher must get the same reports from all three, and the kernel's must have the case's
 * shape (an error where the case makes one), so a run where no error happened cannot pass.
 * Where tracing works, every word the kernel traced for the file must also be reproduced bit
 * for bit by both models ({@link ReplayCheck}).
 *
 * <p>Needs root, loop devices, the mkfs tools and Linux 5.11 or newer; skips with the reason
 * printed otherwise (fails where ERRSEQ_REQUIRE_KERNEL_TESTS=1). {@code errseq conformance}
 * prints the same cases as a table.
 */
class KernelConformanceTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(FilesystemKind.class)
    void generic441_fsyncErrOnEveryHandle(FilesystemKind kind) throws IOException {
        check(Scenario.GENERIC_441, kind);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(FilesystemKind.class)
    void generic487_unseenErrorReachesLaterOpener(FilesystemKind kind) throws IOException {
        check(Scenario.GENERIC_487, kind);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(FilesystemKind.class)
    void generic484_syncfsAfterFdatasyncError(FilesystemKind kind) throws IOException {
        check(Scenario.GENERIC_484, kind);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(FilesystemKind.class)
    void syncfsWatchersBeforeAndAfterError(FilesystemKind kind) throws IOException {
        check(Scenario.SYNCFS_WATCHERS, kind);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(FilesystemKind.class)
    void seedA_twoWatchersOneError(FilesystemKind kind) throws IOException {
        check(Scenario.SEED_A, kind);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(FilesystemKind.class)
    void seedB_volatileOverlayConsumesNothing(FilesystemKind kind) throws IOException {
        check(Scenario.SEED_B, kind);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(FilesystemKind.class)
    void seedC_eachWatcherOnceThenANewError(FilesystemKind kind) throws IOException {
        check(Scenario.SEED_C, kind);
    }

    private static void check(Scenario scenario, FilesystemKind kind) throws IOException {
        Skip.ifMissing(Prerequisites.missingForSyncfsErrors());
        Skip.ifMissing(scenario == Scenario.SEED_B ? Prerequisites.missingForVolatileOverlay(kind)
                : Prerequisites.missingFor(kind));
        Outcome outcome = Conformance.run(scenario, kind);
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
                () -> "all three agree, but the kernel's reports do not have the case's shape"
                        + " (did the writeback error happen?):\n" + explanation);
        if (Skip.partUnlessMissing("the trace replay", Prerequisites.missingForTracing())) {
            ReplayCheck replay = outcome.replay().orElseThrow();
            assertTrue(replay.exact(), () -> "the models did not reproduce every traced word"
                    + " of the file bit for bit:\n" + explanation);
        }
        assertEquals("agree", outcome.verdict(), explanation);
    }
}
