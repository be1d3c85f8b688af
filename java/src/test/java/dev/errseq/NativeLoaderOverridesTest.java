package dev.errseq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the loader behaves with and without {@code errseq.library.path},
 * {@code errseq.extract.dir} and {@code errseq.guard}, and what it says when loading fails.
 *
 * <p>The library loads once per JVM, so every case runs {@link LoaderProbe} in a JVM of its own
 * and checks its exit code and output.
 */
class NativeLoaderOverridesTest {
    private static final String FOLDER = "natives/linux_64/";
    private static final String LIBRARY = "liberrseq.so";
    /** A native word at the epoch after set(-EIO): errno 5, no flags, counter 0. */
    private static final String RAW_AFTER_EIO = "0x00000005";
    private static final long CHILD_TIMEOUT_SECONDS = 60;

    @TempDir
    Path temp;

    @Test
    void defaultCopiesIntoTmpdirAndDeletesTheCopy() {
        Run run = probe();
        run.assertExit(0);
        String tmpdir = run.value("tmpdir");
        String origin = run.value("origin");
        String prefix = FOLDER + LIBRARY + " (copied to ";
        assertTrue(origin.startsWith(prefix) && origin.endsWith(")"), run.describe());
        Path copy = Paths.get(origin.substring(prefix.length(), origin.length() - 1));
        Path dir = copy.getParent();
        assertEquals(LIBRARY, copy.getFileName().toString(), run.describe());
        assertTrue(dir.getFileName().toString().startsWith("errseq-"), run.describe());
        assertEquals(Paths.get(tmpdir), dir.getParent(), run.describe());
        assertFalse(Files.exists(copy), "copy left behind: " + copy);
        assertFalse(Files.exists(dir), "directory left behind: " + dir);
        assertEquals(RAW_AFTER_EIO, run.value("raw"), run.describe());
    }

    @Test
    void extractDirIsUsedAndLeftClean() throws IOException {
        Path dir = Files.createDirectory(temp.resolve("extract"));
        Run run = probe("-Derrseq.extract.dir=" + dir);
        run.assertExit(0);
        String origin = run.value("origin");
        String prefix = FOLDER + LIBRARY + " (copied to " + dir + File.separator + "errseq-";
        assertTrue(origin.startsWith(prefix), run.describe());
        assertTrue(origin.endsWith(File.separator + LIBRARY + ")"), run.describe());
        assertEquals(List.of(), errseqEntries(dir), "leftovers in " + dir);
        assertEquals(RAW_AFTER_EIO, run.value("raw"), run.describe());
    }

    @Test
    void libraryPathLoadsThatFile() {
        Path library = builtLibrary();
        Run run = probe("-Derrseq.library.path=" + library);
        run.assertExit(0);
        assertEquals(library.toString(), run.value("origin"), run.describe());
        assertEquals(RAW_AFTER_EIO, run.value("raw"), run.describe());
    }

    /** membarrier(2)'s private expedited command came in Linux 4.14. */
    @Test
    void guardUsesMembarrierWhereTheKernelHasIt() {
        Run run = probe();
        run.assertExit(0);
        String[] version = System.getProperty("os.version").split("[.-]");
        int major = Integer.parseInt(version[0]);
        int minor = Integer.parseInt(version[1]);
        boolean has = major > 4 || (major == 4 && minor >= 14);
        assertEquals(has ? "membarrier" : "fences", run.value("guard"), run.describe());
    }

    @Test
    void guardFencesWhenAsked() {
        Run run = probe("-Derrseq.guard=fences");
        run.assertExit(0);
        assertEquals("fences", run.value("guard"), run.describe());
        assertEquals(RAW_AFTER_EIO, run.value("raw"), run.describe());
    }

    @Test
    void guardPropertyNamingNoModeFailsTheLoad() {
        Run run = probe("-Derrseq.guard=rcu");
        run.assertExit(LoaderProbe.LINK_ERROR_EXIT);
        assertEquals("-Derrseq.guard=rcu is neither membarrier nor fences", run.value("error"),
                run.describe());
    }

    @Test
    void unsupportedArchitectureNamesThePlatformAndTheSupportedList() {
        Run run = probe("-Dos.arch=riscv64");
        run.assertExit(LoaderProbe.LINK_ERROR_EXIT);
        String error = run.value("error");
        assertTrue(error.startsWith("errseq-jni has no native library for this platform (os.name=Linux,"
                + " os.arch=riscv64, libc=glibc; looked for natives/linux_riscv64/liberrseq.so)"),
                run.describe());
        assertTrue(error.contains("linux x86_64 glibc >= 2.17 (natives/linux_64/)")
                && error.contains("linux aarch64 glibc >= 2.17 (natives/linux_arm64/)"),
                run.describe());
        assertTrue(error.contains("ErrseqWord.createJava"), run.describe());
    }

    @Test
    void libraryPathToAMissingFileNamesThePropertyAndThePath() {
        String missing = "/nonexistent/liberrseq.so";
        Run run = probe("-Derrseq.library.path=" + missing);
        run.assertExit(LoaderProbe.LINK_ERROR_EXIT);
        String error = run.value("error");
        assertTrue(error.startsWith("-Derrseq.library.path=" + missing + " names no file"),
                run.describe());
        assertTrue(error.contains(missing + " does not exist or is not a regular file"),
                run.describe());
    }

    @Test
    void libraryPathToANonElfFileCarriesTheDlopenError() throws IOException {
        Path text = temp.resolve("not-a-library.so");
        Files.writeString(text, "this is a text file, not a shared object\n".repeat(4));
        Run run = probe("-Derrseq.library.path=" + text);
        run.assertExit(LoaderProbe.LINK_ERROR_EXIT);
        String error = run.value("error");
        assertTrue(error.startsWith("could not load " + text + " (-Derrseq.library.path): "),
                run.describe());
        // glibc's own words for a file that is not ELF, as passed on by System.load.
        assertTrue(error.contains(text + ": invalid ELF header"), run.describe());
        // The cause is the JVM's own error, with the same dlopen text.
        assertTrue(run.lines("cause").stream().anyMatch(c ->
                c.startsWith("java.lang.UnsatisfiedLinkError: ")
                        && c.contains("invalid ELF header")), run.describe());
    }

    @Test
    void noexecExtractDirIsExplained() throws IOException {
        Path mountPoint = mountTmpfs("noexec", "noexec,size=4m");
        try {
            assertTrue(mountinfoOptions(mountPoint).contains("noexec"),
                    "the tmpfs at " + mountPoint + " is not noexec");
            Run run = probe("-Derrseq.extract.dir=" + mountPoint);
            run.assertExit(LoaderProbe.LINK_ERROR_EXIT);
            String error = run.value("error");
            assertTrue(error.startsWith("could not load " + mountPoint + File.separator
                    + "errseq-"), run.describe());
            assertTrue(error.contains("failed to map segment from shared object"),
                    run.describe());
            assertTrue(error.contains("its filesystem is mounted noexec"), run.describe());
            assertTrue(error.contains("set -Derrseq.extract.dir to a directory on a filesystem"
                    + " without noexec"), run.describe());
            assertEquals(List.of(), errseqEntries(mountPoint), "leftovers in " + mountPoint);
        } finally {
            unmount(mountPoint);
        }
    }

    @Test
    void uncreatableTmpdirNamesTheDirectoryAndTheProperty() throws IOException {
        Path regularFile = Files.writeString(temp.resolve("a-file"), "not a directory\n");
        Path tmpdir = regularFile.resolve("tmp");
        Run run = probe("-Djava.io.tmpdir=" + tmpdir);
        run.assertExit(LoaderProbe.LINK_ERROR_EXIT);
        String error = run.value("error");
        assertTrue(error.startsWith("could not create a directory to copy " + LIBRARY
                + " into under " + tmpdir + " (java.io.tmpdir): "), run.describe());
        assertTrue(error.contains("Not a directory"), run.describe());
        assertTrue(error.endsWith("; set -Derrseq.extract.dir to a writable directory"),
                run.describe());
        assertFalse(Files.exists(tmpdir), tmpdir + " exists");
    }

    @Test
    void uncreatableExtractDirNamesTheProperty() throws IOException {
        Path regularFile = Files.writeString(temp.resolve("a-file"), "not a directory\n");
        Path extractDir = regularFile.resolve("extract");
        Run run = probe("-Derrseq.extract.dir=" + extractDir);
        run.assertExit(LoaderProbe.LINK_ERROR_EXIT);
        String error = run.value("error");
        assertTrue(error.startsWith("could not create a directory to copy " + LIBRARY
                + " into under " + extractDir + " (-Derrseq.extract.dir): "), run.describe());
        assertTrue(error.endsWith("; set -Derrseq.extract.dir to a writable directory"),
                run.describe());
    }

    @Test
    void failedCopyLeavesNothingBehind() throws IOException {
        // liberrseq.so is about 70 KiB: it does not fit into 8 KiB.
        Path mountPoint = mountTmpfs("full", "size=8k");
        try {
            Run run = probe("-Derrseq.extract.dir=" + mountPoint);
            run.assertExit(LoaderProbe.LINK_ERROR_EXIT);
            String error = run.value("error");
            assertTrue(error.startsWith("could not copy " + FOLDER + LIBRARY + " into "
                    + mountPoint + File.separator + "errseq-"), run.describe());
            assertTrue(error.contains("No space left on device"), run.describe());
            assertEquals(List.of(), errseqEntries(mountPoint), "leftovers in " + mountPoint);
        } finally {
            unmount(mountPoint);
        }
    }

    // ---- the child JVM ----

    /** The outcome of one child process: exit code and output (stdout and stderr merged). */
    private static final class Command {
        final int exit;
        final String output;

        Command(int exit, String output) {
            this.exit = exit;
            this.output = output;
        }
    }

    /** The outcome of one {@link LoaderProbe} run. */
    private static final class Run {
        final List<String> args;
        final Command result;

        Run(List<String> args, Command result) {
            this.args = args;
            this.result = result;
        }

        String describe() {
            return "probe " + args + " exited " + result.exit + ", output:\n" + result.output;
        }

        void assertExit(int expected) {
            assertEquals(expected, result.exit, this::describe);
        }

        List<String> lines(String key) {
            return result.output.lines()
                    .filter(line -> line.startsWith(key + "="))
                    .map(line -> line.substring(key.length() + 1))
                    .collect(Collectors.toList());
        }

        /** The value of the one line {@code key=value}. */
        String value(String key) {
            List<String> values = lines(key);
            assertEquals(1, values.size(), () -> "want one " + key + "= line; " + describe());
            return values.get(0);
        }
    }

    /** Runs {@link LoaderProbe} in a new JVM with these options. */
    private Run probe(String... jvmOptions) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-cp");
        cmd.add(childClassPath());
        cmd.addAll(List.of(jvmOptions));
        cmd.add(LoaderProbe.class.getName());
        return new Run(List.of(jvmOptions), run(cmd));
    }

    /**
     * Surefire runs the tests on the module path (the main classes and native-lib-loader) with
     * the test classes, SLF4J and JUnit on the class path; the child gets all of them on its
     * class path.
     */
    private static String childClassPath() {
        Set<String> entries = new LinkedHashSet<>();
        for (String property : List.of("jdk.module.path", "java.class.path")) {
            String value = System.getProperty(property, "");
            for (String entry : value.split(File.pathSeparator)) {
                if (!entry.isEmpty()) {
                    entries.add(entry);
                }
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private Command run(List<String> cmd) {
        Path log;
        Process process;
        try {
            log = Files.createTempFile(temp, "child-", ".log");
            process = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new AssertionError("could not start " + cmd, e);
        }
        try {
            if (!process.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                fail(cmd + " still running after " + CHILD_TIMEOUT_SECONDS + " s; killed it;"
                        + " output:\n" + readQuietly(log));
            }
            return new Command(process.exitValue(), readQuietly(log));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + cmd, e);
        }
    }

    private Command command(String... cmd) {
        return run(List.of(cmd));
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(could not read " + file + ": " + e + ")";
        }
    }

    // ---- helpers ----

    /** The library the build put into target/classes, found through the class path. */
    private static Path builtLibrary() {
        for (String entry : childClassPath().split(File.pathSeparator)) {
            Path candidate = Paths.get(entry, FOLDER, LIBRARY).toAbsolutePath();
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("no " + FOLDER + LIBRARY + " in any directory of "
                + childClassPath());
    }

    private static List<String> errseqEntries(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString())
                    .filter(name -> name.startsWith("errseq-"))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    /** Whether this JVM runs with effective uid 0 (from /proc/self/status). */
    private static boolean isRoot() throws IOException {
        for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
            if (line.startsWith("Uid:")) {
                String[] ids = line.substring(4).trim().split("\\s+");
                return ids.length > 1 && ids[1].equals("0");
            }
        }
        return false;
    }

    /** The per-mount options of the mount exactly at {@code point}, or "" if none is. */
    private static String mountinfoOptions(Path point) throws IOException {
        String options = "";
        for (String line : Files.readAllLines(Paths.get("/proc/self/mountinfo"))) {
            String[] fields = line.split(" ");
            if (fields.length > 5 && fields[4].equals(point.toString())) {
                options = fields[5];
            }
        }
        return options;
    }

    /**
     * Mounts a new tmpfs with these options on a new directory {@code name} in {@link #temp};
     * skips the test unless this JVM runs as root and the mount succeeds. The caller unmounts
     * it with {@link #unmount} in a finally block.
     */
    private Path mountTmpfs(String name, String options) throws IOException {
        assumeTrue(isRoot(), () -> skip("mounting a tmpfs needs root"));
        Path point = Files.createDirectory(temp.resolve(name));
        Command mount = command("mount", "-t", "tmpfs", "-o", options, "tmpfs", point.toString());
        assumeTrue(mount.exit == 0, () -> skip("mount -o " + options + " failed (exit "
                + mount.exit + "): " + mount.output.strip()));
        return point;
    }

    /** Unmounts {@code point}, lazily if a plain umount fails. */
    private void unmount(Path point) {
        Command umount = command("umount", point.toString());
        if (umount.exit != 0) {
            Command lazy = command("umount", "-l", point.toString());
            if (lazy.exit != 0) {
                throw new AssertionError("could not unmount " + point + ": " + umount.output
                        + lazy.output);
            }
        }
    }

    private static String skip(String reason) {
        String message = "skipping: " + reason;
        System.out.println(message);
        return message;
    }
}
