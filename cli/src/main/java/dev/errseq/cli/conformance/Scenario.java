package dev.errseq.cli.conformance;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The conformance cases: four ported from xfstests (the scenarios, not the code) and the seed
 * thread's three as the kernel can play them. Each is a {@link Program} of steps that the
 * kernel and the two models all play, and the shape the kernel's reports must have.
 */
public enum Scenario {
    /** xfstests src/fsync-err.c, as generic/441 and generic/442 run it. */
    GENERIC_441("generic441_fsyncErrOnEveryHandle",
            "xfstests src/fsync-err.c (generic/441, generic/442): four read-write handles on"
                    + " one file, each writes; after the error each handle's fsync fails"
                    + " once, then returns 0; after heal, close and reopen fsync returns 0",
            Shapes.of("A", "E,0", "B", "E,0", "C", "E,0", "D", "E,0",
                    "A'", "0", "B'", "0", "C'", "0", "D'", "0"),
            Programs::generic441),
    /** xfstests generic/487. */
    GENERIC_487("generic487_unseenErrorReachesLaterOpener",
            "xfstests generic/487: the error happens while handle H is held and only sync(2)"
                    + " runs; a new opener N still gets it from fsync, once; so does H; an"
                    + " opener L after that gets 0",
            Shapes.of("H", "E,0", "N", "E,0", "L", "0"),
            Programs::generic487),
    /** xfstests generic/484. */
    GENERIC_484("generic484_syncfsAfterFdatasyncError",
            "xfstests generic/484: after X's fdatasync reported the error, a new handle N's"
                    + " syncfs;syncfs gets it exactly once (the superblock's word is"
                    + " separate); a fresh handle F's syncfs then succeeds",
            Shapes.of("X", "E,0", "N", "E,0", "F", "0"),
            Programs::generic484),
    /** The superblock's word with watchers before, during and after an unseen error. */
    SYNCFS_WATCHERS("syncfsWatchersBeforeAndAfterError",
            "the superblock's word (spec 5.1-5.3): handles on the mount point opened before"
                    + " the error (A), after it but before anyone saw it (B), and after it"
                    + " was seen (C): syncfs reports error, error, 0, each once (B first)",
            Shapes.of("A", "E,0", "B", "E,0", "C", "0,0"),
            Programs::syncfsWatchers),
    /** Seed scenario (a), Matthew Wilcox's two watchers, with the kernel's open for the copy. */
    SEED_A("seedA_twoWatchersOneError",
            "seed (a), two watchers and one error: t2 is open before the error; user space"
                    + " cannot copy a word, so t1 opens after it (errseq_sample: an error nobody"
                    + " saw is t1's too); t2 syncfs first, then t1: each is told once",
            Shapes.of("t2", "E,0", "t1", "E,0"),
            Programs::seedA),
    /** Seed scenario (b), a volatile overlay over the filesystem, on the kernel's own overlay. */
    SEED_B("seedB_volatileOverlayConsumesNothing",
            "seed (b), a volatile overlay watching its upper filesystem: its syncfs checks the"
                    + " upper word without consuming (EIO both times, sticky), so a later opener"
                    + " B of the upper filesystem is still told once",
            Shapes.of("ovl", "E,E", "B", "E,0"),
            Programs::seedB),
    /** Seed scenario (c), each watcher told once, and a second error. */
    SEED_C("seedC_eachWatcherOnceThenANewError",
            "seed (c): A opens before the error, B after it before anyone saw it, C after it"
                    + " was seen: A and B get it once from fsync, C gets 0; a second error"
                    + " reaches C once",
            Shapes.of("A", "E,0", "B", "E", "C", "0,E"),
            Programs::seedC);

    /** The seed thread's three, in the order the demo plays them. */
    public static final List<Scenario> SEED = List.of(SEED_A, SEED_B, SEED_C);

    private final String caseName;
    private final String description;
    private final Map<String, String> expectedShape;
    private final Program program;

    Scenario(String caseName, String description, Map<String, String> expectedShape,
            Program program) {
        this.caseName = caseName;
        this.description = description;
        this.expectedShape = Collections.unmodifiableMap(new LinkedHashMap<>(expectedShape));
        this.program = program;
    }

    /** @return the name the report and the tests give it, such as {@code generic487_...} */
    public String caseName() {
        return caseName;
    }

    /** @return what it does and what it expects, in one paragraph */
    public String description() {
        return description;
    }

    /** @return per watcher, the expected reports: "E" for an error (any errno), "0" for none */
    public Map<String, String> expectedShape() {
        return expectedShape;
    }

    Program program() {
        return program;
    }
}
