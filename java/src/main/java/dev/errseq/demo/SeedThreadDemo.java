package dev.errseq.demo;

import dev.errseq.Errno;
import dev.errseq.ErrseqCursor;
import dev.errseq.ErrseqNative;
import dev.errseq.ErrseqWord;
import dev.errseq.Layout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Plays the scenarios of the linux-fsdevel thread "[PATCH v3] errseq: split the ERRSEQ_SEEN
 * flag into two new flags" (December 2020) on the C core and on the Java twin, under both
 * layouts, and prints what every watcher sees side by side.
 *
 * <p>Run with {@code ./mvnw -q -Pdemo package}. Exits with status 1 if the C core and the Java
 * twin disagree at any step, or if a result differs from what the thread says it must be.
 */
public final class SeedThreadDemo {
    private static final int LABEL_WIDTH = 30;
    private static final int RESULT_WIDTH = 13;
    private static final int CELL_WIDTH = 19;
    private static final String[] COLUMNS = {"upstream C", "upstream Java", "split C", "split Java"};

    private SeedThreadDemo() {
    }

    /** One word and the watchers (named cursors) on it; every step of a scenario runs on four. */
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
            return "since " + hex(cursor.since());
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
    private record Step(String label, Function<Lane, String> op, String upstream, String split) {
    }

    private static Step step(String label, Function<Lane, String> op) {
        return new Step(label, op, null, null);
    }

    private static Step step(String label, Function<Lane, String> op, String upstream, String split) {
        return new Step(label, op, upstream, split);
    }

    private record Scenario(String title, String note, String conclusion, List<Step> steps) {
    }

    public static void main(String[] args) {
        System.out.println("native library: " + ErrseqNative.libraryOrigin()
                + "; os.arch=" + System.getProperty("os.arch"));
        System.out.println("each cell: what the step returns, then the word after it"
                + " (spelled out by Layout.describe below each table)");
        boolean ok = true;
        for (Scenario scenario : scenarios()) {
            ok &= play(scenario);
        }
        System.out.println();
        System.out.println(ok ? "all scenarios: C core and Java twin agree, as the thread says"
                : "FAILED: see the verdicts above");
        System.exit(ok ? 0 : 1);
    }

    private static List<Scenario> scenarios() {
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
                    step("ovl looks", SeedThreadDemo::overlayLooks, eio, eio),
                    step("ovl looks again", SeedThreadDemo::overlayLooks, "0", eio),
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

    /** Plays one scenario on four fresh words and prints its table; true if all is well. */
    private static boolean play(Scenario scenario) {
        System.out.println();
        System.out.println(scenario.title());
        System.out.println("  " + scenario.note());
        StringBuilder header = new StringBuilder(pad("  step", LABEL_WIDTH + 2));
        for (String column : COLUMNS) {
            header.append(" | ").append(pad(column, CELL_WIDTH));
        }
        System.out.println(header.toString().stripTrailing());

        List<String> problems = new ArrayList<>();
        Set<Integer> upstreamWords = new LinkedHashSet<>();
        Set<Integer> splitWords = new LinkedHashSet<>();
        try (Lane upC = new Lane(ErrseqWord.allocateNative(Layout.UPSTREAM));
             Lane upJava = new Lane(ErrseqWord.createJava(Layout.UPSTREAM));
             Lane splitC = new Lane(ErrseqWord.allocateNative(Layout.SPLIT));
             Lane splitJava = new Lane(ErrseqWord.createJava(Layout.SPLIT))) {
            Lane[] lanes = {upC, upJava, splitC, splitJava};
            for (Step step : scenario.steps()) {
                StringBuilder row = new StringBuilder(pad("  " + step.label(), LABEL_WIDTH + 2));
                String[] results = new String[lanes.length];
                String[] cells = new String[lanes.length];
                for (int i = 0; i < lanes.length; i++) {
                    results[i] = step.op().apply(lanes[i]);
                    int word = lanes[i].word.raw();
                    (lanes[i].split() ? splitWords : upstreamWords).add(word);
                    cells[i] = pad(results[i], RESULT_WIDTH) + hex(word);
                    row.append(" | ").append(pad(cells[i], CELL_WIDTH));
                }
                System.out.println(row.toString().stripTrailing());
                compare(step, "upstream", cells[0], cells[1], results[0], step.upstream(), problems);
                compare(step, "split", cells[2], cells[3], results[2], step.split(), problems);
            }
        }
        printWords(new ArrayList<>(upstreamWords), new ArrayList<>(splitWords));
        if (problems.isEmpty()) {
            System.out.println("  verdict: OK, C core = Java twin at every step: "
                    + scenario.conclusion());
        } else {
            System.out.println("  verdict: FAILED: " + String.join("; ", problems));
        }
        return problems.isEmpty();
    }

    private static void compare(Step step, String layout, String cCell, String javaCell,
            String result, String expected, List<String> problems) {
        if (!cCell.equals(javaCell)) {
            problems.add(step.label() + ", " + layout + ": C core [" + cCell.strip()
                    + "] but Java twin [" + javaCell.strip() + "]");
        }
        if (expected != null && !expected.equals(result)) {
            problems.add(step.label() + ", " + layout + ": got " + result
                    + ", expected " + expected);
        }
    }

    /** The words the table shows, spelled out: upstream under its columns, split under its. */
    private static void printWords(List<Integer> upstream, List<Integer> split) {
        for (int i = 0; i < Math.max(upstream.size(), split.size()); i++) {
            String label = i == 0 ? "  words (Layout.describe)" : "";
            String up = i < upstream.size() ? Layout.UPSTREAM.describe(upstream.get(i)) : "";
            String sp = i < split.size() ? Layout.SPLIT.describe(split.get(i)) : "";
            System.out.println((pad(label, LABEL_WIDTH + 2) + " | " + pad(up, 2 * CELL_WIDTH + 3)
                    + " | " + sp).stripTrailing());
        }
    }

    /** A check's result as the kernel returns it, with the errno's name: "-5 EIO" or "0". */
    private static String errno(int result) {
        return result == 0 ? "0" : result + " " + Errno.name(result);
    }

    private static String hex(int raw) {
        return "0x" + Integer.toHexString(raw);
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }
}
