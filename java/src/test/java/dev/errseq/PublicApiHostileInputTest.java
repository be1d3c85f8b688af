package dev.errseq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every public constructor and method of {@code dev.errseq} and {@code dev.errseq.fs}, called
 * with hostile values by {@link HostileInputProbe} in a JVM of its own (with
 * {@code -Xcheck:jni}): one test per executable, which fails with the calls that went wrong;
 * one that fails for any public executable without an expectation (or an expectation without
 * an executable); and one that fails if the child JVM crashed or exited abnormally, showing its
 * output and its {@code hs_err} log.
 */
class PublicApiHostileInputTest {
    private static final long TIMEOUT_SECONDS = 180;

    @TempDir
    Path temp;

    @TestFactory
    Stream<DynamicTest> everyPublicEntryPoint() {
        ChildJvm.Result run = ChildJvm.run(temp, TIMEOUT_SECONDS, List.of("-Xcheck:jni",
                "--add-opens", "java.base/java.io=ALL-UNNAMED"), HostileInputProbe.class);
        List<String> summaries = run.lines("SUMMARY ");
        System.out.printf("hostile input: %d public constructors and methods, %s, %d skipped"
                + " calls (exit %d)%n", summaries.size(), run.lines("DONE ").stream().findFirst()
                .orElse("no DONE line"), summaries.stream()
                .mapToInt(s -> Integer.parseInt(s.replaceAll(".* skipped=", ""))).sum(), run.exit);
        List<DynamicTest> tests = new ArrayList<>();
        tests.add(DynamicTest.dynamicTest("the child JVM finished without crashing", () -> {
            assertTrue(run.crashLogs.isEmpty(), () -> "the JVM crashed:\n" + run.describe());
            assertEquals(1, run.lines("DONE ").size(), () -> "no DONE line:\n" + run.describe());
            assertTrue(run.exit == 0 || run.exit == 1, () -> "exit " + run.exit + ":\n"
                    + run.describe());
        }));
        tests.add(DynamicTest.dynamicTest("every public executable has an expectation", () -> {
            List<String> uncovered = run.lines("UNCOVERED ");
            List<String> stale = run.lines("STALE ");
            assertTrue(uncovered.isEmpty() && stale.isEmpty(), () -> "public constructors and"
                    + " methods with no entry in HostileInputProbe's table: " + uncovered
                    + "; entries that match nothing: " + stale);
        }));
        tests.add(DynamicTest.dynamicTest("no file descriptor is left open", () -> {
            List<String> fds = run.lines("FDS ");
            assertEquals(1, fds.size(), run::describe);
            assertTrue(fds.get(0).endsWith(" added=0"), () -> "open fds " + fds.get(0) + "; "
                    + run.lines("FAIL open file descriptors: "));
        }));
        for (String summary : summaries) {
            String signature = summary.substring(0, summary.indexOf(' '));
            tests.add(DynamicTest.dynamicTest(summary, () -> {
                List<String> failures = run.lines("FAIL " + signature + " ");
                assertTrue(failures.isEmpty() && summary.contains(" failed=0 "),
                        () -> failures.size() + " calls went wrong:\n"
                                + String.join("\n", failures));
                assertFalse(summary.contains(" calls=0 "), "nothing was called");
            }));
        }
        List<String> otherFailures = run.lines("FAIL ").stream()
                .filter(line -> summaries.stream()
                        .noneMatch(s -> line.startsWith(s.substring(0, s.indexOf(' ')) + " ")))
                .collect(Collectors.toList());
        tests.add(DynamicTest.dynamicTest("no failure outside the per-executable tests", () ->
                assertTrue(otherFailures.isEmpty(), String.join("\n", otherFailures))));
        return tests.stream();
    }

    /** The crash detection itself: a JVM that dies in native code is reported, with hs_err. */
    @Test
    void aCrashInTheChildIsReportedWithItsLog() throws IOException {
        ChildJvm.Result run = ChildJvm.run(temp, TIMEOUT_SECONDS, List.of(),
                HostileInputProbe.class, "--crash");
        assertNotEquals(0, run.exit, run::describe);
        assertEquals(List.of(), run.lines("DONE "), run::describe);
        assertEquals(1, run.crashLogs.size(), run::describe);
        String log = Files.readString(run.crashLogs.get(0),
                StandardCharsets.ISO_8859_1);
        assertTrue(log.contains("SIGSEGV"), () -> "hs_err names the signal:\n" + log);
        assertTrue(run.describe().contains("---- " + run.crashLogs.get(0)), run::describe);
    }
}
