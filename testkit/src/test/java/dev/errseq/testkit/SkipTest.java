package dev.errseq.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A missing prerequisite skips a test with its reason, or fails it where the environment
 * demands the real thing; checked in child JVMs whose environment and user differ from this
 * one's.
 */
class SkipTest {
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java")
            .toString();

    private static String runChild(List<String> prefix, String classPath, String require,
            String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(JAVA, "-cp", classPath, SkipProbe.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .directory(new File("/"));
        builder.environment().remove(Prerequisites.REQUIRE_VARIABLE);
        if (require != null) {
            builder.environment().put(Prerequisites.REQUIRE_VARIABLE, require);
        }
        Process child = builder.start();
        String output;
        try (var in = child.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child did not finish");
        assertEquals(0, child.exitValue(), output);
        return output;
    }

    /** This JVM's class path; surefire's may be one manifest-only jar, which works as well. */
    private static String classPath() {
        return System.getProperty("java.class.path");
    }

    /** Only directories of compiled classes: a user without access to ~/.m2 can read them. */
    private static String ownClasses() {
        List<String> entries = new ArrayList<>();
        for (String entry : classPath().split(File.pathSeparator)) {
            if (entry.endsWith("classes")) {
                entries.add(entry);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    @Test
    void aMissingPrerequisiteAbortsTheTestWithItsReason() throws Exception {
        String output = runChild(List.of(), classPath(), null);
        assertTrue(output.contains("SKIPPED: no loop devices here\n"), output);
        assertTrue(output.contains("THREW org.opentest4j.TestAbortedException: no loop devices"
                + " here\n"), output);
    }

    @Test
    void aMissingPrerequisiteFailsTheTestWhereTheEnvironmentRequiresIt() throws Exception {
        String output = runChild(List.of(), classPath(), "1");
        assertTrue(output.contains("THREW java.lang.AssertionError: ERRSEQ_REQUIRE_KERNEL_TESTS=1"
                + " requires the real-kernel tests to run, but: no loop devices here\n"), output);
    }

    @Test
    void aMissingPrerequisiteLeavesOutAPartWithItsReason() throws Exception {
        String output = runChild(List.of(), classPath(), null);
        assertTrue(output.contains("LEFT OUT (the replay): no tracefs here\nPART false\n"), output);
    }

    @Test
    void aMissingPrerequisiteFailsThePartWhereTheEnvironmentRequiresIt() throws Exception {
        String output = runChild(List.of(), classPath(), "1");
        assertTrue(output.contains("PART THREW java.lang.AssertionError:"
                + " ERRSEQ_REQUIRE_KERNEL_TESTS=1 requires the replay to run, but: no tracefs"
                + " here\n"), output);
    }

    @Test
    void nothingMissingRunsThePart() {
        assertTrue(Skip.partUnlessMissing("the replay", Optional.empty()));
    }

    @Test
    void onlyTheValueOneRequiresIt() throws Exception {
        String output = runChild(List.of(), classPath(), "yes");
        assertTrue(output.contains("THREW org.opentest4j.TestAbortedException"), output);
    }

    @Test
    void nothingMissingLetsTheTestGoOn() {
        Skip.ifMissing(Optional.empty());
    }

    @Test
    void notRootIsAReasonNamingTheUser() throws Exception {
        if (Prerequisites.missingForMounting().isPresent()) {
            assertTrue(Prerequisites.missingFor(FilesystemKind.EXT4).isPresent());
            return;
        }
        String output = runChild(List.of("setpriv", "--reuid=65534", "--regid=65534",
                "--clear-groups"), ownClasses(), null, "prerequisites-only");
        assertTrue(output.contains("MISSING not root (effective uid 65534): mounting needs root\n"),
                output);
    }
}
