package dev.errseq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errseq.firstload.FirstLoadProgram;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user sees on JDK 25 the first time a native word loads the library, with the flag the
 * README documents: nothing on stderr, on the class path and on the module path, once an SLF4J
 * binding is present. Without one, SLF4J 1.7 (which native-lib-loader logs through) prints its
 * three-line notice and nothing else: the README's one-line fix is the binding. Without the
 * flag JDK 25 warns (JEP 472), which shows that these runs would see a warning.
 *
 * <p>The JDK is {@value #JAVA25_VARIABLE}, else the first JDK 25 under {@code /usr/lib/jvm}.
 * Without one the tests skip with the reason printed, or fail where
 * {@value #REQUIRE_VARIABLE}=1 (CI).
 */
class QuietFirstLoadTest {
    static final String JAVA25_VARIABLE = "JAVA25_HOME";
    static final String REQUIRE_VARIABLE = "ERRSEQ_REQUIRE_JDK25";
    static final List<String> SLF4J_NOTICE = List.of(
            "SLF4J: Failed to load class \"org.slf4j.impl.StaticLoggerBinder\".",
            "SLF4J: Defaulting to no-operation (NOP) logger implementation",
            "SLF4J: See http://www.slf4j.org/codes.html#StaticLoggerBinder for further details.");
    static final String PROGRAM = FirstLoadProgram.class.getName();

    static Path java25;

    @TempDir
    Path temp;

    @BeforeAll
    static void findJdk25() throws IOException {
        java25 = Jdk25.find();
        if (java25 == null) {
            String reason = "no JDK 25 (" + JAVA25_VARIABLE + "="
                    + System.getenv(JAVA25_VARIABLE) + ", and none under /usr/lib/jvm): point "
                    + JAVA25_VARIABLE + " at one, or install one (for example Temurin 25)";
            if ("1".equals(System.getenv(REQUIRE_VARIABLE))) {
                throw new AssertionError(REQUIRE_VARIABLE + "=1 requires this test, but: "
                        + reason);
            }
            System.out.println("SKIPPED: " + reason);
            org.junit.jupiter.api.Assumptions.assumeTrue(false, reason);
        }
    }

    @Test
    void onTheClassPathWithTheFlagAndABindingStderrIsEmpty() throws Exception {
        Run run = run(List.of("--enable-native-access=ALL-UNNAMED", "-cp",
                path(classes(), program(), jar("native-lib-loader-"), jar("slf4j-api-"),
                        jar("slf4j-nop-")), PROGRAM));
        assertEquals(List.of("EIO"), run.stdout, run::describe);
        assertEquals(List.of(), run.stderr, run::describe);
    }

    @Test
    void onTheModulePathWithTheFlagAndABindingStderrIsEmpty() throws Exception {
        Run run = run(List.of("--enable-native-access=dev.errseq", "--module-path",
                path(classes(), jar("native-lib-loader-"), jar("slf4j-api-"),
                        jar("slf4j-nop-")), "--add-modules", "dev.errseq", "-cp",
                program().toString(), PROGRAM));
        assertEquals(List.of("EIO"), run.stdout, run::describe);
        assertEquals(List.of(), run.stderr, run::describe);
    }

    @Test
    void withoutABindingSlf4jPrintsItsNoticeAndNothingElse() throws Exception {
        Run run = run(List.of("--enable-native-access=ALL-UNNAMED", "-cp",
                path(classes(), program(), jar("native-lib-loader-"), jar("slf4j-api-")),
                PROGRAM));
        assertEquals(List.of("EIO"), run.stdout, run::describe);
        assertEquals(SLF4J_NOTICE, run.stderr, run::describe);
    }

    @Test
    void withoutTheFlagJdk25Warns() throws Exception {
        Run run = run(List.of("-cp", path(classes(), program(), jar("native-lib-loader-"),
                jar("slf4j-api-"), jar("slf4j-nop-")), PROGRAM));
        assertEquals(List.of("EIO"), run.stdout, run::describe);
        assertTrue(run.stderr.stream().anyMatch(line -> line.startsWith("WARNING:"
                + " java.lang.System::load has been called by dev.errseq.internal.NativeLibrary"
                + " in an unnamed module")), run::describe);
        assertTrue(run.stderr.contains("WARNING: Use --enable-native-access=ALL-UNNAMED to avoid"
                + " a warning for callers in this module"), run::describe);
    }

    /** One run of the JDK 25 {@code java} with these arguments, its output line by line. */
    static final class Run {
        final List<String> command;
        final int exit;
        final List<String> stdout;
        final List<String> stderr;

        Run(List<String> command, int exit, List<String> stdout, List<String> stderr) {
            this.command = command;
            this.exit = exit;
            this.stdout = stdout;
            this.stderr = stderr;
        }

        String describe() {
            return String.join(" ", command) + "\nexited " + exit + "\nstdout:\n"
                    + String.join("\n", stdout) + "\nstderr:\n" + String.join("\n", stderr);
        }
    }

    private Run run(List<String> args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(java25.toString());
        command.addAll(args);
        Path out = temp.resolve("stdout");
        Path err = temp.resolve("stderr");
        Process process = new ProcessBuilder(command).directory(temp.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " still running after 120 s");
        }
        Run run = new Run(command, process.exitValue(),
                Files.readAllLines(out, StandardCharsets.UTF_8),
                Files.readAllLines(err, StandardCharsets.UTF_8));
        assertEquals(0, run.exit, run::describe);
        return run;
    }

    /** The main classes: the class-path entry that holds module-info.class. */
    private static Path classes() {
        return entry(p -> Files.isRegularFile(p.resolve("module-info.class"))
                && Files.isRegularFile(p.resolve("dev/errseq/ErrseqWord.class")));
    }

    /** The test classes: the entry that holds the program. */
    private static Path program() {
        return entry(p -> Files.isRegularFile(p.resolve(PROGRAM.replace('.', '/') + ".class")));
    }

    private static Path jar(String prefix) {
        return entry(p -> p.getFileName().toString().startsWith(prefix)
                && p.getFileName().toString().endsWith(".jar"));
    }

    private static Path entry(Predicate<Path> wanted) {
        for (String entry : ChildJvm.classPath().split(File.pathSeparator)) {
            Path path = Path.of(entry);
            if (wanted.test(path)) {
                return path;
            }
        }
        throw new AssertionError("no such entry in the test's paths: " + ChildJvm.classPath());
    }

    private static String path(Path... entries) {
        List<String> parts = new ArrayList<>();
        for (Path entry : entries) {
            parts.add(entry.toString());
        }
        return String.join(File.pathSeparator, parts);
    }
}
