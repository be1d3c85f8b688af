package dev.errseq.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The extension as a user meets it: small test classes (nested, so that surefire does not
 * run them by themselves) run through the JUnit launcher, then what they saw and what they
 * left on the machine is checked.
 */
class FaultyFilesystemExtensionTest {
    /** What the nested classes saw: each filesystem's root and loop device, in order. */
    static final List<FaultyFilesystem> SEEN = new ArrayList<>();

    private static TestExecutionSummary run(Class<?> testClass) {
        SEEN.clear();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(testClass)).build(), listener);
        return listener.getSummary();
    }

    private static void assertNothingLeft() throws IOException {
        for (FaultyFilesystem fs : SEEN) {
            assertEquals("", Leftovers.describe(fs.root(), fs.loopDevice()), fs.toString());
        }
    }

    @Test
    void eachTestMethodGetsItsOwnFilesystemRemovedAfterIt() throws IOException {
        Skip.ifMissing(Prerequisites.missingFor(FilesystemKind.EXT4));
        TestExecutionSummary summary = run(PerMethod.class);
        assertEquals(2, summary.getTestsSucceededCount(), summary.getFailures().toString());
        assertEquals(2, SEEN.size());
        assertNotEquals(SEEN.get(0).root(), SEEN.get(1).root());
        assertNothingLeft();
    }

    @Test
    void aBeforeAllParameterIsSharedByTheClassAndRemovedAfterIt() throws IOException {
        Skip.ifMissing(Prerequisites.missingFor(FilesystemKind.XFS));
        TestExecutionSummary summary = run(PerClass.class);
        assertEquals(2, summary.getTestsSucceededCount(), summary.getFailures().toString());
        assertEquals(3, SEEN.size());
        assertTrue(SEEN.stream().allMatch(fs -> fs == SEEN.get(0)), SEEN.toString());
        assertEquals(FilesystemKind.XFS, SEEN.get(0).kind());
        assertNothingLeft();
    }

    @Test
    void aFailingTestStillHasItsFilesystemRemoved() throws IOException {
        Skip.ifMissing(Prerequisites.missingFor(FilesystemKind.BTRFS));
        TestExecutionSummary summary = run(Failing.class);
        assertEquals(1, summary.getTestsFailedCount());
        assertEquals("the test failed on purpose",
                summary.getFailures().get(0).getException().getMessage());
        assertEquals(1, SEEN.size());
        assertNothingLeft();
    }

    @Test
    void theSizeAndATmpfsAreAsAskedFor() throws IOException {
        Skip.ifMissing(Prerequisites.missingFor(FilesystemKind.EXT4));
        TestExecutionSummary summary = run(Sized.class);
        assertEquals(1, summary.getTestsSucceededCount(), summary.getFailures().toString());
        assertNothingLeft();
    }

    @ExtendWith(FaultyFilesystemExtension.class)
    @TestMethodOrder(MethodOrderer.MethodName.class)
    static class PerMethod {
        @Test
        void first(FaultyFilesystem fs) throws IOException {
            see(fs);
        }

        @Test
        void second(FaultyFilesystem fs) throws IOException {
            see(fs);
        }

        private static void see(FaultyFilesystem fs) throws IOException {
            assertEquals(FilesystemKind.EXT4, fs.kind());
            assertEquals(List.of(fs.root()), Leftovers.mountsUnder(fs.root()));
            Files.writeString(fs.root().resolve("file"), "written");
            SEEN.add(fs);
        }
    }

    @ExtendWith(FaultyFilesystemExtension.class)
    static class PerClass {
        static FaultyFilesystem shared;

        @BeforeAll
        static void makeIt(@Faulty(FilesystemKind.XFS) FaultyFilesystem fs) {
            shared = fs;
            SEEN.add(fs);
        }

        @Test
        void one() throws IOException {
            Files.writeString(shared.root().resolve("one"), "1");
            SEEN.add(shared);
        }

        @Test
        void two() throws IOException {
            Files.writeString(shared.root().resolve("two"), "2");
            SEEN.add(shared);
        }
    }

    @ExtendWith(FaultyFilesystemExtension.class)
    static class Failing {
        @Test
        void fails(@Faulty(FilesystemKind.BTRFS) FaultyFilesystem fs) throws IOException {
            SEEN.add(fs);
            fs.causeWritebackError();
            throw new AssertionError("the test failed on purpose");
        }
    }

    @ExtendWith(FaultyFilesystemExtension.class)
    static class Sized {
        @Test
        void sized(@Faulty(value = FilesystemKind.EXT4, sizeMiB = 100) FaultyFilesystem fs,
                PrivateTmpfs tmpfs) throws IOException {
            SEEN.add(fs);
            long total = Files.getFileStore(fs.root()).getTotalSpace();
            assertTrue(total > 80L << 20 && total <= 100L << 20, "ext4 of 100 MiB has " + total);
            assertEquals(List.of(tmpfs.root()), Leftovers.mountsUnder(tmpfs.root()));
            assertEquals("tmpfs", Files.getFileStore(tmpfs.root()).type());
        }
    }
}
