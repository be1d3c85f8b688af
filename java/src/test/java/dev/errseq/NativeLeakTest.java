package dev.errseq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Native memory and file descriptors after many words and handles, measured by
 * {@link LeakProbe} in a JVM of its own, from VmRSS in {@code /proc/self/status} and the
 * entries of {@code /proc/self/fd}.
 *
 * <p>Why the resident set can show a leak of a few bytes per word: the child's Java heap is
 * fixed and pre-touched, so it adds nothing after start-up, and its young generation is small
 * (4 MiB), so unreachable words are found, and queued for their Cleaner, every few tens of
 * thousands of allocations, with the workload pausing for the Cleaner every 50,000 (see
 * {@link LeakProbe#pace}). The malloc arena then needs only a few MiB for the words alive or
 * waiting at any moment, and each round of the workload reuses what the warm-up round grew it
 * to. Leaked memory is not reused: 4 bytes per word over a round of a million words is
 * 3.8 MiB, above the 2 MiB bound (and malloc really hands out 32-byte chunks for a 4-byte
 * word, so a word that is never freed costs 30 MiB per million).
 *
 * <p>A leak grows the resident set in every round; noise does not: late JIT compilation or a
 * Cleaner that fell behind on a busy machine shows up in one round or two, by up to about
 * 3 MiB measured under three busy loops on 2 cores, and otherwise rounds differ by tens of
 * KiB. So the test takes the median of the rounds' growth, which stays far below the bound
 * unless most rounds grew.
 *
 * <p>That a word nobody closes is freed is proven the same way, against a control: rounds of
 * a million unclosed, unreachable words leave the resident set where the warm-up left it,
 * while a million words from the same native allocator that are never freed (the control,
 * through the internal natives) grow it by tens of MiB at once. Nothing in the main code
 * counts frees for the test's sake.
 */
class NativeLeakTest {
    /** JVM options of every measurement: fixed pre-touched heap, small young generation. */
    static final List<String> JVM = List.of("-Xms256m", "-Xmx256m", "-Xmn4m",
            "-XX:+AlwaysPreTouch", "-XX:+UseSerialGC", "-Xcheck:jni");
    static final long TIMEOUT_SECONDS = 300;
    static final int ROUNDS = 4;
    static final int WORDS = 1_000_000;
    static final int HANDLES = 100_000;
    /** Below 4 bytes per word for a million words (3.8 MiB). */
    static final long WORD_BOUND_KIB = 2048;
    /** Below 11 bytes per handle for 100,000 handles; a leaked JNI path copy is 32+ bytes. */
    static final long HANDLE_BOUND_KIB = 1024;
    /** The control must show at least this much, or the measurement proves nothing. */
    static final long CONTROL_MIN_KIB = 16 * 1024;

    @TempDir
    Path temp;

    @Test
    void roundsOfAMillionWordsAllocatedAndClosedLeaveTheResidentSetFlat() {
        List<Map<String, Long>> rounds = probe("words", ROUNDS, WORDS);
        long median = medianGrowth(rounds);
        System.out.printf("leak: %d rounds of %,d native words allocated, set and closed: VmRSS"
                + " %s KiB; median growth per round %+,d KiB (bound %,d)%n", ROUNDS, WORDS,
                rss(rounds), median, WORD_BOUND_KIB);
        assertTrue(median < WORD_BOUND_KIB, () -> "VmRSS grew in most rounds: " + rss(rounds));
        assertFdsFlat(rounds);
    }

    @Test
    void wordsNobodyClosesAreFreedByTheCleaner() {
        ChildJvm.Result run = ChildJvm.run(temp, TIMEOUT_SECONDS, JVM, LeakProbe.class,
                "unclosed", Integer.toString(ROUNDS), Integer.toString(WORDS));
        assertEquals(0, run.exit, run::describe);
        List<Map<String, Long>> rounds = parse(run, "unclosed");
        assertTrue(run.lines("RESULT unclosed ").stream()
                .allMatch(line -> line.endsWith("collected=true")), () -> "a round's last"
                        + " word was not collected, so the rounds prove nothing:\n" + run.output);
        List<Map<String, Long>> control = probe("never-freed", 1, WORDS);
        long controlGrowth = control.get(1).get("rss") - control.get(0).get("rss");
        long median = medianGrowth(rounds);
        System.out.printf("leak: %d rounds of %,d unclosed native words: VmRSS %s KiB; median"
                + " growth per round %+,d KiB (bound %,d); control, %,d words never freed: %+,d"
                + " KiB%n", ROUNDS, WORDS, rss(rounds), median, WORD_BOUND_KIB, WORDS,
                controlGrowth);
        assertTrue(controlGrowth > CONTROL_MIN_KIB, () -> "the control grew by only "
                + controlGrowth + " KiB: the measurement cannot see a leak");
        assertTrue(median < WORD_BOUND_KIB, () -> "VmRSS grew in most rounds: " + rss(rounds));
        assertFdsFlat(rounds);
    }

    @Test
    void roundsOfAHundredThousandHandlesLeaveTheResidentSetAndTheFdsFlat() {
        List<Map<String, Long>> rounds = probe("handles", 3, HANDLES);
        long median = medianGrowth(rounds);
        System.out.printf("leak: 3 rounds of %,d FsHandle open/close cycles: VmRSS %s KiB; median"
                + " growth per round %+,d KiB (bound %,d); fds %s%n", HANDLES, rss(rounds),
                median, HANDLE_BOUND_KIB, rounds.stream().map(r -> r.get("fds").toString())
                        .collect(Collectors.joining(" -> ")));
        assertTrue(median < HANDLE_BOUND_KIB, () -> "VmRSS grew in most rounds: " + rss(rounds));
        assertFdsFlat(rounds);
    }

    /** Runs one measurement; returns the values of its rounds, the warm-up first. */
    private List<Map<String, Long>> probe(String name, int rounds, int count) {
        ChildJvm.Result run = ChildJvm.run(temp, TIMEOUT_SECONDS, JVM, LeakProbe.class, name,
                Integer.toString(rounds), Integer.toString(count));
        assertEquals(0, run.exit, run::describe);
        List<Map<String, Long>> values = parse(run, name);
        assertEquals(rounds + 1, values.size(), run::describe);
        return values;
    }

    private static List<Map<String, Long>> parse(ChildJvm.Result run, String name) {
        List<Map<String, Long>> rounds = new ArrayList<>();
        for (String line : run.lines("RESULT " + name + " ")) {
            Map<String, Long> values = new HashMap<>();
            for (String pair : line.split(" ")) {
                String[] kv = pair.split("=");
                if (!kv[1].equals("true") && !kv[1].equals("false")) {
                    values.put(kv[0], Long.parseLong(kv[1]));
                }
            }
            rounds.add(values);
        }
        return rounds;
    }

    /** The median of each measured round's growth over the round before it (upper median). */
    static long medianGrowth(List<Map<String, Long>> rounds) {
        List<Long> growth = new ArrayList<>();
        for (int i = 1; i < rounds.size(); i++) {
            growth.add(rounds.get(i).get("rss") - rounds.get(i - 1).get("rss"));
        }
        Collections.sort(growth);
        return growth.get(growth.size() / 2);
    }

    private static String rss(List<Map<String, Long>> rounds) {
        return rounds.stream().map(r -> String.format("%,d", r.get("rss")))
                .collect(Collectors.joining(" -> "));
    }

    private static void assertFdsFlat(List<Map<String, Long>> rounds) {
        for (Map<String, Long> round : rounds) {
            assertEquals(rounds.get(0).get("fds"), round.get("fds"),
                    () -> "entries in /proc/self/fd, round by round: " + rounds);
        }
    }
}
