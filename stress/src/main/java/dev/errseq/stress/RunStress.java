package dev.errseq.stress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.openjdk.jcstress.Main;
import org.openjdk.jcstress.infra.runners.TestList;

/**
 * Runs jcstress with the given arguments and fails unless every selected test ran and passed.
 *
 * <p>jcstress itself ends with an {@link AssertionError} ("TEST FAILURES") when a test saw a
 * forbidden outcome or hit an error, a timeout or a VM crash; that propagates, and the JVM
 * exits nonzero. What it does not notice is a test that never ran: a selector that matches
 * nothing, or tests its harness skipped. So before the run this empties the report directory
 * ({@code -r}, required), and after it requires a report for every test that {@code -t}
 * selects (all of them by default).
 */
public final class RunStress {
    private RunStress() {
    }

    public static void main(String[] args) throws Exception {
        Path reports = Paths.get(option(args, "-r", null));
        Pattern selector = Pattern.compile(option(args, "-t", ".*"));
        List<String> selected = TestList.tests().stream()
                .filter(name -> selector.matcher(name).find())
                .sorted()
                .collect(Collectors.toList());
        if (selected.isEmpty()) {
            fail("no jcstress test matches -t " + selector);
        }
        deleteTree(reports);

        Main.main(args);

        List<String> missing = selected.stream()
                .filter(name -> !Files.isRegularFile(reports.resolve(name + ".html")))
                .collect(Collectors.toList());
        if (!missing.isEmpty()) {
            fail("jcstress left no report for " + missing.size() + " of " + selected.size()
                    + " tests in " + reports + ": " + missing);
        }
        System.out.println("jcstress: all " + selected.size() + " tests ran and passed; report: "
                + reports.resolve("index.html"));
    }

    /** The value after {@code name} in {@code args}, or {@code fallback} (null: required). */
    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        if (fallback == null) {
            fail("RunStress needs " + name + " <value>");
        }
        return fallback;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.delete(path);
            }
        }
    }

    private static void fail(String message) {
        System.err.println("FAILED: " + message);
        System.exit(1);
    }
}
