package dev.errseq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errseq.testkit.FilesystemKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * target/errseq.jar run as a user runs it, with {@code java -jar}: on JDK 17 and on JDK 25 it
 * prints nothing but the command's own output (no SLF4J notice, no JEP 472 warning), and its
 * exit statuses survive the JVM's exit.
 */
class JarRunIT {
    /** Where this machine kind has Temurin 25; -Derrseq.jdk25=... points elsewhere. */
    private static final Path JDK25 = Path.of(System.getProperty("errseq.jdk25",
            "/usr/lib/jvm/temurin-25-jdk-amd64"));
    private static final Path JAR = Path.of(System.getProperty("errseq.jar", "target/errseq.jar"));

    @TempDir
    Path tmp;

    record Result(int exit, String out, String err) {
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        return run(command, 60);
    }

    private static Result run(List<String> command, int seconds)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("errseq-out", ".txt");
        Path err = Files.createTempFile("errseq-err", ".txt");
        try {
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile())
                    .redirectError(err.toFile()).start();
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command + " did not finish within " + seconds + " s");
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static List<String> java(Path javaHome, String... args) {
        List<String> command = new ArrayList<>(List.of(javaHome.resolve("bin/java").toString(),
                "-jar", JAR.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        return command;
    }

    static Path jdk25() {
        if (!Files.isExecutable(JDK25.resolve("bin/java"))) {
            String why = "no JDK 25 at " + JDK25 + " (set -Derrseq.jdk25=...)";
            if ("1".equals(System.getenv("ERRSEQ_REQUIRE_KERNEL_TESTS"))) {
                throw new AssertionError("ERRSEQ_REQUIRE_KERNEL_TESTS=1 requires " + why);
            }
            System.out.println("SKIPPED: " + why);
            org.junit.jupiter.api.Assumptions.assumeTrue(false, why);
        }
        return JDK25;
    }

    @Test
    void decodeOnJdk17PrintsOnlyTheWord() throws Exception {
        Result result = run(java(Path.of(System.getProperty("java.home")), "decode", "0x101c"));
        assertEquals(new Result(0, "0x0000101c upstream: counter 0, errno 28 ENOSPC, SEEN\n", ""), result);
    }

    @Test
    void decodeOnJdk25PrintsOnlyTheWord() throws Exception {
        Result result = run(java(jdk25(), "decode", "0x101c"));
        assertEquals(new Result(0, "0x0000101c upstream: counter 0, errno 28 ENOSPC, SEEN\n", ""), result);
    }

    @Test
    void demoOnJdk25LoadsTheNativeLibraryWithoutAWarning() throws Exception {
        Result result = run(java(jdk25(), "demo"));
        assertEquals(0, result.exit(), result.toString());
        assertEquals("", result.err());
        assertTrue(result.out().contains("all scenarios: C core and Java twin agree"), result.out());
    }

    /** The command's jar carries the testkit's filesystems, but none of JUnit. */
    @Test
    void theJarCarriesNoJUnit() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            List<String> junit = jar.stream().map(JarEntry::getName)
                    .filter(name -> name.startsWith("org/junit/") || name.startsWith("org/opentest4j/")
                            || name.startsWith("org/apiguardian/"))
                    .toList();
            assertEquals(List.of(), junit);
            assertTrue(jar.getEntry("dev/errseq/testkit/FaultyFilesystem.class") != null);
        }
    }

    @Test
    void conformanceOnExt4OnJdk17PrintsOnlyItsTable() throws Exception {
        conformanceOnExt4(Path.of(System.getProperty("java.home")));
    }

    @Test
    void conformanceOnExt4OnJdk25PrintsOnlyItsTable() throws Exception {
        conformanceOnExt4(jdk25());
    }

    private static void conformanceOnExt4(Path javaHome) throws Exception {
        ConformanceCommandTest.skipUnlessRealFilesystems(FilesystemKind.EXT4);
        Result result = run(java(javaHome, "conformance", "--fs", "ext4"), 300);
        assertEquals(0, result.exit(), result.toString());
        assertEquals("", result.err());
        assertTrue(result.out().contains("; 7 rows: 7 agree, 0 disagree or failed ("), result.out());
    }

    @Test
    void aBadHexValueIsExit64WithOneLineAndNoStackTrace() throws Exception {
        Result result = run(java(Path.of(System.getProperty("java.home")), "decode", "0xZZ"));
        assertEquals(ExitCodes.USAGE, result.exit());
        assertEquals("", result.out());
        assertEquals(1, result.err().lines().count(), result.err());
    }

    /** As an unprivileged user (setpriv, uid 65534): a file only root may read is exit 77. */
    @Test
    void notRootSyncOfAFileOnlyRootMayReadIsExit77() throws Exception {
        Path secret = Files.writeString(tmp.resolve("secret"), "x");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        Result result = runAsNobody("sync", secret.toString());
        assertEquals(ExitCodes.NO_PERM, result.exit(), result.toString());
        assertEquals("fsync " + secret + ": EACCES (errno 13)\n", result.out());
        assertEquals("errseq sync: open(" + secret + "): EACCES (errno 13); run as root or as the"
                + " file's owner\n", result.err());
    }

    /** As an unprivileged user: the probe cannot mount, exit 77, one line that says to be root. */
    @Test
    void notRootProbeIsExit77() throws Exception {
        Result result = runAsNobody("probe", tmp.toString());
        assertEquals(ExitCodes.NO_PERM, result.exit(), result.toString());
        assertEquals("", result.out());
        assertEquals(1, result.err().lines().count(), result.err());
        assertTrue(result.err().startsWith("errseq probe: cannot probe " + tmp), result.err());
        assertTrue(result.err().strip().endsWith("; run as root: the probe mounts an overlay"
                + " (CAP_SYS_ADMIN)"), result.err());
    }

    /** As an unprivileged user: watch cannot trace, exit 77, one line that says to be root. */
    @Test
    void notRootWatchIsExit77() throws Exception {
        Result result = runAsNobody("watch", tmp.toString());
        assertEquals(new Result(ExitCodes.NO_PERM, "", "errseq watch: tracing writeback errors"
                + " needs root: this process runs with effective uid 65534; run it as root (or with"
                + " CAP_SYS_ADMIN, and tracefs readable)\n"), result);
    }

    /** As an unprivileged user: conformance cannot make filesystems, exit 77, one line. */
    @Test
    void notRootConformanceIsExit77() throws Exception {
        Result result = runAsNobody("conformance", "--fs", "xfs");
        assertEquals(new Result(ExitCodes.NO_PERM, "", "errseq conformance: real filesystems on"
                + " loop devices need root: this process runs with effective uid 65534; run it"
                + " as root\n"), result);
    }

    /** As an unprivileged user: the demo plays the models and says why the kernel part is left out. */
    @Test
    void notRootDemoLeavesTheKernelPartOutInOneLine() throws Exception {
        Result result = runAsNobody("demo");
        assertEquals(0, result.exit(), result.toString());
        assertEquals("", result.err());
        List<String> lines = result.out().lines().toList();
        assertEquals("kernel part left out: real filesystems on loop devices need root: this"
                + " process runs with effective uid 65534; run it as root",
                lines.get(lines.size() - 1));
        assertEquals("all scenarios: C core and Java twin agree, as the thread says",
                lines.get(lines.size() - 3));
        assertEquals(1, lines.stream().filter(l -> l.contains("left out")).count(), result.out());
    }

    /** The jar run by uid 65534 (setpriv), from a copy that user can read. */
    private Result runAsNobody(String... args) throws Exception {
        if (!"0".equals(run(List.of("id", "-u")).out().strip())
                || !Files.isExecutable(Path.of("/usr/bin/setpriv"))) {
            String why = "needs root and setpriv to run the jar as another user";
            if ("1".equals(System.getenv("ERRSEQ_REQUIRE_KERNEL_TESTS"))) {
                throw new AssertionError("ERRSEQ_REQUIRE_KERNEL_TESTS=1 requires this test, but it " + why);
            }
            System.out.println("SKIPPED: " + why);
            org.junit.jupiter.api.Assumptions.assumeTrue(false, why);
        }
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path jar = Files.copy(JAR, tmp.resolve("errseq.jar"), StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
        List<String> command = new ArrayList<>(List.of("/usr/bin/setpriv", "--reuid=65534",
                "--regid=65534", "--clear-groups",
                Path.of(System.getProperty("java.home"), "bin/java").toString(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        return run(command);
    }
}
