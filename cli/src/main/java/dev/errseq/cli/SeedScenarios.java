package dev.errseq.cli;

import dev.errseq.Errno;
import dev.errseq.ErrseqCursor;
import dev.errseq.ErrseqWord;
import dev.errseq.Layout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The scenarios of the linux-fsdevel thread "[PATCH v3] errseq: split the ERRSEQ_SEEN flag
 * into two new flags" (December 2020), played on four words at once: upstream and split
 * layouts, each as the C core and as the Java twin. Each step records what it returned on
 * every word, the word after it, and what the thread says it must return.
 */
final class SeedScenarios {
    /** The four words every step runs on, in column order. */
    static final List<String> LANES = List.of("upstream C", "upstream Java", "split C", "split Java");

    private SeedScenarios() {
    }

    /** One word and the watchers (named cursors) on it. */
    private static final class Lane implements AutoCloseable {
        final ErrseqWord word;
        final Map<String, ErrseqCursor> watchers = new HashMap<>();

        Lane(ErrseqWord word) {
            this.word = word;
        }

        boolean split() {
            return word.layout() == Layout.SPLIT;
        }

        String watch(String name) {
            return started(name, word.watch());
        }

        /** A watcher that copies the word without taking its error: raw() upstream, peek() split. */
        String copy(String name) {
            return started(name, word.watchFrom(split() ? word.peek() : word.raw()));
        }

        private String started(String name, ErrseqCursor cursor) {
            watchers.put(name, cursor);
            return "since 0x" + Integer.toHexString(cursor.since());
        }

        String set(int err) {
            word.set(err); // returns the previous value: for debugging only, not shown
            return "";
        }

        String check(String name) {
            return errno(watchers.get(name).check());
        }

        String checkAndAdvance(String name) {
            return errno(watchers.get(name).checkAndAdvance());
        }

        @Override
        public void close() {
            word.close();
        }
    }

    /** One step: its label, what it does on a lane, and what the thread says it returns (or null). */
    record Step(String label, Function<Lane, String> op, String upstream, String split) {
    }

    private static Step step(String label, Function<Lane, String> op) {
        return new Step(label, op, null, null);
    }

    private static Step step(String label, Function<Lane, String> op, String upstream, String split) {
        return new Step(label, op, upstream, split);
    }

    /** A scenario: its title, how the watchers look, what the thread concludes, its steps. */
    record Scenario(String title, String note, String conclusion, List<Step> steps) {
    }

    /**
     * What one step did.
     *
     * @param results what the step returned on each lane, in {@link #LANES} order
     * @param words the raw word of each lane after the step
     * @param problems disagreements between C and Java, or with the thread; empty if none
     */
    record PlayedStep(String label, List<String> results, List<Integer> words, List<String> problems) {
    }

    /** The three scenarios, in the order the demo plays them. */
    static List<Scenario> all() {
        String eio = "-5 EIO";
        return List.of(
            new Scenario("(a) two watchers, one error (Matthew Wilcox, 19 Dec 2020)",
                "t1 copies the word: upstream has no peek, so watchFrom(raw()); split: watchFrom(peek())",
                "upstream t1.check() reports a spurious EIO (only SEEN moved); split reports 0",
                List.of(
                    step("t2 = watch()", l -> l.watch("t2")),
                    step("set(-EIO)", l -> l.set(-Errno.EIO)),
                    step("t1 = copy of the word", l -> l.copy("t1")),
                    step("t2.checkAndAdvance()", l -> l.checkAndAdvance("t2"), eio, eio),
                    step("t1.check()", l -> l.check("t1"), eio, "0"))),
            new Scenario("(b) volatile overlay watching the upper fs (Vivek Goyal's summary)",
                "ovl looks: upstream checkAndAdvance() (consumes); split peek() then check() (does not)",
                "upstream the overlay's look steals the error from the later opener; split does not",
                List.of(
                    step("ovl mounts: ovl = watch()", l -> l.watch("ovl")),
                    step("upper: set(-EIO), unseen", l -> l.set(-Errno.EIO)),
                    step("ovl looks", SeedScenarios::overlayLooks, eio, eio),
                    step("ovl looks again", SeedScenarios::overlayLooks, "0", eio),
                    step("later opener: B = watch()", l -> l.watch("B")),
                    step("B.checkAndAdvance()", l -> l.checkAndAdvance("B"), "0", eio),
                    step("B.checkAndAdvance()", l -> l.checkAndAdvance("B"), "0", "0"))),
            new Scenario("(c) each watcher once; an unseen error reaches a later opener",
                "A opens before the error, B after it but before anyone saw it, C after it was seen",
                "A and B each get EIO once, C gets 0; the next error reaches C once",
                List.of(
                    step("A = watch()", l -> l.watch("A")),
                    step("set(-EIO)", l -> l.set(-Errno.EIO)),
                    step("B = watch()", l -> l.watch("B")),
                    step("A.checkAndAdvance()", l -> l.checkAndAdvance("A"), eio, eio),
                    step("A.checkAndAdvance()", l -> l.checkAndAdvance("A"), "0", "0"),
                    step("B.checkAndAdvance()", l -> l.checkAndAdvance("B"), eio, eio),
                    step("C = watch()", l -> l.watch("C")),
                    step("C.checkAndAdvance()", l -> l.checkAndAdvance("C"), "0", "0"),
                    step("set(-ENOSPC)", l -> l.set(-Errno.ENOSPC)),
                    step("C.checkAndAdvance()", l -> l.checkAndAdvance("C"),
                            "-28 ENOSPC", "-28 ENOSPC"))));
    }

    /** The overlay's sync-time look at the upper word, as each layout allows it. */
    private static String overlayLooks(Lane lane) {
        if (!lane.split()) {
            return lane.checkAndAdvance("ovl");
        }
        lane.word.peek();
        return lane.check("ovl");
    }

    /** Plays one scenario on four fresh words. */
    static List<PlayedStep> play(Scenario scenario) {
        List<PlayedStep> played = new ArrayList<>();
        try (Lane upC = new Lane(ErrseqWord.allocateNative(Layout.UPSTREAM));
             Lane upJava = new Lane(ErrseqWord.createJava(Layout.UPSTREAM));
             Lane splitC = new Lane(ErrseqWord.allocateNative(Layout.SPLIT));
             Lane splitJava = new Lane(ErrseqWord.createJava(Layout.SPLIT))) {
            List<Lane> lanes = List.of(upC, upJava, splitC, splitJava);
            for (Step step : scenario.steps()) {
                List<String> results = new ArrayList<>();
                List<Integer> words = new ArrayList<>();
                for (Lane lane : lanes) {
                    results.add(step.op().apply(lane));
                    words.add(lane.word.raw());
                }
                List<String> problems = new ArrayList<>();
                compare(step.upstream(), "upstream", results.subList(0, 2), words.subList(0, 2), problems);
                compare(step.split(), "split", results.subList(2, 4), words.subList(2, 4), problems);
                played.add(new PlayedStep(step.label(), results, words, problems));
            }
        }
        return played;
    }

    /** C against Java (result and word), then against what the thread expects. */
    private static void compare(String expected, String layout, List<String> results,
            List<Integer> words, List<String> problems) {
        if (!results.get(0).equals(results.get(1)) || !words.get(0).equals(words.get(1))) {
            problems.add(layout + ": C core [" + results.get(0) + " 0x"
                    + Integer.toHexString(words.get(0)) + "] but Java twin [" + results.get(1)
                    + " 0x" + Integer.toHexString(words.get(1)) + "]");
        }
        if (expected != null && !expected.equals(results.get(0))) {
            problems.add(layout + ": got " + results.get(0) + ", expected " + expected);
        }
    }

    /** A check's result as the kernel returns it, with the errno's name: "-5 EIO" or "0". */
    static String errno(int result) {
        return result == 0 ? "0" : result + " " + Errno.name(result);
    }
}
