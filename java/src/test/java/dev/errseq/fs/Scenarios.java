package dev.errseq.fs;

import dev.errseq.Errno;
import dev.errseq.ErrseqCursor;
import dev.errseq.ErrseqWord;
import dev.errseq.Layout;
import dev.errseq.trace.WritebackErrorMonitor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The kernel-conformance scenarios, ported from xfstests (the scenarios, not the code), each
 * written once as a program of steps and played against three worlds:
 *
 * <ul>
 *   <li>the {@linkplain Impl#KERNEL real kernel}: a {@link LoopFilesystem}, {@link FsHandle}s
 *       and JDK FileChannels, the syncs reporting what the kernel says;
 *   <li>the library's word, as the {@linkplain Impl#C_CORE C core} (JNI) and as the
 *       {@linkplain Impl#JAVA_TWIN Java twin}, in {@link Layout#UPSTREAM}, modelling what the
 *       kernel keeps: one word for each file's mapping ({@code mapping->wb_err}) and one for
 *       the superblock ({@code sb->s_wb_err}). Opening a file is {@code watch()} on both (the
 *       kernel samples {@code f_wb_err} and {@code f_sb_err} in open); a writeback error is
 *       {@code set(-E)} on both ({@code mapping_set_error}); fsync and fdatasync are
 *       {@code checkAndAdvance} on the mapping cursor ({@code file_check_and_advance_wb_err});
 *       syncfs is {@code checkAndAdvance} on the superblock cursor; sync(2), writes, heal and
 *       close change no word.
 * </ul>
 *
 * <p>Each world records, per watcher, the sequence of reports it got: 0 or a positive errno.
 * The three must agree. Which errno the kernel stores (ENOSPC from the loop device, EIO from
 * a failed unwritten-extent conversion or metadata buffer, ...) depends on the block layer and
 * the filesystem, not on errseq, so the kernel plays first and the model is then fed the errno
 * the kernel reported first: for the file's word, the first errno an fsync or fdatasync
 * reported; for the superblock's word, the first a syncfs reported (the other's when a
 * scenario has only one kind). When the two differ the model sets the file's errno on both
 * words and then the superblock's on the superblock alone, as the kernel does when a metadata
 * buffer fails after the data (mark_buffer_write_io_error sets EIO on the superblock). Every
 * other detail (which call reports, which gets 0, how often) is the model's own.
 *
 * <p>While the kernel plays, a {@link WritebackErrorMonitor} traces the filesystem (where
 * tracing is possible); afterwards the file's traced words are replayed through the C core and
 * the Java twin ({@link ReplayCheck}), which must reproduce each one bit for bit.
 *
 * <p>The fixture settles each error before the scenario goes on ({@link
 * LoopFilesystem#causeWritebackError}): every dirty page has been tried, and the legacy
 * AS_EIO flag that failed ext4 metadata buffers leave on the block device is cleared, since
 * syncfs would report it, once, to whoever syncs first, ahead of the superblock's word. After
 * that, the kernel's syncs report the errseq words alone.
 */
final class Scenarios {
    private static final Layout LAYOUT = Layout.UPSTREAM;
    private static final String ROOT = ".";
    private static final String FILE = "file";
    private static final int BLOCK = 4096;
    private static final List<String> FOUR = List.of("A", "B", "C", "D");

    private Scenarios() {
    }

    /** Who answered. */
    enum Impl {
        KERNEL("kernel"), C_CORE("C core"), JAVA_TWIN("Java twin");

        final String label;

        Impl(String label) {
            this.label = label;
        }
    }

    /** The three calls that report writeback errors. */
    enum Op {
        FSYNC("fsync"), FDATASYNC("fdatasync"), SYNCFS("syncfs");

        final String label;

        Op(String label) {
            this.label = label;
        }

        boolean reportsFileWord() {
            return this != SYNCFS;
        }
    }

    /** How a watcher opens its file. */
    enum Opener {
        /** {@link FsHandle#open}: read-only, the library's own watcher. */
        HANDLE,
        /** A JDK FileChannel opened read-write, synced through {@link FileSyncs}. */
        CHANNEL
    }

    /** The steps of a scenario, in terms any world can play. */
    @FunctionalInterface
    interface Program {
        void play(World world) throws IOException;
    }

    /** The scenarios; {@link #testName} is the name of the JUnit test that runs each. */
    enum Scenario {
        GENERIC_441("generic441_fsyncErrOnEveryHandle",
                "xfstests src/fsync-err.c (generic/441, generic/442): four read-write handles on"
                        + " one file, each writes; after the error each handle's fsync fails"
                        + " once, then returns 0; after heal, close and reopen fsync returns 0",
                shape("A", "E,0", "B", "E,0", "C", "E,0", "D", "E,0",
                        "A'", "0", "B'", "0", "C'", "0", "D'", "0"),
                w -> {
                    w.create(FILE);
                    for (int i = 0; i < FOUR.size(); i++) {
                        w.open(FOUR.get(i), FILE, Opener.CHANNEL);
                        w.write(FOUR.get(i), (long) i * BLOCK, BLOCK);
                    }
                    w.writebackError(FILE);
                    for (String h : FOUR) {
                        w.fsync(h);
                    }
                    for (String h : FOUR) {
                        w.fsync(h);
                    }
                    w.heal();
                    for (String h : FOUR) {
                        w.close(h);
                    }
                    for (int i = 0; i < FOUR.size(); i++) {
                        String again = FOUR.get(i) + "'";
                        w.open(again, FILE, Opener.CHANNEL);
                        w.write(again, (long) i * BLOCK, BLOCK);
                        w.fsync(again);
                        w.close(again);
                    }
                }),
        GENERIC_487("generic487_unseenErrorReachesLaterOpener",
                "xfstests generic/487: the error happens while handle H is held and only sync(2)"
                        + " runs; a new opener N still gets it from fsync, once; so does H; an"
                        + " opener L after that gets 0",
                shape("H", "E,0", "N", "E,0", "L", "0"),
                w -> {
                    w.create(FILE);
                    w.open("H", FILE, Opener.HANDLE);
                    w.writebackError(FILE);
                    w.sync();
                    w.open("N", FILE, Opener.HANDLE);
                    w.fsync("N");
                    w.fsync("N");
                    w.fsync("H");
                    w.fsync("H");
                    w.open("L", FILE, Opener.HANDLE);
                    w.fsync("L");
                }),
        GENERIC_484("generic484_syncfsAfterFdatasyncError",
                "xfstests generic/484: after X's fdatasync reported the error, a new handle N's"
                        + " syncfs;syncfs gets it exactly once (the superblock's word is"
                        + " separate); a fresh handle F's syncfs then succeeds",
                shape("X", "E,0", "N", "E,0", "F", "0"),
                w -> {
                    w.create(FILE);
                    w.open("X", FILE, Opener.HANDLE);
                    w.writebackError(FILE);
                    w.fdatasync("X");
                    w.fdatasync("X");
                    w.open("N", FILE, Opener.HANDLE);
                    w.syncfs("N");
                    w.syncfs("N");
                    w.open("F", FILE, Opener.HANDLE);
                    w.syncfs("F");
                }),
        SYNCFS_WATCHERS("syncfsWatchersBeforeAndAfterError",
                "the superblock's word (spec 5.1-5.3): handles on the mount point opened before"
                        + " the error (A), after it but before anyone saw it (B), and after it"
                        + " was seen (C): syncfs reports error, error, 0, each once (B first)",
                shape("A", "E,0", "B", "E,0", "C", "0,0"),
                w -> {
                    w.create(FILE);
                    w.open("A", ROOT, Opener.HANDLE);
                    w.writebackError(FILE);
                    w.open("B", ROOT, Opener.HANDLE);
                    // B first, while nobody has seen the error: were A first, its SEEN bit
                    // alone would change the word under B's cursor and hide a wrong sample.
                    w.syncfs("B");
                    w.syncfs("B");
                    w.syncfs("A");
                    w.syncfs("A");
                    w.open("C", ROOT, Opener.HANDLE);
                    w.syncfs("C");
                    w.syncfs("C");
                });

        final String testName;
        final String description;
        /** Per watcher, the expected reports: "E" for an error (any errno), "0" for none. */
        final Map<String, String> expectedShape;
        final Program program;

        Scenario(String testName, String description, Map<String, String> expectedShape,
                Program program) {
            this.testName = testName;
            this.description = description;
            this.expectedShape = expectedShape;
            this.program = program;
        }
    }

    private static Map<String, String> shape(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    /** What one scenario gave on one filesystem. */
    record Outcome(Scenario scenario, LoopFilesystem.Kind kind,
            Map<Impl, Map<String, List<Integer>>> reports, int fileErrno, int sbErrno,
            String fedNote, List<String> kernelTrace, List<String> kernelNotes,
            Optional<ReplayCheck> replay, Optional<String> whyNoReplay) {

        /** Kernel, C core and Java twin gave every watcher the same reports. */
        boolean agree() {
            Map<String, List<Integer>> kernel = reports.get(Impl.KERNEL);
            return kernel.equals(reports.get(Impl.C_CORE))
                    && kernel.equals(reports.get(Impl.JAVA_TWIN));
        }

        /** The kernel's reports have the scenario's expected shape (errors where expected). */
        boolean kernelAsExpected() {
            return matchesShape(reports.get(Impl.KERNEL), scenario.expectedShape);
        }

        String verdict() {
            if (!agree()) {
                return "DISAGREE";
            }
            return kernelAsExpected() ? "agree" : "UNEXPECTED";
        }

        String render(Impl impl) {
            return Scenarios.render(reports.get(impl));
        }

        /** Everything needed to understand a failure, for assertion messages. */
        String explain() {
            StringBuilder text = new StringBuilder();
            text.append(scenario.testName).append(" on ").append(kind.fsName()).append(": ")
                    .append(scenario.description).append('\n');
            for (Impl impl : Impl.values()) {
                text.append(String.format("  %-9s %s%n", impl.label, render(impl)));
            }
            text.append("  expected  ").append(renderShape(scenario.expectedShape))
                    .append("  (E = an error, any errno)\n");
            text.append("  ").append(fedNote).append('\n');
            text.append("  kernel steps: ").append(String.join("; ", kernelTrace)).append('\n');
            for (String note : kernelNotes) {
                text.append("  note: ").append(note).append('\n');
            }
            text.append("  replay of the file's traced words: ").append(replay
                    .map(ReplayCheck::explain).orElse("not run: " + whyNoReplay.orElse("?")))
                    .append('\n');
            return text.toString();
        }
    }

    /** Plays {@code scenario} on a new {@code kind} filesystem, then on the two models. */
    static Outcome run(Scenario scenario, LoopFilesystem.Kind kind) throws IOException {
        KernelWorld kernel;
        ReplayCheck replay = null;
        Optional<String> noTrace = Assumptions.whyNoTracing();
        try (LoopFilesystem fs = LoopFilesystem.create(kind);
                WritebackErrorMonitor monitor = noTrace.isPresent() ? null
                        : WritebackErrorMonitor.start(List.of(fs.mountPoint()))) {
            kernel = new KernelWorld(fs);
            try {
                scenario.program.play(kernel);
                if (monitor != null) {
                    replay = ReplayCheck.of(ReplayCheck.ofFile(ReplayCheck.drain(monitor),
                            kernel.resolve(FILE)));
                }
            } catch (IOException | RuntimeException | Error e) {
                try {
                    kernel.closeAll();
                } catch (IOException closing) {
                    e.addSuppressed(closing);
                }
                throw e;
            }
            kernel.closeAll(); // every handle before the fixture unmounts
        }
        int fileErrno = kernel.firstError(true);
        int sbErrno = kernel.firstError(false);
        String fed;
        if (fileErrno == 0 && sbErrno == 0) {
            fileErrno = Errno.EIO;
            sbErrno = Errno.EIO;
            fed = "the kernel reported no error at all; the model was fed EIO";
        } else {
            String fileFrom = fileErrno != 0 ? "the first errno the kernel's fsync/fdatasync"
                    + " reported" : "no fsync/fdatasync reported one: the syncfs errno";
            String sbFrom = sbErrno != 0 ? "the first errno the kernel's syncfs reported"
                    : "no syncfs reported one: the fsync/fdatasync errno";
            fileErrno = fileErrno != 0 ? fileErrno : sbErrno;
            sbErrno = sbErrno != 0 ? sbErrno : fileErrno;
            fed = "the model was fed " + Errno.name(fileErrno) + " for the file's word (" + fileFrom
                    + ") and " + Errno.name(sbErrno) + " for the superblock's (" + sbFrom + ")";
        }
        Map<Impl, Map<String, List<Integer>>> reports = new EnumMap<>(Impl.class);
        reports.put(Impl.KERNEL, kernel.reports);
        reports.put(Impl.C_CORE, playModel(scenario, l -> ErrseqWord.allocateNative(l),
                fileErrno, sbErrno));
        reports.put(Impl.JAVA_TWIN, playModel(scenario, l -> ErrseqWord.createJava(l),
                fileErrno, sbErrno));
        return new Outcome(scenario, kind, reports, fileErrno, sbErrno, fed, kernel.trace,
                kernel.notes, Optional.ofNullable(replay), noTrace);
    }

    private static Map<String, List<Integer>> playModel(Scenario scenario,
            Function<Layout, ErrseqWord> factory, int fileErrno, int sbErrno)
            throws IOException {
        try (ModelWorld model = new ModelWorld(() -> factory.apply(LAYOUT), fileErrno, sbErrno)) {
            return play(scenario, model);
        }
    }

    /** Plays {@code scenario} on {@code world}; its reports per watcher. */
    static Map<String, List<Integer>> play(Scenario scenario, World world) throws IOException {
        scenario.program.play(world);
        return world.reports;
    }

    /** "A:ENOSPC,0 B:ENOSPC,0". */
    static String render(Map<String, List<Integer>> reports) {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, List<Integer>> entry : reports.entrySet()) {
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append(entry.getKey()).append(':');
            List<String> names = new ArrayList<>();
            for (int report : entry.getValue()) {
                names.add(report == 0 ? "0" : Errno.name(report));
            }
            text.append(String.join(",", names));
        }
        return text.toString();
    }

    static String renderShape(Map<String, String> shape) {
        StringBuilder text = new StringBuilder();
        shape.forEach((k, v) -> text.append(text.length() > 0 ? " " : "").append(k).append(':')
                .append(v));
        return text.toString();
    }

    static boolean matchesShape(Map<String, List<Integer>> reports, Map<String, String> shape) {
        if (!reports.keySet().equals(shape.keySet())) {
            return false;
        }
        for (Map.Entry<String, String> entry : shape.entrySet()) {
            String[] expected = entry.getValue().split(",");
            List<Integer> got = reports.get(entry.getKey());
            if (got.size() != expected.length) {
                return false;
            }
            for (int i = 0; i < expected.length; i++) {
                if (expected[i].equals("E") != (got.get(i) != 0)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** One world the steps play in; records each watcher's reports. */
    abstract static class World {
        final Map<String, List<Integer>> reports = new LinkedHashMap<>();
        final List<String> trace = new ArrayList<>();

        /** Creates an empty file. */
        abstract void create(String file) throws IOException;

        final void open(String watcher, String file, Opener how) throws IOException {
            if (reports.containsKey(watcher)) {
                throw new IllegalArgumentException("watcher " + watcher + " was opened before");
            }
            doOpen(watcher, file, how);
            reports.put(watcher, new ArrayList<>());
            trace.add("open " + watcher + (how == Opener.HANDLE ? " (FsHandle)" : " (FileChannel)")
                    + " on " + file);
        }

        final void write(String watcher, long offset, int length) throws IOException {
            doWrite(watcher, offset, length);
            trace.add(watcher + " writes " + length + " at " + offset);
        }

        final void writebackError(String file) throws IOException {
            String how = doWritebackError(file);
            trace.add("writeback error on " + file + (how.isEmpty() ? "" : " (" + how + ")"));
        }

        final void sync() throws IOException {
            doSync();
            trace.add("sync(2)");
        }

        final void heal() throws IOException {
            doHeal();
            trace.add("heal");
        }

        final void close(String watcher) throws IOException {
            doClose(watcher);
            trace.add("close " + watcher);
        }

        final int fsync(String watcher) throws IOException {
            return report(watcher, Op.FSYNC);
        }

        final int fdatasync(String watcher) throws IOException {
            return report(watcher, Op.FDATASYNC);
        }

        final int syncfs(String watcher) throws IOException {
            return report(watcher, Op.SYNCFS);
        }

        private int report(String watcher, Op op) throws IOException {
            List<Integer> list = reports.get(watcher);
            if (list == null) {
                throw new IllegalArgumentException("no watcher " + watcher);
            }
            int errno = call(watcher, op);
            list.add(errno);
            trace.add(watcher + "." + op.label + " -> " + (errno == 0 ? "0" : Errno.name(errno)));
            return errno;
        }

        abstract void doOpen(String watcher, String file, Opener how) throws IOException;

        abstract void doWrite(String watcher, long offset, int length) throws IOException;

        /** Records a writeback error on {@code file}; returns what was done, for the trace. */
        abstract String doWritebackError(String file) throws IOException;

        abstract void doSync() throws IOException;

        abstract void doHeal() throws IOException;

        abstract void doClose(String watcher) throws IOException;

        /** Runs {@code op} for {@code watcher}: 0, or the positive errno it reported. */
        abstract int call(String watcher, Op op) throws IOException;
    }

    /** The real kernel, through the library's FsHandle and FileSyncs. */
    static final class KernelWorld extends World {
        private final LoopFilesystem fs;
        private final Map<String, FsHandle> handles = new LinkedHashMap<>();
        private final Map<String, FileChannel> channels = new LinkedHashMap<>();
        /** (op, errno) of every report, in order. */
        private final List<int[]> events = new ArrayList<>();
        final List<String> notes = new ArrayList<>();

        KernelWorld(LoopFilesystem fs) {
            this.fs = fs;
        }

        Path resolve(String file) {
            return fs.mountPoint().resolve(file).normalize();
        }

        @Override
        void create(String file) throws IOException {
            Files.createFile(resolve(file));
        }

        @Override
        void doOpen(String watcher, String file, Opener how) throws IOException {
            if (how == Opener.HANDLE) {
                handles.put(watcher, FsHandle.open(resolve(file)));
            } else {
                channels.put(watcher, FileChannel.open(resolve(file), StandardOpenOption.READ,
                        StandardOpenOption.WRITE));
            }
        }

        @Override
        void doWrite(String watcher, long offset, int length) throws IOException {
            FileChannel channel = Objects.requireNonNull(channels.get(watcher),
                    () -> watcher + " is no open FileChannel");
            ByteBuffer data = ByteBuffer.allocate(length);
            while (data.hasRemaining()) {
                data.put((byte) watcher.charAt(0));
            }
            data.flip();
            long position = offset;
            while (data.hasRemaining()) {
                position += channel.write(data, position);
            }
        }

        @Override
        String doWritebackError(String file) throws IOException {
            return fs.causeWritebackError(resolve(file)).toString();
        }

        @Override
        void doSync() throws IOException {
            fs.sync();
        }

        @Override
        void doHeal() throws IOException {
            fs.heal();
        }

        @Override
        void doClose(String watcher) throws IOException {
            FsHandle handle = handles.remove(watcher);
            if (handle != null) {
                handle.close();
            }
            FileChannel channel = channels.remove(watcher);
            if (channel != null) {
                channel.close();
            }
        }

        @Override
        int call(String watcher, Op op) throws IOException {
            int errno = 0;
            try {
                FsHandle handle = handles.get(watcher);
                if (handle != null) {
                    switch (op) {
                        case FSYNC -> handle.fsync();
                        case FDATASYNC -> handle.fdatasync();
                        case SYNCFS -> handle.syncfs();
                    }
                } else {
                    FileChannel channel = Objects.requireNonNull(channels.get(watcher),
                            () -> "no open watcher " + watcher);
                    switch (op) {
                        case FSYNC -> FileSyncs.fsync(channel);
                        case FDATASYNC -> FileSyncs.fdatasync(channel);
                        case SYNCFS -> FileSyncs.syncfs(channel);
                    }
                }
            } catch (WritebackErrorException e) {
                errno = e.errno();
            } catch (FsUsageException e) {
                // Still the kernel's answer; it will not match the model, and this says why.
                errno = e.errno();
                notes.add(watcher + "." + op.label + " threw FsUsageException " + e.errnoName()
                        + " (not a writeback error): " + e.getMessage());
            }
            events.add(new int[] {op.ordinal(), errno});
            return errno;
        }

        /** The first errno reported by fsync/fdatasync ({@code fileWord}) or by syncfs; or 0. */
        int firstError(boolean fileWord) {
            for (int[] event : events) {
                if (event[1] != 0 && Op.values()[event[0]].reportsFileWord() == fileWord) {
                    return event[1];
                }
            }
            return 0;
        }

        void closeAll() throws IOException {
            IOException first = null;
            for (String watcher : new ArrayList<>(handles.keySet())) {
                try {
                    doClose(watcher);
                } catch (IOException e) {
                    first = first == null ? e : first;
                }
            }
            for (String watcher : new ArrayList<>(channels.keySet())) {
                try {
                    doClose(watcher);
                } catch (IOException e) {
                    first = first == null ? e : first;
                }
            }
            if (first != null) {
                throw first;
            }
        }
    }

    /**
     * The library's words, modelling the kernel's: one per file mapping, one for the sb. The
     * two hooks are what the kernel does in open and in the syncs; tests override them to check
     * that the scenarios notice a model that gets them wrong.
     */
    static class ModelWorld extends World implements AutoCloseable {
        private final Supplier<ErrseqWord> newWord;
        private final int fileErrno;
        private final int sbErrno;
        private final ErrseqWord superblock;
        private final Map<String, ErrseqWord> mappings = new LinkedHashMap<>();
        /** Per open watcher: its f_wb_err (index 0) and f_sb_err (index 1). */
        private final Map<String, ErrseqCursor[]> cursors = new LinkedHashMap<>();

        ModelWorld(Supplier<ErrseqWord> newWord, int fileErrno, int sbErrno) {
            this.newWord = newWord;
            this.fileErrno = fileErrno;
            this.sbErrno = sbErrno;
            this.superblock = newWord.get();
        }

        private ErrseqWord mapping(String file) {
            return mappings.computeIfAbsent(file, f -> newWord.get());
        }

        @Override
        void create(String file) {
            mapping(file); // a new inode's mapping starts at the epoch
        }

        @Override
        void doOpen(String watcher, String file, Opener how) {
            cursors.put(watcher, new ErrseqCursor[] {watch(mapping(file)), watch(superblock)});
        }

        @Override
        void doWrite(String watcher, long offset, int length) {
            // Dirtying pages changes no word.
        }

        @Override
        String doWritebackError(String file) {
            mapping(file).set(-fileErrno);
            superblock.set(-fileErrno);
            if (sbErrno != fileErrno) {
                superblock.set(-sbErrno);
            }
            return "";
        }

        @Override
        void doSync() {
            // sync(2) waits with filemap_fdatawait_keep_errors: it reports to no one.
        }

        @Override
        void doHeal() {
            // A bigger tmpfs changes no word.
        }

        @Override
        void doClose(String watcher) {
            cursors.remove(watcher);
        }

        @Override
        int call(String watcher, Op op) {
            ErrseqCursor[] pair = Objects.requireNonNull(cursors.get(watcher),
                    () -> "no open watcher " + watcher);
            return report(op.reportsFileWord() ? pair[0] : pair[1]);
        }

        /** What open(2) does to each word: errseq_sample. */
        ErrseqCursor watch(ErrseqWord word) {
            return word.watch();
        }

        /** What a sync does with the watcher's cursor: errseq_check_and_advance. */
        int report(ErrseqCursor cursor) {
            return -cursor.checkAndAdvance();
        }

        @Override
        public void close() {
            mappings.values().forEach(ErrseqWord::close);
            superblock.close();
        }
    }
}
