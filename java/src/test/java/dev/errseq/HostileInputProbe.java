package dev.errseq;

import dev.errseq.fs.ErrnoException;
import dev.errseq.fs.FileSyncs;
import dev.errseq.fs.FsHandle;
import dev.errseq.fs.FsType;
import dev.errseq.fs.FsUsageException;
import dev.errseq.fs.ShutdownMode;
import dev.errseq.fs.WritebackErrorException;
import dev.errseq.mountinfo.MountInfo;
import dev.errseq.mountinfo.MountTable;
import dev.errseq.overlay.CannotProbeException;
import dev.errseq.overlay.DirtyWorkdirException;
import dev.errseq.overlay.ErrorGuard;
import dev.errseq.overlay.ErrseqWordGuard;
import dev.errseq.overlay.MarkerFromEarlierBootException;
import dev.errseq.overlay.OverlayMount;
import dev.errseq.overlay.ProbeResult;
import dev.errseq.overlay.UnseenErrorProbe;
import dev.errseq.overlay.UnseenErrorWatch;
import dev.errseq.overlay.UnseenUpperErrorException;
import dev.errseq.overlay.VolatileDirtyMarker;
import dev.errseq.overlay.VolatileMountRefusedException;
import dev.errseq.overlay.VolatileOverlay;
import dev.errseq.overlay.VolatileOverlayGuard;
import dev.errseq.trace.CursorAdvanceEvent;
import dev.errseq.trace.DeviceNumber;
import dev.errseq.trace.MonitorStatistics;
import dev.errseq.trace.NewErrorTracker;
import dev.errseq.trace.NewWritebackError;
import dev.errseq.trace.NotRootException;
import dev.errseq.trace.ReplayResult;
import dev.errseq.trace.TraceEventsMissingException;
import dev.errseq.trace.TracedFilesystem;
import dev.errseq.trace.WordModel;
import dev.errseq.trace.WordSetEvent;
import dev.errseq.trace.WritebackErrorEvent;
import dev.errseq.trace.WritebackErrorMonitor;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Calls every public constructor and method of the exported packages ({@code dev.errseq},
 * {@code dev.errseq.fs}, read from {@code module-info}) with hostile values for each of its
 * parameters, and on hostile receivers (closed words, closed handles), and checks each call
 * against {@link #rules() the expectation table}: which exception it must throw, with which
 * errno, or that it returns normally; and that a call that throws, or that is documented to
 * change nothing, left every word, cursor and handle it touched as it was.
 *
 * <p>Run by {@link PublicApiHostileInputTest} in a JVM of its own, so that a crash is a
 * reported failure rather than the end of the test run. Prints one line per executable,
 * {@code SUMMARY <signature> calls=N failed=F skipped=S}, one {@code FAIL ...} line per failed
 * call, {@code UNCOVERED <signature>} for a public executable the table lacks and
 * {@code STALE <signature>} for a table entry that matches none, then {@code DONE ...}. With
 * {@code --crash} it instead crashes the JVM on purpose, to show that a crash is caught.
 *
 * <p>Argument values are made fresh for every call; so are receivers, so that a call that
 * closes one does not affect the next. Nothing here ever shuts down or freezes a filesystem:
 * those calls are made on closed handles or with a null mode only; on open handles they are
 * skipped, and FsHandleBadInputTest makes them on filesystems it mounts itself.
 */
public final class HostileInputProbe {
    private static final Class<? extends Throwable> NPE = NullPointerException.class;
    private static final Class<? extends Throwable> IAE = IllegalArgumentException.class;
    private static final Class<? extends Throwable> ISE = IllegalStateException.class;
    private static final Class<? extends Throwable> UOE = UnsupportedOperationException.class;
    /** Words with history: counter 1, ENOSPC seen (upstream) or reported and observed (split). */
    private static final int UPSTREAM_RAW = 0x0000301c;
    private static final int SPLIT_RAW = 0x0000701c;

    private final Path dir;
    private final Path regularFile;
    private final FileSystem zip;

    private HostileInputProbe(Path dir) throws IOException {
        this.dir = dir;
        this.regularFile = Files.writeString(dir.resolve("regular"), "data\n");
        Files.createDirectory(dir.resolve("directory"));
        Path zipFile = dir.resolve("other.zip");
        this.zip = FileSystems.newFileSystem(zipFile, Map.of("create", "true"));
        Files.writeString(zip.getPath("/entry"), "zipped\n");
        warmUp();
    }

    /**
     * Opens once what stays open for the life of the JVM (the jars behind the native loader,
     * the jrt filesystem, the library), so that the descriptor count taken before the calls
     * is the one they must leave behind.
     */
    private void warmUp() throws IOException {
        ErrseqNative.load();
        FileSystems.getFileSystem(URI.create("jrt:/")).getPath("/modules");
        try (FsHandle handle = FsHandle.open(regularFile);
                FileChannel channel = openChannel(Paths.get("/dev/null"))) {
            handle.syncfs();
            FileSyncs.syncfs(channel);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--crash")) {
            ErrseqNative.load();
            // A word at address 8: what a use-after-free or a bad address in the glue would do.
            dev.errseq.internal.WordNatives.load(8L);
            System.out.println("DONE no crash");
            return;
        }
        Path dir = Files.createTempDirectory("errseq-hostile-");
        int failed;
        try {
            failed = new HostileInputProbe(dir).run();
        } finally {
            deleteTree(dir);
        }
        System.out.flush();
        System.exit(failed == 0 ? 0 : 1);
    }

    // ---- what the table says about one call --------------------------------------------

    /** The outcome a rule demands. */
    static final class Expect {
        final String kind; // "returns", "mutates", "throws", "skip"
        final Class<? extends Throwable> type;
        final int errno;
        final String why;

        private Expect(String kind, Class<? extends Throwable> type, int errno, String why) {
            this.kind = kind;
            this.type = type;
            this.errno = errno;
            this.why = why;
        }

        /** Returns normally and changes no word, cursor or handle. */
        static Expect returns() {
            return new Expect("returns", null, 0, "");
        }

        /** Returns normally; may change the state of what it was called on (documented). */
        static Expect mutates() {
            return new Expect("mutates", null, 0, "");
        }

        /** Throws exactly {@code type} and changes nothing. */
        static Expect raises(Class<? extends Throwable> type) {
            return new Expect("throws", type, 0, "");
        }

        /** Throws exactly {@code type}, an ErrnoException carrying {@code errno}. */
        static Expect raises(Class<? extends ErrnoException> type, int errno) {
            return new Expect("throws", type, errno, "");
        }

        /** Not called, for the reason given. */
        static Expect skip(String why) {
            return new Expect("skip", null, 0, why);
        }

        @Override
        public String toString() {
            if (kind.equals("throws")) {
                return type.getSimpleName() + (errno != 0 ? " " + Errno.name(errno) : "");
            }
            return kind.equals("skip") ? "skip (" + why + ")" : kind;
        }
    }

    /** A receiver or argument: how to make it, what to call it, and what it is. */
    static final class Value {
        final String label;
        final Set<String> tags;
        final Supplier<Object> make;

        Value(String label, Supplier<Object> make, String... tags) {
            this.label = label;
            this.make = make;
            this.tags = Set.of(tags);
        }

        boolean is(String tag) {
            return tags.contains(tag);
        }
    }

    /** One call as the rules see it: the receiver and the arguments, by their tags. */
    static final class Call {
        final Value receiver; // null for static methods and constructors
        final List<Value> args;

        Call(Value receiver, List<Value> args) {
            this.receiver = receiver;
            this.args = args;
        }

        boolean receiverIs(String tag) {
            return receiver != null && receiver.is(tag);
        }

        boolean argIs(int index, String tag) {
            return args.get(index).is(tag);
        }

        boolean anyArgIs(String tag) {
            return args.stream().anyMatch(v -> v.is(tag));
        }

        String describe() {
            return (receiver == null ? "-" : receiver.label) + " | ("
                    + args.stream().map(v -> v.label).collect(Collectors.joining(", ")) + ")";
        }
    }

    interface Rule {
        Expect expect(Call call);
    }

    // ---- the expectation table: one rule per public constructor and method ---------------

    private static Map<String, Rule> rules() {
        Map<String, Rule> t = new LinkedHashMap<>();

        // dev.errseq.Errno
        t.put("Errno.name(int)", c -> Expect.returns());
        t.put("Errno.valueOf(String)", c -> c.argIs(0, "null") ? Expect.raises(NPE) : Expect.returns());

        // dev.errseq.ErrseqNative
        t.put("ErrseqNative.load()", c -> Expect.returns());
        t.put("ErrseqNative.libraryOrigin()", c -> Expect.returns());
        t.put("ErrseqNative.platformFolder()", c -> Expect.returns());

        // dev.errseq.ErrseqWord: factories refuse a null layout; any raw value is a word.
        Rule factory = c -> c.argIs(0, "null") ? Expect.raises(NPE) : Expect.returns();
        t.put("ErrseqWord.allocateNative(Layout)", factory);
        t.put("ErrseqWord.allocateNative(Layout,int)", factory);
        t.put("ErrseqWord.createJava(Layout)", factory);
        t.put("ErrseqWord.createJava(Layout,int)", factory);
        t.put("ErrseqWord.layout()", c -> Expect.returns());
        t.put("ErrseqWord.isNative()", c -> Expect.returns());
        t.put("ErrseqWord.isClosed()", c -> Expect.returns());
        t.put("ErrseqWord.toString()", c -> Expect.returns());
        t.put("ErrseqWord.close()", c -> Expect.mutates());
        // set checks its argument before the word: a bad errno is IAE even on a closed word.
        t.put("ErrseqWord.set(int)", c -> !c.argIs(0, "errno") ? Expect.raises(IAE)
                : c.receiverIs("closed") ? Expect.raises(ISE) : Expect.mutates());
        t.put("ErrseqWord.sample()", c -> open(c, Expect.mutates()));
        // An upstream word has no peek, open or closed.
        t.put("ErrseqWord.peek()", c -> c.receiverIs("upstream") ? Expect.raises(UOE)
                : open(c, Expect.mutates()));
        t.put("ErrseqWord.check(int)", c -> open(c, Expect.returns()));
        t.put("ErrseqWord.raw()", c -> open(c, Expect.returns()));
        t.put("ErrseqWord.watch()", c -> open(c, Expect.mutates()));
        t.put("ErrseqWord.watchFrom(int)", c -> open(c, Expect.returns()));
        // The cursor is checked before the word: null, then another word's.
        t.put("ErrseqWord.checkAndAdvance(ErrseqCursor)", c -> c.argIs(0, "null")
                ? Expect.raises(NPE) : c.argIs(0, "foreign") ? Expect.raises(IAE)
                : open(c, Expect.mutates()));

        // dev.errseq.ErrseqCursor
        t.put("ErrseqCursor.word()", c -> Expect.returns());
        t.put("ErrseqCursor.since()", c -> Expect.returns());
        t.put("ErrseqCursor.toString()", c -> Expect.returns());
        t.put("ErrseqCursor.check()", c -> open(c, Expect.returns()));
        t.put("ErrseqCursor.checkAndAdvance()", c -> open(c, Expect.mutates()));

        // dev.errseq.Layout
        t.put("Layout.values()", c -> Expect.returns());
        t.put("Layout.valueOf(String)", c -> enumValueOf(c, "UPSTREAM", "SPLIT"));
        for (String noArgs : List.of("reportedBit", "observedBit", "flagMask",
                "counterIncrement", "counterMask")) {
            t.put("Layout." + noArgs + "()", c -> Expect.returns());
        }
        for (String anyInt : List.of("errnoOf", "counterOf", "isReported", "isObserved",
                "describe")) {
            t.put("Layout." + anyInt + "(int)", c -> Expect.returns());
        }

        // dev.errseq.fs exceptions: a real errno (1..4095, either sign), non-null strings.
        Rule errnoException = c -> c.argIs(0, "null") || c.argIs(1, "null") ? Expect.raises(NPE)
                : !c.argIs(2, "errno") && !c.argIs(2, "positive-errno") ? Expect.raises(IAE)
                : Expect.returns();
        t.put("FsUsageException.<init>(String,String,int)", errnoException);
        t.put("WritebackErrorException.<init>(String,String,int)", errnoException);
        // The explanation is checked with the other strings, before the errno.
        t.put("FsUsageException.<init>(String,String,int,String)", c -> c.argIs(0, "null")
                || c.argIs(1, "null") || c.argIs(3, "null") ? Expect.raises(NPE)
                : !c.argIs(2, "errno") && !c.argIs(2, "positive-errno") ? Expect.raises(IAE)
                : Expect.returns());
        for (String accessor : List.of("errno", "errnoName", "operation", "path")) {
            t.put("ErrnoException." + accessor + "()", c -> Expect.returns());
        }

        // dev.errseq.fs.FileSyncs on the JDK's own files.
        for (String sync : List.of("syncfs", "fsync", "fdatasync")) {
            // /dev/null: syncfs syncs its filesystem; fsync and fdatasync are EINVAL there.
            Expect onDevNull = sync.equals("syncfs") ? Expect.returns()
                    : Expect.raises(FsUsageException.class, Errno.EINVAL);
            t.put("FileSyncs." + sync + "(FileChannel)", c -> c.argIs(0, "null") ? Expect.raises(NPE)
                    : c.argIs(0, "otherfs") ? Expect.raises(IAE)
                    : c.argIs(0, "devnull") ? onDevNull
                    : Expect.raises(FsUsageException.class, Errno.EBADF));
            t.put("FileSyncs." + sync + "(FileDescriptor)", c -> c.argIs(0, "null")
                    ? Expect.raises(NPE) : c.argIs(0, "devnull") ? onDevNull
                    : Expect.raises(FsUsageException.class, Errno.EBADF));
        }

        // dev.errseq.fs.FsHandle
        t.put("FsHandle.open(Path)", c -> c.argIs(0, "null") ? Expect.raises(NPE)
                : c.argIs(0, "otherfs") ? Expect.raises(IAE)
                : c.argIs(0, "nul") ? Expect.raises(InvalidPathException.class)
                : c.argIs(0, "missing") || c.argIs(0, "relative")
                        ? Expect.raises(FsUsageException.class, Errno.ENOENT)
                : c.argIs(0, "notdir") ? Expect.raises(FsUsageException.class, Errno.ENOTDIR)
                : c.argIs(0, "toolong") ? Expect.raises(FsUsageException.class, Errno.ENAMETOOLONG)
                : Expect.returns());
        t.put("FsHandle.path()", c -> Expect.returns());
        t.put("FsHandle.isClosed()", c -> Expect.returns());
        t.put("FsHandle.toString()", c -> Expect.returns());
        t.put("FsHandle.close()", c -> Expect.mutates());
        for (String sync : List.of("syncfs", "fsync", "fdatasync", "fsType")) {
            t.put("FsHandle." + sync + "()", c -> open(c, Expect.returns()));
        }
        String mine = "never on an open handle: it would act on the machine's own filesystem";
        t.put("FsHandle.shutdown(ShutdownMode)", c -> c.argIs(0, "null") ? Expect.raises(NPE)
                : open(c, Expect.skip(mine)));
        t.put("FsHandle.freeze()", c -> open(c, Expect.skip(mine)));
        t.put("FsHandle.thaw()", c -> open(c, Expect.skip(mine)));

        // dev.errseq.fs.FsType: a plain record; any magic and any name, null included.
        t.put("FsType.<init>(long,String)", c -> Expect.returns());
        t.put("FsType.of(long)", c -> Expect.returns());
        for (String accessor : List.of("magic()", "name()", "isOverlay()", "toString()",
                "hashCode()", "equals(Object)")) {
            t.put("FsType." + accessor, c -> Expect.returns());
        }

        // dev.errseq.fs.ShutdownMode
        t.put("ShutdownMode.values()", c -> Expect.returns());
        t.put("ShutdownMode.valueOf(String)",
                c -> enumValueOf(c, "DEFAULT", "LOGFLUSH", "NOLOGFLUSH"));
        t.put("ShutdownMode.flags()", c -> Expect.returns());
        overlayRules(t);
        traceRules(t);
        return t;
    }

    /** A recorded mountinfo line of an ext3 root and one of a volatile overlay. */
    static final String EXT3_LINE =
            "36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue";
    static final String OVERLAY_LINE = "90 29 0:50 / /merged\\040dir rw,relatime shared:40"
            + " - overlay overlay rw,lowerdir=/l1:/l\\\\:2::/data,upperdir=/u,workdir=/w,volatile";

    /**
     * dev.errseq.overlay. The NUL Path is a proxy that answers only getFileSystem, toString,
     * hashCode and equals: a method that asks it anything else (isAbsolute, toRealPath,
     * toAbsolutePath) gets its UnsupportedOperationException, which is all the probe can see.
     */
    private static void overlayRules(Map<String, Rule> t) {
        // MountInfo: a record; the canonical constructor refuses null strings, path and lists.
        t.put("MountInfo.<init>(int,int,String,String,Path,List,List,String,String,List)",
                c -> c.anyArgIs("null") || c.anyArgIs("null-element") ? Expect.raises(NPE)
                        : Expect.returns());
        t.put("MountInfo.parse(String)", c -> c.argIs(0, "null") ? Expect.raises(NPE)
                : c.argIs(0, "mountinfo") ? Expect.returns() : Expect.raises(IAE));
        for (String query : List.of("superOption", "superOptionValues", "hasSuperFlag")) {
            t.put("MountInfo." + query + "(String)",
                    c -> c.argIs(0, "null") ? Expect.raises(NPE) : Expect.returns());
        }
        for (String accessor : List.of("mountId", "parentId", "device", "root", "mountPoint",
                "mountOptions", "optionalFields", "fsType", "source", "superOptions",
                "toString", "hashCode")) {
            t.put("MountInfo." + accessor + "()", c -> Expect.returns());
        }
        t.put("MountInfo.equals(Object)", c -> Expect.returns());

        // MountTable: parse refuses what is not mountinfo; blank text is an empty table.
        t.put("MountTable.parse(String)", c -> c.argIs(0, "null") ? Expect.raises(NPE)
                : c.argIs(0, "mountinfo") || c.argIs(0, "blank") ? Expect.returns()
                : Expect.raises(IAE));
        t.put("MountTable.read()", c -> Expect.returns());
        t.put("MountTable.mounts()", c -> Expect.returns());
        t.put("MountTable.toString()", c -> Expect.returns());
        // Only absolute paths; a path of another filesystem is a prefix of no mount point.
        t.put("MountTable.mountHolding(Path)", c -> c.argIs(0, "null") ? Expect.raises(NPE)
                : c.argIs(0, "nul") ? Expect.raises(UOE)
                : c.argIs(0, "relative") ? Expect.raises(IAE) : Expect.returns());

        // OverlayMount
        t.put("OverlayMount.of(MountInfo)", c -> c.argIs(0, "null") ? Expect.raises(NPE)
                : c.argIs(0, "overlay") ? Expect.returns() : Expect.raises(IAE));
        Rule holding = c -> c.argIs(0, "null") ? Expect.raises(NPE)
                : c.argIs(0, "nul") ? Expect.raises(UOE)
                : c.argIs(0, "missing") || c.argIs(0, "relative")
                        ? Expect.raises(NoSuchFileException.class)
                : c.argIs(0, "notdir") || c.argIs(0, "toolong")
                        ? Expect.raises(FileSystemException.class)
                : null;
        // The probe's files are on no overlay (nor is jrt:/): an empty answer.
        t.put("OverlayMount.holding(Path)", c -> {
            Expect e = holding.expect(c);
            return e != null ? e : Expect.returns();
        });
        for (String accessor : List.of("mountInfo", "mountPoint", "lowerDirs", "dataDirs",
                "upperDir", "workDir", "isVolatile", "toString")) {
            t.put("OverlayMount." + accessor + "()", c -> Expect.returns());
        }

        // ErrorGuard and ErrseqWordGuard: the guard consumes nothing; once failed, check
        // throws the word's errno. A guard whose word was closed before it failed: ISE.
        for (String owner : List.of("ErrorGuard", "ErrseqWordGuard")) {
            t.put(owner + ".hasFailed()", c -> open(c, Expect.returns()));
            t.put(owner + ".check()", c -> open(c, c.receiverIs("failed")
                    ? Expect.raises(WritebackErrorException.class, Errno.EIO) : Expect.returns()));
        }
        t.put("ErrseqWordGuard.startingPoint()", c -> Expect.returns());
        t.put("ErrseqWordGuard.toString()", c -> Expect.returns());
        // null word, null name, then the layout (an upstream word, even closed), then closed.
        t.put("ErrseqWordGuard.watch(ErrseqWord,String)", c -> c.anyArgIs("null")
                ? Expect.raises(NPE) : c.argIs(0, "upstream") ? Expect.raises(IAE)
                : c.argIs(0, "closed") ? Expect.raises(ISE) : Expect.mutates());

        // VolatileDirtyMarker on the probe's own directories (no overlay, no mount).
        t.put("VolatileDirtyMarker.of(Path)",
                c -> c.argIs(0, "null") ? Expect.raises(NPE) : Expect.returns());
        for (String accessor : List.of("workDir", "volatileDir", "dirtyFile", "isPresent",
                "blocksMount", "toString")) {
            t.put("VolatileDirtyMarker." + accessor + "()", c -> Expect.returns());
        }
        t.put("VolatileDirtyMarker.isFromEarlierBoot()", c -> c.receiverIs("absent")
                ? Expect.raises(NoSuchFileException.class) : Expect.returns());
        // No marker: false, whatever the (non-null) path. A marker of this boot: the upper
        // must be on the workdir's filesystem; then syncfs, and the marker is removed.
        t.put("VolatileDirtyMarker.recover(Path)", c -> c.argIs(0, "null") ? Expect.raises(NPE)
                : c.receiverIs("absent") ? Expect.returns()
                : c.argIs(0, "nul") ? Expect.raises(java.nio.file.ProviderMismatchException.class)
                : c.argIs(0, "otherfs") ? Expect.raises(IAE)
                : c.argIs(0, "missing") || c.argIs(0, "relative")
                        ? Expect.raises(NoSuchFileException.class)
                : c.argIs(0, "notdir") || c.argIs(0, "toolong")
                        ? Expect.raises(FileSystemException.class)
                : Expect.mutates());

        // The refusals: accessors of exceptions made through their package-private
        // constructors (no mount refused here).
        t.put("VolatileMountRefusedException.upperDir()", c -> Expect.returns());
        t.put("VolatileMountRefusedException.workDir()", c -> Expect.returns());
        t.put("DirtyWorkdirException.marker()", c -> Expect.returns());
        t.put("MarkerFromEarlierBootException.marker()", c -> Expect.returns());

        // VolatileOverlayGuard.watch: as OverlayMount.holding, then no overlay holds any of
        // the probe's paths: IllegalArgumentException.
        t.put("VolatileOverlayGuard.watch(Path)", c -> {
            Expect e = holding.expect(c);
            return e != null ? e : Expect.raises(IAE);
        });
        // The probe never mounts: its VolatileOverlay and VolatileOverlayGuard are closed ones
        // (what close() leaves), made through their private constructors. The open ones are
        // VolatileOverlayMountTest's and VolatileOverlayGuardTest's, on overlays they mount.
        for (String method : List.of("lowerDirs()", "upperDir()", "workDir()", "target()",
                "dirtyMarker()", "isMounted()", "toString()")) {
            t.put("VolatileOverlay." + method, c -> Expect.returns());
        }
        // A second close or detach does nothing; no overlay holds the old mount point.
        t.put("VolatileOverlay.close()", c -> Expect.returns());
        t.put("VolatileOverlay.detach()", c -> Expect.returns());
        t.put("VolatileOverlay.guard()", c -> Expect.raises(IAE));
        t.put("VolatileOverlayGuard.overlay()", c -> Expect.returns());
        t.put("VolatileOverlayGuard.toString()", c -> Expect.returns());
        t.put("VolatileOverlayGuard.close()", c -> Expect.returns());
        t.put("VolatileOverlayGuard.hasFailed()", c -> open(c, Expect.returns()));
        t.put("VolatileOverlayGuard.check()", c -> open(c, Expect.returns()));
        // VolatileOverlay.mount is called only when some argument is sure to be refused
        // before a superblock is made: Java's checks in the order lower, upper, work, target
        // (null, an empty list, a null layer, a list of Strings, the NUL proxy), then
        // mount(2)'s lookups: the target's, then the layers' in option order. Calls with
        // nothing but existing files and directories are not made: they could mount.
        t.put("VolatileOverlay.mount(Path,Path,Path,Path)", c -> mountExpect(c));
        t.put("VolatileOverlay.mount(List,Path,Path,Path)", c -> mountExpect(c));
        probeRules(t, holding);
    }

    /**
     * UnseenErrorProbe and what it returns and throws. probe and watch are called only where
     * they refuse before mounting: Java's checks (null, another provider, the NUL proxy at
     * toRealPath, a file), then the lookup, as OverlayMount.holding. On a directory they would
     * mount on the machine's own filesystem: UnseenErrorProbeTest probes its own tmpfs.
     */
    private static void probeRules(Map<String, Rule> t, Rule holding) {
        for (String entry : List.of("probe(Path)", "watch(Path)")) {
            t.put("UnseenErrorProbe." + entry, c -> {
                if (c.argIs(0, "otherfs")) {
                    return Expect.raises(IAE);
                }
                Expect e = holding.expect(c);
                return e != null ? e : c.argIs(0, "baseline")
                        ? Expect.skip("it would mount on the machine's own filesystem")
                        : Expect.raises(java.nio.file.NotDirectoryException.class);
            });
        }
        t.put("UnseenErrorProbe.cleanStale()", c -> Expect.returns());
        t.put("UnseenErrorProbe.runtimeDirectory()", c -> Expect.returns());
        t.put("UnseenErrorProbe.toString()", c -> Expect.returns());
        // ProbeResult: a record that refuses a null path or filesystem.
        t.put("ProbeResult.<init>(Path,boolean,MountInfo)", c -> c.anyArgIs("null")
                ? Expect.raises(NPE) : Expect.returns());
        for (String accessor : List.of("directory()", "unseenError()", "filesystem()",
                "fsType()", "device()", "mountPoint()", "toString()", "hashCode()",
                "equals(Object)")) {
            t.put("ProbeResult." + accessor, c -> Expect.returns());
        }
        for (String accessor : List.of("reason()", "directory()", "errno()")) {
            t.put("CannotProbeException." + accessor, c -> Expect.returns());
        }
        t.put("Reason.values()", c -> Expect.returns());
        t.put("Reason.valueOf(String)", c -> enumValueOf(c, Stream.of(
                CannotProbeException.Reason.values()).map(Enum::name).toArray(String[]::new)));
        // The watch here is a closed one: a second close does nothing, the rest throws.
        for (String accessor : List.of("directory()", "filesystem()", "isArmed()",
                "toString()", "close()")) {
            t.put("UnseenErrorWatch." + accessor, c -> Expect.returns());
        }
        for (String call : List.of("hasFailed()", "check()", "rearm()")) {
            t.put("UnseenErrorWatch." + call, c -> open(c, Expect.returns()));
        }
    }

    /** Whether the probe runs as root: then a monitor really starts (and is closed again). */
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    /** The int a value of the int pool holds. */
    private static int intOf(Value v) {
        return Integer.parseInt(v.label.substring("int ".length()));
    }

    /**
     * dev.errseq.trace. Monitors start only as root (a real private instance, closed after
     * each call); otherwise starting throws NotRootException and there are no monitor
     * receivers. take() on a running monitor would wait for an event forever: skipped.
     */
    private static void traceRules(Map<String, Rule> t) {
        Expect started = ROOT ? Expect.mutates() : Expect.raises(NotRootException.class);
        t.put("WritebackErrorMonitor.start()", c -> started);
        t.put("WritebackErrorMonitor.builder()", c -> Expect.returns());
        t.put("WritebackErrorMonitor.start(Collection)", c -> c.argIs(0, "null")
                || c.argIs(0, "null-element") ? Expect.raises(NPE)
                : c.argIs(0, "otherfs") ? Expect.raises(IAE)
                : !ROOT ? Expect.raises(NotRootException.class)
                : c.argIs(0, "missing") ? Expect.raises(NoSuchFileException.class) : started);
        t.put("WritebackErrorMonitor.flush(Duration)", c -> c.argIs(0, "null")
                ? Expect.raises(NPE) : open(c, Expect.returns()));
        t.put("WritebackErrorMonitor.poll(Duration)", c -> c.argIs(0, "null")
                ? Expect.raises(NPE) : c.receiverIs("listener") ? Expect.raises(ISE)
                : Expect.returns());
        t.put("WritebackErrorMonitor.take()", c -> c.receiverIs("listener")
                || c.receiverIs("closed") ? Expect.raises(ISE)
                : Expect.skip("waits for an event forever"));
        t.put("WritebackErrorMonitor.stream()", c -> c.receiverIs("listener")
                ? Expect.raises(ISE) : Expect.returns());
        for (String accessor : List.of("statistics", "filesystems", "instanceDirectory",
                "isRunning", "toString")) {
            t.put("WritebackErrorMonitor." + accessor + "()", c -> Expect.returns());
        }
        t.put("WritebackErrorMonitor.close()", c -> Expect.mutates());
        t.put("Builder.filesystemsOf(Collection)", c -> c.argIs(0, "null")
                || c.argIs(0, "null-element") ? Expect.raises(NPE)
                : c.argIs(0, "otherfs") ? Expect.raises(IAE) : Expect.mutates());
        t.put("Builder.listener(Consumer)", c -> c.argIs(0, "null")
                ? Expect.raises(NPE) : Expect.mutates());
        t.put("Builder.bufferKb(int)", c -> intOf(c.args.get(0)) < 4
                ? Expect.raises(IAE) : Expect.mutates());
        t.put("Builder.queueCapacity(int)", c -> intOf(c.args.get(0)) < 1
                ? Expect.raises(IAE) : Expect.mutates());
        t.put("Builder.start()", c -> started);

        // DeviceNumber: major 0..4095, minor 0..2^20-1, in either encoding.
        t.put("DeviceNumber.<init>(int,int)", c -> intOf(c.args.get(0)) < 0
                || intOf(c.args.get(0)) > 0xfff || intOf(c.args.get(1)) < 0
                || intOf(c.args.get(1)) > 0xfffff ? Expect.raises(IAE) : Expect.returns());
        // Of the long pool only 0 fits (MAX_VALUE and -1 have high bits either way).
        Rule onlyZero = c -> c.args.get(0).label.equals("long 0") ? Expect.returns()
                : Expect.raises(IAE);
        t.put("DeviceNumber.fromKernel(long)", onlyZero);
        t.put("DeviceNumber.fromUser(long)", onlyZero);
        t.put("DeviceNumber.parse(String)", c -> c.argIs(0, "null") ? Expect.raises(NPE)
                : Expect.raises(IAE));
        for (String accessor : List.of("major()", "minor()", "kernelEncoding()", "toString()",
                "hashCode()", "equals(Object)")) {
            t.put("DeviceNumber." + accessor, c -> Expect.returns());
        }

        // The records refuse null components, and take any number.
        Rule nonNull = c -> c.anyArgIs("null") ? Expect.raises(NPE) : Expect.returns();
        t.put("TracedFilesystem.<init>(DeviceNumber,Path,String,String,Optional)", nonNull);
        t.put("WordSetEvent.<init>(long,int,int,String,DeviceNumber,long,Optional,boolean,int)",
                nonNull);
        t.put("CursorAdvanceEvent.<init>(long,int,int,String,DeviceNumber,long,Optional,"
                + "boolean,String,int,int)", nonNull);
        t.put("MonitorStatistics.<init>(long,long,long,long,long,long)", nonNull);
        t.put("ReplayResult.<init>(int,int,List,int)", c -> c.argIs(2, "null")
                || c.argIs(2, "null-element") ? Expect.raises(NPE) : Expect.returns());
        List<String> common = List.of("timestampNanos", "cpu", "pid", "comm", "device", "inode",
                "filesystem", "onBlockDevice");
        for (String accessor : common) {
            t.put("WritebackErrorEvent." + accessor + "()", c -> Expect.returns());
        }
        Map<String, List<String>> accessors = Map.of(
                "TracedFilesystem", List.of("device", "mountPoint", "fsType", "source",
                        "blockDevice"),
                "WordSetEvent", concat(common, List.of("wordBefore", "errnoBefore",
                        "seenBefore", "counterBefore")),
                "CursorAdvanceEvent", concat(common, List.of("file", "oldCursor", "newCursor",
                        "reportedErrno")),
                "MonitorStatistics", List.of("lostInKernel", "lostReported", "undelivered",
                        "listenerFailures", "unparsed", "delivered", "missed"),
                "ReplayResult", List.of("tracedWords", "reproduced", "differences",
                        "unrevealedSets", "exact"));
        accessors.forEach((type, names) -> {
            for (String name : concat(names, List.of("toString", "hashCode"))) {
                t.put(type + "." + name + "()", c -> Expect.returns());
            }
            t.put(type + ".equals(Object)", c -> Expect.returns());
        });
        t.put("NotRootException.effectiveUid()", c -> Expect.returns());
        t.put("TraceEventsMissingException.missingEvents()", c -> Expect.returns());

        // Replay: the list first (null, null events, events that are not events), then the
        // model's supplier and what it makes.
        t.put("TraceReplay.replay(List,Supplier)", c -> c.argIs(0, "null")
                ? Expect.raises(NPE) : c.argIs(1, "null") ? Expect.raises(NPE)
                : c.argIs(0, "null-element") ? Expect.raises(NPE)
                : c.argIs(0, "strings") || c.argIs(0, "missing")
                        ? Expect.raises(ClassCastException.class)
                : c.argIs(1, "makes-null") ? Expect.raises(NPE) : Expect.returns());
        t.put("TraceReplay.ofInode(List,DeviceNumber,long)", c -> c.argIs(0, "null")
                || c.argIs(1, "null") || c.argIs(0, "null-element") ? Expect.raises(NPE)
                : c.argIs(0, "strings") || c.argIs(0, "missing")
                        ? Expect.raises(ClassCastException.class) : Expect.returns());
        t.put("WordModel.of(ErrseqWord)", c -> c.argIs(0, "null") ? Expect.raises(NPE)
                : !c.argIs(0, "upstream") ? Expect.raises(IAE)
                : c.argIs(0, "closed") ? Expect.raises(ISE) : Expect.returns());
        t.put("WordModel.raw()", c -> open(c, Expect.returns()));
        t.put("WordModel.set(int)", c -> !c.argIs(0, "errno") ? Expect.raises(IAE)
                : open(c, Expect.mutates()));
        t.put("WordModel.checkAndAdvance(int)", c -> open(c, Expect.mutates()));

        // NewErrorTracker: a timeout not negative; events in any order; nothing consumed.
        t.put("NewErrorTracker.<init>(Duration)", c -> c.argIs(0, "null") ? Expect.raises(NPE)
                : c.args.get(0).label.equals("-1 s") ? Expect.raises(IAE) : Expect.returns());
        t.put("NewErrorTracker.startsNewError(WordSetEvent)", c -> c.argIs(0, "null")
                ? Expect.raises(NPE) : Expect.returns());
        t.put("NewErrorTracker.accept(WritebackErrorEvent)", c -> c.argIs(0, "null")
                ? Expect.raises(NPE) : Expect.mutates());
        t.put("NewErrorTracker.expire(long)", c -> Expect.mutates());
        t.put("NewErrorTracker.drain()", c -> Expect.mutates());
        t.put("NewErrorTracker.pending()", c -> Expect.returns());
        // NewWritebackError: an errno 1..4095 with the event that revealed it, or 0 without.
        t.put("NewWritebackError.<init>(WordSetEvent,int,Optional)", c -> c.argIs(0, "null")
                || c.argIs(2, "null") ? Expect.raises(NPE)
                : intOf(c.args.get(1)) < 0 || intOf(c.args.get(1)) > 4095
                        || (intOf(c.args.get(1)) == 0) != c.args.get(2).label.equals("Optional.empty()")
                        ? Expect.raises(IAE) : Expect.returns());
        for (String accessor : List.of("set()", "errno()", "revealedBy()", "revealed()",
                "errnoName()", "toString()", "hashCode()", "equals(Object)")) {
            t.put("NewWritebackError." + accessor, c -> Expect.returns());
        }

        // InodePaths: the event or path, then the bound; the probe's files are small.
        t.put("InodePaths.find(WritebackErrorEvent,int)", c -> c.argIs(0, "null")
                ? Expect.raises(NPE) : intOf(c.args.get(1)) < 1 ? Expect.raises(IAE)
                : Expect.returns());
        t.put("InodePaths.find(Path,long,int)", c -> c.argIs(0, "null") ? Expect.raises(NPE)
                : c.argIs(0, "otherfs") || intOf(c.args.get(2)) < 1 ? Expect.raises(IAE)
                : c.argIs(0, "nul") ? Expect.raises(java.nio.file.ProviderMismatchException.class)
                : Expect.returns());
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static Expect mountExpect(Call c) {
        for (Value v : c.args) {
            if (v.is("null") || v.is("null-element")) {
                return Expect.raises(NPE);
            }
            if (v.is("empty")) {
                return Expect.raises(IAE);
            }
            if (v.is("strings")) {
                return Expect.raises(ClassCastException.class);
            }
            if (v.is("nul")) {
                return Expect.raises(UOE);
            }
        }
        List<Value> kernelOrder = new ArrayList<>();
        kernelOrder.add(c.args.get(3));
        kernelOrder.addAll(c.args.subList(0, 3));
        for (Value v : kernelOrder) {
            // jrt:/'s "/modules" is taken as that path of the default filesystem: missing.
            if (v.is("missing") || v.is("relative") || v.is("otherfs")) {
                return Expect.raises(FsUsageException.class, Errno.ENOENT);
            }
            if (v.is("notdir")) {
                return Expect.raises(FsUsageException.class, Errno.ENOTDIR);
            }
            if (v.is("toolong")) {
                return Expect.raises(FsUsageException.class, Errno.ENAMETOOLONG);
            }
        }
        return Expect.skip("only existing files and directories: it could really mount;"
                + " VolatileOverlayMountTest mounts in its own fixtures");
    }

    /** {@code onOpen}, or IllegalStateException when the receiver is closed. */
    private static Expect open(Call c, Expect onOpen) {
        return c.receiverIs("closed") ? Expect.raises(ISE) : onOpen;
    }

    private static Expect enumValueOf(Call c, String... names) {
        if (c.argIs(0, "null")) {
            return Expect.raises(NPE);
        }
        return Arrays.asList(names).contains(c.args.get(0).label.replace("\"", ""))
                ? Expect.returns() : Expect.raises(IAE);
    }

    // ---- hostile values, by parameter type -----------------------------------------------

    private Map<Class<?>, List<Value>> argumentPools() {
        Map<Class<?>, List<Value>> pools = new LinkedHashMap<>();
        List<Value> ints = new ArrayList<>();
        for (int v : new int[] {Integer.MIN_VALUE, -4096, -4095, -1, 0, 1, 4095, 4096,
            Integer.MAX_VALUE}) {
            String tag = v >= -4095 && v <= -1 ? "errno" : v >= 1 && v <= 4095 ? "positive-errno"
                    : "not-errno";
            ints.add(v == 1 ? new Value("int " + v, () -> v, tag, "baseline")
                    : new Value("int " + v, () -> v, tag));
        }
        pools.put(int.class, ints);
        List<Value> longs = new ArrayList<>();
        for (long v : new long[] {Long.MIN_VALUE, -1, 0, Long.MAX_VALUE}) {
            longs.add(v == 0 ? new Value("long " + v, () -> v, "baseline")
                    : new Value("long " + v, () -> v));
        }
        pools.put(long.class, longs);
        pools.put(String.class, List.of(
                new Value("null", () -> null, "null"),
                new Value("\"\"", () -> "", "blank"),
                new Value("\"\\0\"", () -> "\0"),
                new Value("\"E\\0IO\"", () -> "E\0IO"),
                new Value("\"EIO\"", () -> "EIO", "baseline"),
                new Value("a mountinfo line", () -> EXT3_LINE, "mountinfo"),
                new Value("\"x\" * 65536", () -> "x".repeat(65536))));
        pools.put(boolean.class, List.of(
                new Value("true", () -> true, "baseline"),
                new Value("false", () -> false)));
        pools.put(Object.class, List.of(
                new Value("null", () -> null, "null"),
                new Value("a String", () -> "ext4"),
                new Value("an Object", Object::new)));
        pools.put(Layout.class, List.of(
                new Value("null", () -> null, "null"),
                new Value("UPSTREAM", () -> Layout.UPSTREAM),
                new Value("SPLIT", () -> Layout.SPLIT)));
        pools.put(ShutdownMode.class, List.of(
                new Value("null", () -> null, "null"),
                new Value("DEFAULT", () -> ShutdownMode.DEFAULT),
                new Value("LOGFLUSH", () -> ShutdownMode.LOGFLUSH),
                new Value("NOLOGFLUSH", () -> ShutdownMode.NOLOGFLUSH)));
        pools.put(ErrseqCursor.class, List.of(
                new Value("null", () -> null, "null"),
                new Value("a cursor of another word", () -> ErrseqWord.createJava(Layout.SPLIT,
                        SPLIT_RAW).watchFrom(0), "foreign"),
                new Value("a cursor of another, closed word", () -> {
                    ErrseqWord other = ErrseqWord.allocateNative(Layout.UPSTREAM, UPSTREAM_RAW);
                    ErrseqCursor cursor = other.watch();
                    other.close();
                    return cursor;
                }, "foreign")));
        pools.put(Path.class, List.of(
                new Value("null", () -> null, "null"),
                new Value("a missing path", () -> dir.resolve("missing"), "missing"),
                new Value("a path below a regular file", () -> regularFile.resolve("child"),
                        "notdir"),
                new Value("a regular file", () -> regularFile),
                new Value("a directory", () -> dir.resolve("directory"), "baseline"),
                new Value("a relative path", () -> Paths.get("relative-missing", "child"),
                        "relative"),
                new Value("a path of another filesystem (jrt:/)", () -> FileSystems
                        .getFileSystem(URI.create("jrt:/")).getPath("/modules"), "otherfs"),
                new Value("a Path spelled with a NUL", () -> nulPath(regularFile + "\0tail"),
                        "nul"),
                new Value("a 300-character name", () -> dir.resolve("n".repeat(300)),
                        "toolong")));
        pools.put(FileChannel.class, List.of(
                new Value("null", () -> null, "null"),
                new Value("a closed FileChannel", () -> {
                    FileChannel channel = openChannel(regularFile);
                    closeQuietly(channel);
                    return channel;
                }, "closed"),
                new Value("a FileChannel of a zip filesystem", () -> openChannel(
                        zip.getPath("/entry")), "otherfs"),
                new Value("a FileChannel on /dev/null", () -> openChannel(Paths.get("/dev/null")),
                        "devnull")));
        pools.put(FileDescriptor.class, List.of(
                new Value("null", () -> null, "null"),
                new Value("an unset FileDescriptor", FileDescriptor::new, "badfd"),
                new Value("FileDescriptor fd -2", () -> descriptor(-2), "badfd"),
                new Value("FileDescriptor fd 987654 (not open)", () -> descriptor(987654),
                        "badfd"),
                new Value("FileDescriptor fd MAX_VALUE", () -> descriptor(Integer.MAX_VALUE),
                        "badfd"),
                new Value("a FileDescriptor on /dev/null", HostileInputProbe::devNull,
                        "devnull")));
        pools.put(List.class, List.of(
                new Value("null", () -> null, "null"),
                new Value("an empty List", List::of, "empty", "baseline"),
                new Value("a List holding null", () -> Arrays.asList((Object) null),
                        "null-element"),
                new Value("a List of Strings", () -> List.of("rw", "noatime"), "strings"),
                new Value("a List of a missing path", () -> List.of(dir.resolve("missing")),
                        "missing")));
        pools.put(ErrseqWord.class, List.of(
                new Value("null", () -> null, "null"),
                new Value("native SPLIT word", () -> ErrseqWord.allocateNative(Layout.SPLIT,
                        SPLIT_RAW)),
                new Value("java SPLIT word", () -> ErrseqWord.createJava(Layout.SPLIT,
                        SPLIT_RAW)),
                new Value("closed native SPLIT word", () -> closed(ErrseqWord.allocateNative(
                        Layout.SPLIT, SPLIT_RAW)), "closed"),
                new Value("native UPSTREAM word", () -> ErrseqWord.allocateNative(
                        Layout.UPSTREAM, UPSTREAM_RAW), "upstream"),
                new Value("closed java UPSTREAM word", () -> closed(ErrseqWord.createJava(
                        Layout.UPSTREAM, UPSTREAM_RAW)), "upstream", "closed")));
        tracePools(pools);
        pools.put(MountInfo.class, List.of(
                new Value("null", () -> null, "null"),
                new Value("an ext3 MountInfo", () -> MountInfo.parse(EXT3_LINE)),
                new Value("an overlay MountInfo", () -> MountInfo.parse(OVERLAY_LINE),
                        "overlay")));
        return pools;
    }

    /** A traced filesystem and events of the probe's directory (no real trace needed). */
    private TracedFilesystem tracedFilesystem() {
        return new TracedFilesystem(new DeviceNumber(7, 0), dir, "ext4", "/dev/loop0",
                Optional.of(new DeviceNumber(7, 0)));
    }

    private WordSetEvent setEvent() {
        return new WordSetEvent(1_000, 0, 22, "ksoftirqd/0", new DeviceNumber(7, 0), 12,
                Optional.of(tracedFilesystem()), false, 0x1c);
    }

    private CursorAdvanceEvent advanceEvent() {
        return new CursorAdvanceEvent(2_000, 1, 4711, "java", new DeviceNumber(7, 0), 12,
                Optional.of(tracedFilesystem()), false, "00000000c734aebf", 0, 0x101c);
    }

    private void tracePools(Map<Class<?>, List<Value>> pools) {
        pools.put(boolean.class, List.of(
                new Value("false", () -> false, "baseline"),
                new Value("true", () -> true)));
        pools.put(DeviceNumber.class, List.of(
                new Value("null", () -> null, "null"),
                new Value("7:0", () -> new DeviceNumber(7, 0), "baseline"),
                new Value("0:3", () -> new DeviceNumber(0, 3))));
        pools.put(Optional.class, List.of(
                new Value("null", () -> null, "null"),
                new Value("Optional.empty()", Optional::empty, "baseline"),
                new Value("Optional of a filesystem", () -> Optional.of(tracedFilesystem()))));
        pools.put(Collection.class, List.of(
                new Value("null", () -> null, "null"),
                new Value("an empty List", List::of, "empty"),
                new Value("a List holding null", () -> Arrays.asList((Object) null),
                        "null-element"),
                new Value("a List of a missing path", () -> List.of(dir.resolve("missing")),
                        "missing"),
                new Value("a List of a path of another filesystem (jrt:/)", () -> List.of(
                        FileSystems.getFileSystem(URI.create("jrt:/")).getPath("/modules")),
                        "otherfs"),
                new Value("a List of a directory", () -> List.of(dir.resolve("directory")))));
        pools.put(Consumer.class, List.of(
                new Value("null", () -> null, "null"),
                new Value("a Consumer", () -> (Consumer<Object>) e -> { })));
        pools.put(Duration.class, List.of(
                new Value("null", () -> null, "null"),
                new Value("-1 s", () -> Duration.ofSeconds(-1)),
                new Value("0", () -> Duration.ZERO),
                new Value("10 ms", () -> Duration.ofMillis(10))));
        pools.put(Supplier.class, List.of(
                new Value("null", () -> null, "null"),
                new Value("a Supplier of null", () -> (Supplier<Object>) () -> null,
                        "makes-null"),
                new Value("a Supplier of a Java-twin model", () -> (Supplier<WordModel>)
                        () -> WordModel.of(ErrseqWord.createJava(Layout.UPSTREAM)))));
        pools.put(WordSetEvent.class, List.of(
                new Value("null", () -> null, "null"),
                new Value("a set event", this::setEvent)));
        pools.put(WritebackErrorEvent.class, List.of(
                new Value("null", () -> null, "null"),
                new Value("a set event", this::setEvent),
                new Value("a cursor event", this::advanceEvent),
                new Value("a block-device event", () -> new WordSetEvent(3_000, 0, 9, "k",
                        new DeviceNumber(0, 3), 0x700000, Optional.of(tracedFilesystem()), true,
                        0))));
    }

    // ---- receivers, by declaring class -----------------------------------------------------

    private Map<Class<?>, List<Value>> receivers() {
        Map<Class<?>, List<Value>> receivers = new LinkedHashMap<>();
        List<Value> words = new ArrayList<>();
        List<Value> cursors = new ArrayList<>();
        for (String impl : List.of("native", "java")) {
            for (Layout layout : Layout.values()) {
                String tag = layout == Layout.UPSTREAM ? "upstream" : "split";
                int raw = layout == Layout.UPSTREAM ? UPSTREAM_RAW : SPLIT_RAW;
                Supplier<ErrseqWord> word = () -> impl.equals("native")
                        ? ErrseqWord.allocateNative(layout, raw) : ErrseqWord.createJava(layout, raw);
                String name = impl + " " + layout + " word";
                words.add(new Value(name, word::get, tag));
                words.add(new Value("closed " + name, () -> closed(word.get()), tag, "closed"));
                cursors.add(new Value("cursor on a " + name, () -> word.get().watchFrom(0), tag));
                cursors.add(new Value("cursor on a closed " + name, () -> {
                    ErrseqWord w = word.get();
                    ErrseqCursor cursor = w.watchFrom(0);
                    w.close();
                    return cursor;
                }, tag, "closed"));
            }
        }
        receivers.put(ErrseqWord.class, words);
        receivers.put(ErrseqCursor.class, cursors);
        receivers.put(FsHandle.class, List.of(
                new Value("an open FsHandle on a regular file", () -> openHandle(regularFile)),
                new Value("a closed FsHandle", () -> {
                    FsHandle handle = openHandle(regularFile);
                    closeQuietly(handle);
                    return handle;
                }, "closed")));
        receivers.put(FsType.class, List.of(
                new Value("FsType.of(EXT4_MAGIC)", () -> FsType.of(FsType.EXT4_MAGIC)),
                new Value("new FsType(-1, null)", () -> new FsType(-1, null))));
        receivers.put(Layout.class, List.of(
                new Value("UPSTREAM", () -> Layout.UPSTREAM),
                new Value("SPLIT", () -> Layout.SPLIT)));
        receivers.put(ShutdownMode.class, Stream.of(ShutdownMode.values())
                .map(m -> new Value(m.name(), () -> m))
                .collect(Collectors.toList()));
        receivers.put(ErrnoException.class, List.of(
                new Value("an FsUsageException", () -> new FsUsageException("open", "/x", -2)),
                new Value("a WritebackErrorException",
                        () -> new WritebackErrorException("fsync", "/y", 5))));
        List<Value> guards = new ArrayList<>();
        for (String impl : List.of("native", "java")) {
            Supplier<ErrseqWord> word = () -> impl.equals("native")
                    ? ErrseqWord.allocateNative(Layout.SPLIT, SPLIT_RAW)
                    : ErrseqWord.createJava(Layout.SPLIT, SPLIT_RAW);
            guards.add(new Value("guard on a " + impl + " word", () -> ErrseqWordGuard.watch(
                    word.get(), "cache")));
            guards.add(new Value("guard on a " + impl + " word that had EIO since", () -> {
                ErrseqWord w = word.get();
                ErrseqWordGuard guard = ErrseqWordGuard.watch(w, "cache");
                w.set(-Errno.EIO);
                return guard;
            }, "failed"));
            guards.add(new Value("guard on a " + impl + " word closed since", () -> {
                ErrseqWord w = word.get();
                ErrseqWordGuard guard = ErrseqWordGuard.watch(w, "cache");
                w.close();
                return guard;
            }, "closed"));
        }
        receivers.put(ErrseqWordGuard.class, guards);
        receivers.put(ErrorGuard.class, guards);
        receivers.put(MountInfo.class, List.of(
                new Value("an ext3 MountInfo", () -> MountInfo.parse(EXT3_LINE)),
                new Value("an overlay MountInfo", () -> MountInfo.parse(OVERLAY_LINE))));
        receivers.put(MountTable.class, List.of(
                new Value("a MountTable of two lines", () -> MountTable.parse(EXT3_LINE + "\n\n"
                        + OVERLAY_LINE + "\n")),
                new Value("an empty MountTable", () -> MountTable.parse(""))));
        receivers.put(OverlayMount.class, List.of(
                new Value("an OverlayMount", () -> OverlayMount.of(MountInfo.parse(OVERLAY_LINE))),
                new Value("an OverlayMount with lowerdir+ and no upper", () -> OverlayMount.of(
                        MountInfo.parse("91 29 0:51 / /ro ro - overlay overlay"
                                + " ro,lowerdir+=/a,lowerdir+=/b,datadir+=/d")))));
        List<Value> markers = List.of(
                new Value("a marker of a workdir without one", () -> VolatileDirtyMarker.of(
                        dir.resolve("directory")), "absent"),
                new Value("a marker of this boot (plain directories, no mount)", () -> {
                    VolatileDirtyMarker marker = VolatileDirtyMarker.of(dir.resolve("work"));
                    try {
                        Files.createDirectories(marker.volatileDir());
                        if (!Files.exists(marker.dirtyFile())) {
                            Files.createFile(marker.dirtyFile());
                        }
                    } catch (IOException e) {
                        throw new IllegalStateException("setting up: " + e, e);
                    }
                    return marker;
                }));
        receivers.put(VolatileDirtyMarker.class, markers);
        receivers.put(VolatileMountRefusedException.class, List.of(
                new Value("an UnseenUpperErrorException", () -> refusal(
                        UnseenUpperErrorException.class, dir.resolve("merged"), dir.resolve("u"),
                        dir.resolve("w"))),
                new Value("a DirtyWorkdirException", () -> refusal(DirtyWorkdirException.class,
                        dir.resolve("merged"), dir.resolve("u"),
                        VolatileDirtyMarker.of(dir.resolve("w"))))));
        receivers.put(DirtyWorkdirException.class, List.of(
                new Value("a DirtyWorkdirException", () -> refusal(DirtyWorkdirException.class,
                        dir.resolve("merged"), dir.resolve("u"),
                        VolatileDirtyMarker.of(dir.resolve("w"))))));
        receivers.put(MarkerFromEarlierBootException.class, List.of(
                new Value("a MarkerFromEarlierBootException", () -> refusal(
                        MarkerFromEarlierBootException.class,
                        VolatileDirtyMarker.of(dir.resolve("w"))))));
        receivers.put(VolatileOverlay.class, List.of(new Value("a closed VolatileOverlay", () -> {
            Object overlay = refusal(VolatileOverlay.class, List.of(dir.resolve("directory")),
                    dir.resolve("u"), dir.resolve("w"), dir.resolve("directory"));
            try {
                Field mounted = VolatileOverlay.class.getDeclaredField("mounted");
                mounted.setAccessible(true);
                mounted.setBoolean(overlay, false);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("setting up: " + e, e);
            }
            return overlay;
        }, "closed")));
        traceReceivers(receivers);
        receivers.put(VolatileOverlayGuard.class, List.of(new Value("a closed"
                + " VolatileOverlayGuard", () -> {
                    FsHandle handle = openHandle(regularFile);
                    closeQuietly(handle);
                    return refusal(VolatileOverlayGuard.class,
                            OverlayMount.of(MountInfo.parse(OVERLAY_LINE)), handle);
                }, "closed")));
        receivers.put(UnseenErrorProbe.class, List.of(new Value("a probe for Linux 6.18",
                () -> refusal(UnseenErrorProbe.class, "6.18.0", dir.resolve("runtime")))));
        receivers.put(ProbeResult.class, List.of(new Value("a ProbeResult", () -> new ProbeResult(
                dir, true, MountInfo.parse(EXT3_LINE)))));
        receivers.put(CannotProbeException.class, List.of(new Value("a CannotProbeException",
                () -> refusal(CannotProbeException.class, CannotProbeException.Reason.READ_ONLY,
                        dir, 0, "read-only"))));
        receivers.put(UnseenErrorWatch.class, List.of(new Value("a closed UnseenErrorWatch",
                () -> closedWatch(dir), "closed")));
        return receivers;
    }

    /** A watch as close() leaves it, made through its private constructor (no mount). */
    private static Object closedWatch(Path dir) {
        try {
            Class<?> siteType = Class.forName("dev.errseq.overlay.ProbeSite");
            Object site = refusal(siteType, dir, dir.resolve("entry"), dir.resolve("scratch"));
            Object watch = refusal(UnseenErrorWatch.class, site, dir, MountInfo.parse(EXT3_LINE));
            Field closed = UnseenErrorWatch.class.getDeclaredField("closed");
            closed.setAccessible(true);
            closed.setBoolean(watch, true);
            return watch;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("setting up: " + e, e);
        }
    }

    private void traceReceivers(Map<Class<?>, List<Value>> receivers) {
        receivers.put(DeviceNumber.class, List.of(new Value("7:0", () -> new DeviceNumber(7, 0))));
        receivers.put(TracedFilesystem.class, List.of(new Value("a traced ext4",
                this::tracedFilesystem)));
        receivers.put(WordSetEvent.class, List.of(new Value("a set event", this::setEvent)));
        receivers.put(NewErrorTracker.class, List.of(new Value("a tracker waiting 1 s",
                () -> new NewErrorTracker(Duration.ofSeconds(1)))));
        receivers.put(NewWritebackError.class, List.of(
                new Value("a revealed error", () -> new NewWritebackError(setEvent(), 28,
                        Optional.of(advanceEvent()))),
                new Value("an unrevealed error", () -> new NewWritebackError(setEvent(), 0,
                        Optional.empty()))));
        receivers.put(CursorAdvanceEvent.class, List.of(new Value("a cursor event",
                this::advanceEvent)));
        receivers.put(WritebackErrorEvent.class, List.of(
                new Value("a set event", this::setEvent),
                new Value("a cursor event", this::advanceEvent)));
        receivers.put(MonitorStatistics.class, List.of(new Value("statistics",
                () -> new MonitorStatistics(1, 2, 3, 4, 5, 6))));
        receivers.put(ReplayResult.class, List.of(new Value("a replay result",
                () -> new ReplayResult(2, 1, List.of("one"), 1))));
        List<Value> models = new ArrayList<>();
        for (String impl : List.of("native", "java")) {
            Supplier<ErrseqWord> word = () -> impl.equals("native")
                    ? ErrseqWord.allocateNative(Layout.UPSTREAM, UPSTREAM_RAW)
                    : ErrseqWord.createJava(Layout.UPSTREAM, UPSTREAM_RAW);
            models.add(new Value("a model of a " + impl + " word", () -> WordModel.of(word.get())));
            models.add(new Value("a model of a " + impl + " word closed since", () -> {
                ErrseqWord w = word.get();
                WordModel model = WordModel.of(w);
                w.close();
                return model;
            }, "closed"));
        }
        receivers.put(WordModel.class, models);
        receivers.put(NotRootException.class, List.of(new Value("a NotRootException",
                () -> refusal(NotRootException.class, 1000L))));
        receivers.put(TraceEventsMissingException.class, List.of(new Value(
                "a TraceEventsMissingException", () -> refusal(TraceEventsMissingException.class,
                        "/sys/kernel/tracing", List.of("filemap:filemap_set_wb_err")))));
        receivers.put(WritebackErrorMonitor.Builder.class, List.of(new Value("a new builder",
                WritebackErrorMonitor::builder)));
        List<Value> monitors = new ArrayList<>();
        if (ROOT) {
            monitors.add(new Value("a running monitor", () -> startMonitor(false)));
            monitors.add(new Value("a running monitor with a listener",
                    () -> startMonitor(true), "listener"));
            monitors.add(new Value("a closed monitor", () -> {
                WritebackErrorMonitor monitor = startMonitor(false);
                closeQuietly(monitor);
                return monitor;
            }, "closed"));
        }
        receivers.put(WritebackErrorMonitor.class, monitors);
    }

    private WritebackErrorMonitor startMonitor(boolean listener) {
        try {
            WritebackErrorMonitor.Builder builder = WritebackErrorMonitor.builder()
                    .filesystemsOf(List.of(dir));
            return listener ? builder.listener(e -> { }).start() : builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("setting up: " + e, e);
        }
    }

    /** An overlay object through its package-private or private constructor. */
    private static Object refusal(Class<?> type, Object... args) {
        for (Constructor<?> constructor : type.getDeclaredConstructors()) {
            if (constructor.getParameterCount() == args.length) {
                try {
                    constructor.setAccessible(true);
                    return constructor.newInstance(args);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("setting up: " + e, e);
                }
            }
        }
        throw new IllegalStateException("setting up: no constructor of " + type);
    }

    // ---- the run -------------------------------------------------------------------------

    private int run() throws Exception {
        List<String> fdsBefore = openFds();
        Map<String, Rule> table = rules();
        Map<Class<?>, List<Value>> pools = argumentPools();
        Map<Class<?>, List<Value>> receivers = receivers();
        Map<String, Executable> found = new LinkedHashMap<>();
        for (Class<?> type : exportedPublicClasses()) {
            List<Executable> executables = new ArrayList<>();
            for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                if (Modifier.isPublic(constructor.getModifiers()) && !constructor.isSynthetic()) {
                    executables.add(constructor);
                }
            }
            for (Method method : type.getDeclaredMethods()) {
                if (Modifier.isPublic(method.getModifiers()) && !method.isSynthetic()
                        && !method.isBridge()) {
                    executables.add(method);
                }
            }
            executables.sort(Comparator.comparing(HostileInputProbe::signature));
            for (Executable executable : executables) {
                found.put(signature(executable), executable);
            }
        }
        System.out.println("CLASSES " + exportedPublicClasses().stream().map(Class::getName)
                .collect(Collectors.joining(" ")));

        int calls = 0;
        int failures = 0;
        for (Map.Entry<String, Executable> entry : found.entrySet()) {
            String signature = entry.getKey();
            Rule rule = table.get(signature);
            if (rule == null) {
                System.out.println("UNCOVERED " + signature);
                failures++;
                continue;
            }
            int[] counts = exercise(signature, entry.getValue(), rule, pools, receivers);
            System.out.println("SUMMARY " + signature + " calls=" + counts[0] + " failed="
                    + counts[1] + " skipped=" + counts[2]);
            calls += counts[0];
            failures += counts[1];
        }
        for (String signature : table.keySet()) {
            if (!found.containsKey(signature)) {
                System.out.println("STALE " + signature);
                failures++;
            }
        }
        List<String> fdsAfter = openFds();
        zip.close();
        // Growth, not inequality: the JVM may close a descriptor of its own meanwhile.
        List<String> added = OpenFds.added(fdsBefore, fdsAfter);
        System.out.println("FDS before=" + fdsBefore.size() + " after=" + fdsAfter.size()
                + " added=" + added.size());
        if (!added.isEmpty()) {
            System.out.println("FAIL open file descriptors: the calls left open " + added);
            failures++;
        }
        System.out.println("DONE calls=" + calls + " failed=" + failures);
        return failures;
    }

    /** Runs every call of one executable; returns {calls, failed, skipped}. */
    private int[] exercise(String signature, Executable executable, Rule rule,
            Map<Class<?>, List<Value>> pools, Map<Class<?>, List<Value>> receivers) {
        List<List<Value>> argumentLists = new ArrayList<>();
        argumentLists.add(List.of());
        long product = 1;
        for (Class<?> parameter : executable.getParameterTypes()) {
            List<Value> pool = pools.get(parameter);
            product *= pool == null ? 1 : pool.size();
        }
        if (product > MAX_COMBINATIONS) {
            return exercise(signature, executable, rule, oneAtATime(signature, executable, pools),
                    receivers);
        }
        for (Class<?> parameter : executable.getParameterTypes()) {
            List<Value> pool = pools.get(parameter);
            if (pool == null) {
                System.out.println("FAIL " + signature + " | no hostile values for parameters of"
                        + " type " + parameter.getName() + ": add a pool for it");
                return new int[] {0, 1, 0};
            }
            List<List<Value>> longer = new ArrayList<>();
            for (List<Value> prefix : argumentLists) {
                for (Value value : pool) {
                    List<Value> next = new ArrayList<>(prefix);
                    next.add(value);
                    longer.add(next);
                }
            }
            argumentLists = longer;
        }
        return exercise(signature, executable, rule, argumentLists, receivers);
    }

    /** More combinations than this: each hostile value alone, the others at their baseline. */
    private static final long MAX_COMBINATIONS = 5000;

    /**
     * For an executable with too many parameters to try every combination (MountInfo's
     * canonical constructor): every value of each parameter's pool, with every other parameter
     * at its pool's value tagged "baseline".
     */
    private static List<List<Value>> oneAtATime(String signature, Executable executable,
            Map<Class<?>, List<Value>> pools) {
        Class<?>[] parameters = executable.getParameterTypes();
        List<Value> baseline = new ArrayList<>();
        for (Class<?> parameter : parameters) {
            baseline.add(pools.get(parameter).stream().filter(v -> v.is("baseline")).findFirst()
                    .orElseThrow(() -> new IllegalStateException(signature + ": the pool of "
                            + parameter.getName() + " has no value tagged baseline")));
        }
        List<List<Value>> lists = new ArrayList<>();
        lists.add(baseline);
        for (int i = 0; i < parameters.length; i++) {
            for (Value value : pools.get(parameters[i])) {
                if (value != baseline.get(i)) {
                    List<Value> next = new ArrayList<>(baseline);
                    next.set(i, value);
                    lists.add(next);
                }
            }
        }
        return lists;
    }

    private int[] exercise(String signature, Executable executable, Rule rule,
            List<List<Value>> argumentLists, Map<Class<?>, List<Value>> receivers) {
        List<Value> targets = new ArrayList<>();
        boolean isStatic = executable instanceof Constructor
                || Modifier.isStatic(executable.getModifiers());
        if (isStatic) {
            targets.add(null);
        } else {
            List<Value> own = receivers.get(executable.getDeclaringClass());
            if (own == null) {
                System.out.println("FAIL " + signature + " | no receivers for "
                        + executable.getDeclaringClass().getName() + ": add some");
                return new int[] {0, 1, 0};
            }
            targets.addAll(own);
        }

        int calls = 0;
        int failed = 0;
        int skipped = 0;
        for (Value target : targets) {
            for (List<Value> args : argumentLists) {
                Call call = new Call(target, args);
                Expect expect = rule.expect(call);
                if (expect.kind.equals("skip")) {
                    skipped++;
                    continue;
                }
                calls++;
                String problem = invoke(executable, call, expect);
                if (problem != null) {
                    failed++;
                    System.out.println("FAIL " + signature + " | " + call.describe()
                            + " | expected " + expect + " | " + problem);
                }
            }
        }
        return new int[] {calls, failed, skipped};
    }

    /** Makes one call; null if it went as expected, else what went wrong. */
    private static String invoke(Executable executable, Call call, Expect expect) {
        Object receiver = call.receiver == null ? null : call.receiver.make.get();
        Object[] args = call.args.stream().map(v -> v.make.get()).toArray();
        List<Object> touched = new ArrayList<>(Arrays.asList(args));
        touched.add(0, receiver);
        String before = state(touched);
        Object result = null;
        Throwable thrown = null;
        try {
            if (executable instanceof Constructor) {
                result = ((Constructor<?>) executable).newInstance(args);
            } else {
                result = ((Method) executable).invoke(receiver, args);
            }
        } catch (InvocationTargetException e) {
            thrown = e.getCause();
        } catch (ReflectiveOperationException | IllegalArgumentException e) {
            return "the harness could not call it: " + e;
        }
        String after = state(touched);
        touched.add(result);
        for (Object o : touched) {
            if (o instanceof AutoCloseable && o != null) {
                closeQuietly((AutoCloseable) o);
            }
        }

        String got = thrown == null ? "returned normally" : "threw " + thrown;
        if (expect.kind.equals("throws")) {
            if (thrown == null || thrown.getClass() != expect.type) {
                return "got: " + got;
            }
            if (expect.errno != 0 && ((ErrnoException) thrown).errno() != expect.errno) {
                return "got errno " + ((ErrnoException) thrown).errnoName() + ": " + thrown;
            }
        } else if (thrown != null) {
            return "got: " + got;
        }
        if (!expect.kind.equals("mutates") && !before.equals(after)) {
            return "changed state from [" + before + "] to [" + after + "] (" + got + ")";
        }
        return null;
    }

    /** What a call must leave alone: the raw value of words, cursors, open or closed handles. */
    private static String state(List<Object> objects) {
        StringBuilder text = new StringBuilder();
        for (Object o : objects) {
            if (o instanceof ErrseqWord) {
                text.append(wordState((ErrseqWord) o)).append("; ");
            } else if (o instanceof ErrseqCursor) {
                ErrseqCursor cursor = (ErrseqCursor) o;
                text.append(String.format("cursor 0x%08x on ", cursor.since()))
                        .append(wordState(cursor.word())).append("; ");
            } else if (o instanceof FsHandle) {
                text.append(((FsHandle) o).isClosed() ? "closed handle; " : "open handle; ");
            }
        }
        return text.toString();
    }

    private static String wordState(ErrseqWord word) {
        return word.isClosed() ? "closed word" : String.format("word 0x%08x", word.raw());
    }

    // ---- the exported API, read from module-info ------------------------------------------

    private static List<Class<?>> exportedPublicClasses() throws IOException {
        Path location;
        try {
            location = Paths.get(ErrseqWord.class.getProtectionDomain().getCodeSource()
                    .getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IOException(e);
        }
        FileSystem jar = Files.isDirectory(location) ? null : FileSystems.newFileSystem(location);
        try {
            Path root = jar == null ? location : jar.getPath("/");
            ModuleDescriptor descriptor;
            try (InputStream in = Files.newInputStream(root.resolve("module-info.class"))) {
                descriptor = ModuleDescriptor.read(in);
            }
            Set<String> names = new TreeSet<>();
            for (ModuleDescriptor.Exports export : descriptor.exports()) {
                if (export.isQualified()) {
                    continue;
                }
                Path packageDir = root.resolve(export.source().replace('.', '/'));
                try (Stream<Path> files = Files.list(packageDir)) {
                    files.map(p -> p.getFileName().toString())
                            .filter(name -> name.endsWith(".class"))
                            .map(name -> export.source() + "."
                                    + name.substring(0, name.length() - ".class".length()))
                            .forEach(names::add);
                }
            }
            List<Class<?>> classes = new ArrayList<>();
            for (String name : names) {
                Class<?> type;
                try {
                    type = Class.forName(name, false, HostileInputProbe.class.getClassLoader());
                } catch (ClassNotFoundException e) {
                    throw new IOException(e);
                }
                if (isApi(type)) {
                    classes.add(type);
                }
            }
            return classes;
        } finally {
            if (jar != null) {
                jar.close();
            }
        }
    }

    /** Public, and reachable from outside: every enclosing class public too. */
    private static boolean isApi(Class<?> type) {
        if (type.isAnonymousClass() || type.isLocalClass() || type.isSynthetic()) {
            return false;
        }
        for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
            if (!Modifier.isPublic(c.getModifiers())) {
                return false;
            }
        }
        return true;
    }

    /** {@code ErrseqWord.set(int)}, {@code FsType.<init>(long,String)}. */
    static String signature(Executable executable) {
        String owner = executable.getDeclaringClass().getSimpleName();
        String name = executable instanceof Constructor ? "<init>" : executable.getName();
        return owner + "." + name + "(" + Arrays.stream(executable.getParameterTypes())
                .map(Class::getSimpleName).collect(Collectors.joining(",")) + ")";
    }

    // ---- making hostile things -------------------------------------------------------------

    private static ErrseqWord closed(ErrseqWord word) {
        word.close();
        return word;
    }

    private static FsHandle openHandle(Path path) {
        try {
            return FsHandle.open(path);
        } catch (IOException e) {
            throw new IllegalStateException("setting up: " + e, e);
        }
    }

    private static FileChannel openChannel(Path path) {
        try {
            return FileChannel.open(path, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new IllegalStateException("setting up: " + e, e);
        }
    }

    /** /dev/null's FileDescriptor; the stream stays open until the Cleaner or exit. */
    private static FileDescriptor devNull() {
        try {
            FileInputStream stream = new FileInputStream("/dev/null");
            OPEN_STREAMS.add(stream);
            return stream.getFD();
        } catch (IOException e) {
            throw new IllegalStateException("setting up: " + e, e);
        }
    }

    private static final List<FileInputStream> OPEN_STREAMS = new ArrayList<>();

    /** A FileDescriptor holding any number: needs --add-opens java.base/java.io. */
    private static FileDescriptor descriptor(int fd) {
        try {
            FileDescriptor descriptor = new FileDescriptor();
            Field field = FileDescriptor.class.getDeclaredField("fd");
            field.setAccessible(true);
            field.setInt(descriptor, fd);
            return descriptor;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("setting up (run with --add-opens"
                    + " java.base/java.io=ALL-UNNAMED): " + e, e);
        }
    }

    /**
     * A Path that claims the default filesystem but spells itself {@code text}, NUL included:
     * the default filesystem never makes one, but Path is an interface.
     */
    private static Path nulPath(String text) {
        return (Path) Proxy.newProxyInstance(HostileInputProbe.class.getClassLoader(),
                new Class<?>[] {Path.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getFileSystem":
                            return FileSystems.getDefault();
                        case "toString":
                            return text;
                        case "hashCode":
                            return System.identityHashCode(proxy);
                        case "equals":
                            return proxy == args[0];
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // A handle or channel that is already closed, or a close error: not under test.
        }
    }

    private static List<String> openFds() throws IOException {
        for (FileInputStream stream : OPEN_STREAMS) {
            stream.close();
        }
        OPEN_STREAMS.clear();
        return OpenFds.settled();
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.deleteIfExists(path);
            }
        }
    }
}
