package dev.errseq.bench.report;

import dev.errseq.bench.report.Results.Score;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns one run of the suite into {@code report.md} (tables of ratios, the targets with their
 * verdicts) and {@code chart.png}.
 *
 * <pre>
 * java -cp benchmarks.jar dev.errseq.bench.report.Report --out DIR \
 *      --jmh FILE... --c FILE... [--command TEXT] [--nice N]
 * </pre>
 *
 * <p>Each {@code --jmh} and {@code --c} file is one round; the rounds of a JDK, and of the C
 * program, are pooled (see {@link Results.Score}). Every ratio compares two results of the
 * same run: the JMH ones of one JVM with each other, and the JMH ones with the C program's,
 * which ran on the same machine in the same rounds. Targets are
 * checked and reported, never enforced: the exit status says only whether the report was made.
 */
public final class Report {
    static final String FLOOR = "BridgeBench.jniNop";
    /** Pages the C program's page-walk loops read (WALK_PAGES in benchmarks/c/errseq_cbench.c). */
    private static final int WALK_PAGES = 16;

    private final Results results;
    private final String jdk;
    private final String command;
    private final int nice;
    private final StringBuilder md = new StringBuilder();
    private final List<String> verdicts = new ArrayList<>();

    private Report(Results results, String jdk, String command, int nice) {
        this.results = results;
        this.jdk = jdk;
        this.command = command;
        this.nice = nice;
    }

    public static void main(String[] args) throws IOException {
        Results results = new Results();
        Path out = null;
        String command = "benchmarks/run.sh";
        int nice = 0;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--jmh" -> results.loadJmh(Path.of(value));
                case "--c" -> results.loadC(Path.of(value));
                case "--out" -> out = Path.of(value);
                case "--command" -> command = value;
                case "--nice" -> nice = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; usage: --out DIR --jmh FILE... --c FILE... [--command TEXT] [--nice N]");
            }
            i++;
        }
        if (out == null || results.mainJdk().isEmpty()) {
            throw new IllegalArgumentException("need --out DIR and at least one --jmh FILE");
        }
        Files.createDirectories(out);
        Report report = new Report(results, results.mainJdk().get(), command, nice);
        report.write();
        Files.writeString(out.resolve("report.md"), report.md);
        Charts.write(results, report.jdk, out.resolve("chart.png"));
        System.out.println("wrote " + out.resolve("report.md") + " and " + out.resolve("chart.png"));
        report.verdicts.forEach(System.out::println);
    }

    // ---------------------------------------------------------------- the report

    private void write() {
        line("<!-- Written by benchmarks/run.sh (dev.errseq.bench.report.Report) from one run. -->");
        line("");
        machine();
        targets();
        floor();
        words();
        contention();
        syncs();
        guard();
        olderJdks();
    }

    private void machine() {
        line("* Machine: " + Machine.describe() + ".");
        for (Results.Runtime r : results.runtimes().values()) {
            line(r.jdkMajor() > 0 ? "* JDK " + r.jdkMajor() + ": " + r.description() + "."
                    : "* C baseline: " + r.description() + ", the shipped library's flags (CMake"
                            + " Release, -O3), no JVM in the process.");
        }
        line("* JMH 1.37, two rounds of the suite, each with 2 forks per benchmark of 2 × 200 ms"
                + " warm-up and 5 × 200 ms measured; the C program once per round, 7 repetitions"
                + " of about 100 ms each." + (nice != 0 ? " Run at nice " + nice + "." : ""));
        line("* Each figure is the best of its samples (every measured iteration of every fork"
                + " and round; C: every repetition): the lowest time, or the highest throughput. Work elsewhere on the machine only"
                + " adds time, so the best sample is the least disturbed one; ratios divide best"
                + " samples. The median of the same samples is shown beside it where space"
                + " allows, and every sample is in the JSON.");
        line("* Command: `" + command + "`.");
        line("");
    }

    private void targets() {
        line("### Targets");
        line("");
        line("| target | measured | ratio | limit | verdict |");
        line("|---|---|---:|---:|---|");
        target("native checkAndAdvance ÷ empty JNI call (upstream)",
                word("native", "UPSTREAM", "checkAndAdvance"), jmh(FLOOR), true, 1.3);
        target("native checkAndAdvance ÷ empty JNI call (split)",
                word("native", "SPLIT", "checkAndAdvance"), jmh(FLOOR), true, 1.3);
        target("Java twin checkAndAdvance ÷ AtomicInteger CAS (upstream)",
                word("java", "UPSTREAM", "checkAndAdvance"), jmh("PeerBench.atomicCompareAndSet"),
                true, 1.3);
        target("Java twin checkAndAdvance ÷ AtomicInteger CAS (split)",
                word("java", "SPLIT", "checkAndAdvance"), jmh("PeerBench.atomicCompareAndSet"),
                true, 1.3);
        target("Java twin sample ÷ volatile read (upstream)", word("java", "UPSTREAM", "sample"),
                jmh("PeerBench.volatileRead"), true, 2.0);
        target("Java twin sample ÷ volatile read (split)", word("java", "SPLIT", "sample"),
                jmh("PeerBench.volatileRead"), true, 2.0);
        target("library syncfs ÷ FFM syncfs, errno captured (same run)",
                jmh("SyncBench.librarySyncfs"), jmh("FfmBench.syncfs"), true, 1.0);
        target("library syncfs ÷ C syncfs (C loop inside the JVM, same run)",
                jmh("SyncBench.librarySyncfs"), jmh("SyncBench.cLoopSyncfs"), true, 1.1);
        target("JNA interface-mapped syncfs ÷ library syncfs", jmh("SyncBench.jnaInterfaceSyncfs"),
                jmh("SyncBench.librarySyncfs"), false, 1.5);
        target("JNA direct-mapped empty call ÷ JNI empty call", jmh("BridgeBench.jnaDirectNop"),
                jmh(FLOOR), false, 5);
        target("contended Java twin ÷ AtomicInteger (throughput)", jmh("ContentionBench.javaWord"),
                jmh("ContentionBench.atomicInteger"), false, 0.8);
        line("");
        ffmVerdicts();
    }

    private void ffmVerdicts() {
        Optional<Score> jni = jmh(FLOOR);
        List<String[]> pairs = List.of(
                new String[] {"FfmBench.nop", FLOOR, "empty call, plain downcall"},
                new String[] {"FfmBench.nopCritical", FLOOR, "empty call, critical downcall"},
                new String[] {"FfmBench.checkAndAdvance", "BridgeBench.jniCheckAndAdvance",
                    "raw checkAndAdvance, plain downcall"},
                new String[] {"FfmBench.checkAndAdvanceCritical", "BridgeBench.jniCheckAndAdvance",
                    "raw checkAndAdvance, critical downcall"},
                new String[] {"FfmBench.syncfs", "SyncBench.librarySyncfs",
                    "syncfs end to end (library: FsHandle.syncfs)"});
        if (jni.isEmpty() || jmh("FfmBench.nop").isEmpty()) {
            line("FFM was not measured: it needs JDK 25, and this run had none.");
            line("");
            return;
        }
        line("FFM on JDK 25 against the library's JNI, same JVM:");
        line("");
        for (String[] p : pairs) {
            Optional<Score> ffm = jmh(p[0]);
            Optional<Score> ref = jmh(p[1]);
            if (ffm.isEmpty() || ref.isEmpty()) {
                continue;
            }
            double f = ffm.get().value();
            double j = ref.get().value();
            String verdict = f < j
                    ? String.format(Locale.ROOT, "FFM is faster by %s ns (%.0f%%)", fmt(j - f),
                            100 * (j - f) / j)
                    : String.format(Locale.ROOT, "JNI is faster by %s ns (%.0f%%)", fmt(f - j),
                            100 * (f - j) / f);
            line("* " + p[2] + ": FFM " + fmt(f) + " ns, JNI " + fmt(j) + " ns: " + verdict
                    + ".");
            verdicts.add("FFM " + p[2] + ": " + verdict);
        }
        line("");
    }

    private void floor() {
        line("### The bridge floor: one call that does nothing");
        line("");
        line("| call | ns/op | median | × empty JNI call |");
        line("|---|---:|---:|---:|");
        Optional<Score> jni = jmh(FLOOR);
        floorRow("C: direct call, no JVM (`errseq_bench_nop`)", c("call.nop"), jni);
        floorRow("Java call, not inlined", jmh("BridgeBench.javaCall"), jni);
        floorRow("**JNI: the library's `WordNatives.nop`**", jni, jni);
        floorRow("FFM downcall", jmh("FfmBench.nop"), jni);
        floorRow("FFM downcall, `critical(false)`", jmh("FfmBench.nopCritical"), jni);
        floorRow("JNA direct mapping (`Native.register`)", jmh("BridgeBench.jnaDirectNop"), jni);
        floorRow("JNA interface mapping (`Library`)", jmh("BridgeBench.jnaInterfaceNop"), jni);
        Optional<Score> raw = jmh("BridgeBench.jniCheckAndAdvance");
        floorRow("JNI: `WordNatives.checkAndAdvance`, raw (no API checks)", raw, jni);
        floorRow("FFM: the same C call, same signature", jmh("FfmBench.checkAndAdvance"), jni);
        floorRow("FFM: the same, `critical(false)`", jmh("FfmBench.checkAndAdvanceCritical"), jni);
        line("");
    }

    private void floorRow(String label, Optional<Score> s, Optional<Score> jni) {
        if (s.isPresent()) {
            line("| " + label + " | " + fmt(s.get().value()) + " | " + medianOf(s.get()) + " | "
                    + ratio(s, jni) + " |");
        }
    }

    private void words() {
        line("### The word's operations, one thread (ns/op)");
        line("");
        line("Every word holds an EIO that was reported; check and checkAndAdvance find nothing new,"
                + " set alternates EIO and ENOSPC (a CAS each time), set + checkAndAdvance reports a"
                + " new error each time (two CASes).");
        line("");
        line("| layout | operation | C core | native (JNI) | ÷ empty JNI call | Java twin | Java peer"
                + " | ÷ peer |");
        line("|---|---|---:|---:|---:|---:|---|---:|");
        for (String layout : List.of("UPSTREAM", "SPLIT")) {
            String c = layout.equals("UPSTREAM") ? "upstream." : "split.";
            wordRow(layout, "set", c + "set", word("native", layout, "set"),
                    word("java", layout, "set"), "CAS", "PeerBench.atomicCompareAndSet");
            wordRow(layout, "sample", c + "sample", word("native", layout, "sample"),
                    word("java", layout, "sample"), "volatile read", "PeerBench.volatileRead");
            if (layout.equals("SPLIT")) {
                wordRow(layout, "peek", c + "peek", jmh("PeekBench.peek[impl=native]"),
                        jmh("PeekBench.peek[impl=java]"), "volatile read",
                        "PeerBench.volatileRead");
            }
            wordRow(layout, "check", c + "check", word("native", layout, "check"),
                    word("java", layout, "check"), "volatile read", "PeerBench.volatileRead");
            wordRow(layout, "checkAndAdvance", c + "checkAndAdvance",
                    word("native", layout, "checkAndAdvance"),
                    word("java", layout, "checkAndAdvance"), "CAS",
                    "PeerBench.atomicCompareAndSet");
            wordRow(layout, "set + checkAndAdvance", c + "setThenCheckAndAdvance",
                    word("native", layout, "setThenCheckAndAdvance"),
                    word("java", layout, "setThenCheckAndAdvance"), "two CASes",
                    "PeerBench.atomicCompareAndSetTwice");
        }
        line("");
        line("Java peers: volatile read " + ns(jmh("PeerBench.volatileRead")) + ", AtomicInteger.get "
                + ns(jmh("PeerBench.atomicGet")) + ", compareAndSet " + ns(jmh("PeerBench.atomicCompareAndSet"))
                + ", two compareAndSets " + ns(jmh("PeerBench.atomicCompareAndSetTwice")) + ".");
        line("");
    }

    private void wordRow(String layout, String op, String cKey, Optional<Score> nat,
            Optional<Score> java, String peerName, String peerKey) {
        Optional<Score> peer = jmh(peerKey);
        line("| " + layout.toLowerCase(Locale.ROOT) + " | " + op + " | " + ns(c(cKey)) + " | "
                + ns(nat) + " | " + ratio(nat, jmh(FLOOR)) + " | " + ns(java) + " | " + peerName
                + " " + ns(peer) + " | " + ratio(java, peer) + " |");
    }

    private void contention() {
        line("### Contention: 2 threads set, 2 threads checkAndAdvance, one word (ops/µs)");
        line("");
        line("| word | total | median | set threads | checkAndAdvance threads | × AtomicInteger |");
        line("|---|---:|---:|---:|---:|---:|");
        Optional<Score> atomic = jmh("ContentionBench.atomicInteger");
        contentionRow("native (JNI), upstream", "nativeWord", "nativeSet", "nativeCheckAndAdvance",
                atomic);
        contentionRow("Java twin, upstream", "javaWord", "javaSet", "javaCheckAndAdvance", atomic);
        contentionRow("AtomicInteger.incrementAndGet in all four", "atomicInteger",
                "atomicIncrementA", "atomicIncrementB", atomic);
        line("");
    }

    private void contentionRow(String label, String group, String a, String b,
            Optional<Score> atomic) {
        String key = "ContentionBench." + group;
        Optional<Score> total = jmh(key);
        if (total.isEmpty()) {
            return;
        }
        line("| " + label + " | " + fmt(total.get().value()) + " | " + medianOf(total.get()) + " | "
                + ns(jmh(key + ":" + a)) + " | " + ns(jmh(key + ":" + b)) + " | "
                + ratio(total, atomic) + " |");
    }

    private void syncs() {
        line("### syncfs and fsync on tmpfs, end to end (ns/op)");
        line("");
        line("| call | ns/op | median | × C | × library |");
        line("|---|---:|---:|---:|---:|");
        Optional<Score> cSyncfs = c("sys.syncfs");
        Optional<Score> libSyncfs = jmh("SyncBench.librarySyncfs");
        syncRow("syncfs: C loop, no JVM", cSyncfs, cSyncfs, libSyncfs);
        syncRow("syncfs: C loop, no JVM, a second thread in the process",
                c("sys.syncfs.threaded"), cSyncfs, libSyncfs);
        Optional<Score> cWalk = c("sys.syncfs.pages16");
        syncRow("syncfs: C loop, no JVM, then 16 loads on 16 other pages", cWalk, cSyncfs,
                libSyncfs);
        syncRow("syncfs: the same C loop inside the JVM", jmh("SyncBench.cLoopSyncfs"), cSyncfs,
                libSyncfs);
        syncRow("**syncfs: library, `FsHandle.syncfs()`**", libSyncfs, cSyncfs, libSyncfs);
        syncRow("syncfs: FFM, errno captured", jmh("FfmBench.syncfs"), cSyncfs, libSyncfs);
        syncRow("syncfs: JNA direct mapping", jmh("SyncBench.jnaDirectSyncfs"), cSyncfs, libSyncfs);
        syncRow("syncfs: JNA interface mapping", jmh("SyncBench.jnaInterfaceSyncfs"), cSyncfs,
                libSyncfs);
        Optional<Score> cFsync = c("sys.fsync");
        Optional<Score> libFsync = jmh("SyncBench.libraryFsync");
        syncRow("fsync: C loop, no JVM", cFsync, cFsync, libFsync);
        syncRow("fsync: C loop, no JVM, a second thread in the process",
                c("sys.fsync.threaded"), cFsync, libFsync);
        syncRow("fsync: the same C loop inside the JVM", jmh("SyncBench.cLoopFsync"), cFsync,
                libFsync);
        syncRow("**fsync: library, `FsHandle.fsync()`**", libFsync, cFsync, libFsync);
        syncRow("fsync: library, `FileSyncs.fsync(channel)`", jmh("SyncBench.fileSyncsFsync"),
                cFsync, libFsync);
        syncRow("fsync: JDK, `FileChannel.force(true)`", jmh("SyncBench.channelForce"), cFsync,
                libFsync);
        line("");
        pageWalks(cSyncfs, cWalk);
    }

    /**
     * What a system call costs the code after it: 16 chained loads on 16 pages, after each
     * syncfs and alone. Where every system call empties the TLB, each page is walked again.
     */
    private void pageWalks(Optional<Score> cSyncfs, Optional<Score> after) {
        Optional<Score> alone = c("mem.pages16");
        if (after.isEmpty() || alone.isEmpty() || cSyncfs.isEmpty()) {
            return;
        }
        double perPage = (after.get().value() - cSyncfs.get().value()) / WALK_PAGES;
        line("A page read after a system call costs " + fmt(perPage) + " ns (16 chained loads on"
                + " 16 pages after each syncfs: " + fmt(after.get().value()) + " ns against "
                + fmt(cSyncfs.get().value()) + "); the same loads with no system call between"
                + " them cost " + fmt(alone.get().value() / WALK_PAGES) + " ns a page. A JNI or FFM call"
                + " touches pages of the JVM's own (the thread, its handles, the stub, the"
                + " caller's objects) that the C loop does not.");
        line("");
    }

    /** What the fd guard costs a call, per candidate, and what it moves onto close. */
    private void guard() {
        Optional<Score> bare = jmh("GuardBench.unguarded");
        if (bare.isEmpty()) {
            return;
        }
        line("### Guarding a call against close: the candidates (ns/op)");
        line("");
        line("Around a native that does nothing (`GuardBench`), so that no system call hides it.");
        line("");
        line("| guard | ns/op | median | guard's cost |");
        line("|---|---:|---:|---:|");
        guardRow("none (what an FFM downcall has): the empty JNI call", bare, bare);
        guardRow("counted (FsHandle before): CAS loop in, atomic add out",
                jmh("GuardBench.countedGuard"), bare);
        guardRow("**fd guard, membarrier (the default)**", jmh("GuardBench.libraryGuard"), bare);
        guardRow("fd guard, fences (`-Derrseq.guard=fences`)", jmh("GuardFencesBench.libraryGuard"),
                bare);
        line("");
        line("| close | membarrier | fences |");
        line("|---|---:|---:|");
        closeRow("open and close on one thread (no barrier)", "openClose");
        closeRow("close a handle another thread opened (the barrier)", "closeOpenedElsewhere");
        line("");
    }

    private void guardRow(String label, Optional<Score> s, Optional<Score> bare) {
        if (s.isPresent()) {
            line("| " + label + " | " + fmt(s.get().value()) + " | " + medianOf(s.get()) + " | "
                    + fmt(s.get().value() - bare.get().value()) + " |");
        }
    }

    private void closeRow(String label, String benchmark) {
        line("| " + label + " | " + ns(jmh("GuardBench." + benchmark)) + " | "
                + ns(jmh("GuardFencesBench." + benchmark)) + " |");
    }

    private void syncRow(String label, Optional<Score> s, Optional<Score> c, Optional<Score> lib) {
        if (s.isPresent()) {
            line("| " + label + " | " + fmt(s.get().value()) + " | " + medianOf(s.get()) + " | "
                    + ratio(s, c) + " | " + ratio(s, lib) + " |");
        }
    }

    /** The benchmarks that also ran on an older JDK, next to the main JDK's. */
    private void olderJdks() {
        for (Results.Runtime older : results.runtimes().values()) {
            if (older.jdkMajor() == 0 || older.source().equals(jdk)) {
                continue;
            }
            String o = older.source();
            line("### The same benchmarks on JDK " + older.jdkMajor());
            line("");
            line("| benchmark | JDK " + older.jdkMajor() + " | × empty JNI call | " + jdk.replace("jdk",
                    "JDK ") + " |");
            line("|---|---:|---:|---:|");
            for (String key : List.of("BridgeBench.javaCall", FLOOR, "BridgeBench.jnaDirectNop",
                    "BridgeBench.jnaInterfaceNop", "BridgeBench.jniCheckAndAdvance",
                    "WordBench.checkAndAdvance[impl=native,layout=UPSTREAM]",
                    "WordBench.checkAndAdvance[impl=java,layout=UPSTREAM]",
                    "PeerBench.atomicCompareAndSet", "SyncBench.librarySyncfs")) {
                Optional<Score> s = results.get(o, key);
                if (s.isPresent()) {
                    line("| `" + key + "` | " + ns(s) + " | " + ratio(s, results.get(o, FLOOR))
                            + " | " + ns(jmh(key)) + " |");
                }
            }
            line("");
        }
    }

    private void target(String name, Optional<Score> subject, Optional<Score> reference,
            boolean atMost, double limit) {
        String limitText = (atMost ? "≤ " : "≥ ") + trim(limit) + "×";
        if (subject.isEmpty() || reference.isEmpty()) {
            line("| " + name + " | not measured | | " + limitText + " | not measured |");
            verdicts.add("not measured: " + name);
            return;
        }
        double r = subject.get().value() / reference.get().value();
        boolean met = atMost ? r <= limit : r >= limit;
        String unit = subject.get().unit();
        line("| " + name + " | " + fmt(subject.get().value()) + " ÷ " + fmt(reference.get().value())
                + " " + unit + " | " + String.format(Locale.ROOT, "%.2f×", r) + " | " + limitText
                + " | " + (met ? "met" : "**missed**") + " |");
        verdicts.add((met ? "met:    " : "MISSED: ") + name + String.format(Locale.ROOT,
                " = %.2f (limit %s)", r, limitText));
    }

    // ---------------------------------------------------------------- lookups and formats

    private Optional<Score> jmh(String key) {
        return results.get(jdk, key);
    }

    private Optional<Score> c(String key) {
        return results.get(Results.C, key);
    }

    private Optional<Score> word(String impl, String layout, String op) {
        return jmh("WordBench." + op + "[impl=" + impl + ",layout=" + layout + "]");
    }

    private static String ns(Optional<Score> s) {
        return s.map(x -> fmt(x.value())).orElse("–");
    }

    private static String ratio(Optional<Score> s, Optional<Score> ref) {
        if (s.isEmpty() || ref.isEmpty()) {
            return "–";
        }
        return String.format(Locale.ROOT, "%.2f", s.get().value() / ref.get().value());
    }

    private static String medianOf(Score s) {
        return Double.isNaN(s.median()) ? "–" : fmt(s.median());
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        double a = Math.abs(v);
        return String.format(Locale.ROOT, a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : "%.2f", v);
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    private void line(String text) {
        md.append(text).append('\n');
    }
}
