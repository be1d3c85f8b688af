package dev.errseq;

import static org.junit.jupiter.api.Assertions.fail;

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

/**
 * Runs a main class of the test classes in a JVM of its own, so that a crash (a JNI bug, a
 * SIGSEGV in the library) ends that JVM and not the test run, and is reported with its
 * {@code hs_err} file.
 */
public final class ChildJvm {
    private ChildJvm() {
    }

    /** How one child ended: its command, exit status, output and any crash logs. */
    static final class Result {
        final List<String> command;
        final int exit;
        final String output;
        final List<Path> crashLogs;

        Result(List<String> command, int exit, String output, List<Path> crashLogs) {
            this.command = command;
            this.exit = exit;
            this.output = output;
            this.crashLogs = crashLogs;
        }

        /** The lines of the output that start with {@code prefix}, without it. */
        List<String> lines(String prefix) {
            return output.lines()
                    .filter(line -> line.startsWith(prefix))
                    .map(line -> line.substring(prefix.length()))
                    .collect(Collectors.toList());
        }

        /** Exit status, output, and the head of every crash log: what a failure should show. */
        String describe() {
            StringBuilder text = new StringBuilder();
            text.append(String.join(" ", command)).append("\nexited ").append(exit)
                    .append(exit > 128 ? " (signal " + (exit - 128) + ")" : "")
                    .append("; output:\n").append(output);
            for (Path log : crashLogs) {
                text.append("\n---- ").append(log).append(" ----\n");
                try (Stream<String> lines = Files.lines(log, StandardCharsets.ISO_8859_1)) {
                    text.append(lines.limit(60).collect(Collectors.joining("\n")));
                } catch (IOException e) {
                    text.append("(could not read: ").append(e).append(')');
                }
            }
            return text.toString();
        }
    }

    /**
     * Runs {@code main} with these JVM options and arguments, in {@code workDir}, where the
     * JVM also writes its crash log ({@code -XX:ErrorFile}). Fails the test if it takes longer
     * than {@code timeoutSeconds}, with whatever it printed.
     */
    static Result run(Path workDir, long timeoutSeconds, List<String> jvmOptions, Class<?> main,
            String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-XX:ErrorFile=" + workDir.resolve("hs_err_pid%p.log"));
        cmd.add("-XX:-CreateCoredumpOnCrash");
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(classPath());
        cmd.add(main.getName());
        cmd.addAll(List.of(args));

        Path log = workDir.resolve("child-" + main.getSimpleName() + ".log");
        Process process;
        try {
            process = new ProcessBuilder(cmd)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new AssertionError("could not start " + cmd, e);
        }
        try {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                fail(String.join(" ", cmd) + "\nstill running after " + timeoutSeconds
                        + " s; killed it; output:\n" + read(log));
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + cmd, e);
        }
        List<Path> crashLogs;
        try (Stream<Path> files = Files.list(workDir)) {
            crashLogs = files.filter(p -> p.getFileName().toString().startsWith("hs_err_pid"))
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new AssertionError("could not list " + workDir, e);
        }
        return new Result(cmd, process.exitValue(), read(log), crashLogs);
    }

    /**
     * Surefire runs the tests with the main classes and native-lib-loader on the module path
     * and the rest on the class path; the child gets all of them on its class path.
     */
    public static String classPath() {
        Set<String> entries = new LinkedHashSet<>();
        for (String property : List.of("jdk.module.path", "java.class.path")) {
            for (String entry : System.getProperty(property, "").split(File.pathSeparator)) {
                if (!entry.isEmpty()) {
                    entries.add(entry);
                }
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static String read(Path file) {
        try {
            // Not readString: a crashing JVM may leave bytes that are not UTF-8.
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(could not read " + file + ": " + e + ")";
        }
    }
}
