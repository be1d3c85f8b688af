package dev.errseq.overlay;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A JVM running {@link ProbeChild}, its output in a file: to probe as another user, or to be
 * killed in the middle of a probe.
 */
final class ProbeChildProcess implements AutoCloseable {
    private static final long TIMEOUT_SECONDS = 60;

    private final Process process;
    private final Path log;

    private ProbeChildProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** {@code java -cp ... ProbeChild args}, as root, with the test run's class path. */
    static ProbeChildProcess start(Path logDir, String... args) throws IOException {
        return start(logDir, List.of(), System.getProperty("java.class.path"), args);
    }

    /**
     * {@code prefix java -cp classPath ProbeChild args}; {@code prefix} is a command that runs
     * the JVM, such as setpriv.
     */
    static ProbeChildProcess start(Path logDir, List<String> prefix, String classPath,
            String... args) throws IOException {
        List<String> command = new ArrayList<>(prefix);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:-CreateCoredumpOnCrash");
        command.add("-XX:-UsePerfData");
        command.add("-cp");
        command.add(classPath);
        command.add(ProbeChild.class.getName());
        command.addAll(List.of(args));
        Path log = Files.createTempFile(logDir, "probe-child-", ".log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        ProbeLeftovers.own(process.pid());
        return new ProbeChildProcess(process, log);
    }

    /** Waits until the child prints a line starting with {@code prefix}; returns that line. */
    String awaitLine(String prefix) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (System.nanoTime() < deadline) {
            for (String line : output().split("\n")) {
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
            if (!process.isAlive() && !output().contains(prefix)) {
                fail("the child exited " + process.exitValue() + " without printing "
                        + prefix + ":\n" + output());
            }
            Thread.sleep(20);
        }
        process.destroyForcibly();
        fail("no line starting with " + prefix + " within " + TIMEOUT_SECONDS + " s:\n"
                + output());
        return null;
    }

    /** Waits for the child to exit; returns its exit status. */
    int awaitExit() throws InterruptedException, IOException {
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("still running after " + TIMEOUT_SECONDS + " s:\n" + output());
        }
        return process.exitValue();
    }

    /** SIGKILL (Process.destroyForcibly on Linux), then waits until it is reaped. */
    void kill() throws InterruptedException, IOException {
        process.destroyForcibly();
        awaitExit();
    }

    long pid() {
        return process.pid();
    }

    String output() throws IOException {
        return new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        process.destroyForcibly();
        Files.deleteIfExists(log);
    }
}
