package dev.errseq.cli.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errseq.Errno;
import dev.errseq.ErrseqCursor;
import dev.errseq.ErrseqWord;
import dev.errseq.Layout;
import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The conformance cases without a kernel (no root needed): the model alone has each case's
 * expected shape, in both implementations, and models that get open or the syncs wrong do
 * not, so agreeing with the kernel in {@link KernelConformanceTest} means something.
 */
class ScenarioModelTest {
    private static final Supplier<ErrseqWord> NATIVE = () -> ErrseqWord.allocateNative(Layout.UPSTREAM);
    private static final Supplier<ErrseqWord> JAVA = () -> ErrseqWord.createJava(Layout.UPSTREAM);

    @ParameterizedTest(name = "{0}")
    @EnumSource(Scenario.class)
    void theModelHasEveryScenariosShapeInBothImplementations(Scenario scenario)
            throws IOException {
        Map<String, List<Integer>> c;
        Map<String, List<Integer>> java;
        try (ModelWorld world = new ModelWorld(NATIVE, Errno.ENOSPC, Errno.EIO)) {
            c = Conformance.play(scenario, world);
        }
        try (ModelWorld world = new ModelWorld(JAVA, Errno.ENOSPC, Errno.EIO)) {
            java = Conformance.play(scenario, world);
        }
        assertEquals(c, java, "C core and Java twin");
        assertTrue(Shapes.matches(c, scenario.expectedShape()),
                () -> Shapes.render(c) + " vs " + Shapes.renderShape(scenario.expectedShape()));
    }

    @Test
    void aModelWhoseOpenTakesUnseenErrorsAwayFailsTheLateOpenerScenarios() throws IOException {
        // Wrong open: start at the current value even when nobody saw the error yet.
        Set<Scenario> failing = failingScenarios(() -> new ModelWorld(JAVA, Errno.EIO, Errno.EIO) {
            @Override
            protected ErrseqCursor watch(ErrseqWord word) {
                return word.watchFrom(word.raw());
            }
        });
        // Seeds (a) and (c) cannot tell: another watcher looks first there, and the SEEN bit
        // it adds alone moves the word under the wrong sample, which then reports the error
        // after all (the spurious report of seed (a) itself).
        assertEquals(EnumSet.of(Scenario.GENERIC_487, Scenario.GENERIC_484,
                Scenario.SYNCFS_WATCHERS, Scenario.SEED_B), failing);
    }

    @Test
    void aModelWhoseSyncsNeverAdvanceFailsEveryScenario() throws IOException {
        // Wrong sync: report without moving the cursor, so the error comes back every time.
        Set<Scenario> failing = failingScenarios(() -> new ModelWorld(JAVA, Errno.EIO, Errno.EIO) {
            @Override
            protected int report(ErrseqCursor cursor) {
                return -cursor.check();
            }
        });
        assertEquals(EnumSet.allOf(Scenario.class), failing);
    }

    @Test
    void aModelWithOneWordForFileAndSuperblockFailsTheSyncfsScenario() throws IOException {
        // Wrong layout of the kernel: fsync and syncfs consuming the same word.
        Set<Scenario> failing = failingScenarios(() -> new ModelWorld(JAVA, Errno.EIO, Errno.EIO) {
            private ErrseqWord shared;

            @Override
            protected ErrseqCursor watch(ErrseqWord word) {
                if (shared == null) {
                    shared = word;
                }
                return shared.watch();
            }
        });
        assertFalse(failing.isEmpty());
        assertTrue(failing.contains(Scenario.GENERIC_484), failing::toString);
    }

    @Test
    void anOverlayThatConsumesLikeASyncFailsSeedB() throws IOException {
        // Wrong overlay: its look advances a cursor, as upstream's checkAndAdvance would; the
        // kernel's volatile overlay checks without consuming.
        Set<Scenario> failing = failingScenarios(() -> new ModelWorld(JAVA, Errno.EIO, Errno.EIO) {
            @Override
            int call(String watcher, Op op) {
                return super.call(watcher, op == Op.OVERLAY_SYNCFS ? Op.SYNCFS : op);
            }
        });
        assertEquals(EnumSet.of(Scenario.SEED_B), failing);
    }

    private static Set<Scenario> failingScenarios(Supplier<ModelWorld> worlds) throws IOException {
        Set<Scenario> failing = EnumSet.noneOf(Scenario.class);
        for (Scenario scenario : Scenario.values()) {
            try (ModelWorld world = worlds.get()) {
                if (!Shapes.matches(Conformance.play(scenario, world), scenario.expectedShape())) {
                    failing.add(scenario);
                }
            }
        }
        return failing;
    }
}
