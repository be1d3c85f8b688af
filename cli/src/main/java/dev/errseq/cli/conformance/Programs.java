package dev.errseq.cli.conformance;

import java.io.IOException;
import java.util.List;

/**
 * The steps of each {@link Scenario}. A watcher on {@link #ROOT} syncs the superblock's word
 * (syncfs); one on {@link #FILE} its file's word (fsync, fdatasync).
 */
final class Programs {
    static final String ROOT = ".";
    static final String FILE = "file";
    private static final int BLOCK = 4096;
    private static final List<String> FOUR = List.of("A", "B", "C", "D");

    private Programs() {
    }

    static void generic441(World w) throws IOException {
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
    }

    static void generic487(World w) throws IOException {
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
    }

    static void generic484(World w) throws IOException {
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
    }

    static void syncfsWatchers(World w) throws IOException {
        w.create(FILE);
        w.open("A", ROOT, Opener.HANDLE);
        w.writebackError(FILE);
        w.open("B", ROOT, Opener.HANDLE);
        // B first, while nobody has seen the error: were A first, its SEEN bit alone would
        // change the word under B's cursor and hide a wrong sample.
        w.syncfs("B");
        w.syncfs("B");
        w.syncfs("A");
        w.syncfs("A");
        w.open("C", ROOT, Opener.HANDLE);
        w.syncfs("C");
        w.syncfs("C");
    }

    static void seedA(World w) throws IOException {
        w.create(FILE);
        w.open("t2", ROOT, Opener.HANDLE);
        w.writebackError(FILE);
        w.open("t1", ROOT, Opener.HANDLE);
        w.syncfs("t2");
        w.syncfs("t1");
        w.syncfs("t2");
        w.syncfs("t1");
    }

    static void seedB(World w) throws IOException {
        w.create(FILE);
        w.open("ovl", ROOT, Opener.VOLATILE_OVERLAY);
        w.writebackError(FILE);
        w.overlaySyncfs("ovl");
        w.overlaySyncfs("ovl");
        w.open("B", ROOT, Opener.HANDLE);
        w.syncfs("B");
        w.syncfs("B");
    }

    static void seedC(World w) throws IOException {
        w.create(FILE);
        w.open("A", FILE, Opener.HANDLE);
        w.writebackError(FILE);
        w.open("B", FILE, Opener.HANDLE);
        w.fsync("A");
        w.fsync("A");
        w.fsync("B");
        w.open("C", FILE, Opener.HANDLE);
        w.fsync("C");
        w.writebackError(FILE);
        w.fsync("C");
    }
}
