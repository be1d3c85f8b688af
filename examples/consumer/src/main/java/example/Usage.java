package example;

import dev.errseq.Errno;
import dev.errseq.ErrseqCursor;
import dev.errseq.ErrseqWord;
import dev.errseq.Layout;

/** The README's Usage example, as a program; it prints {@code EIO} and the word. */
public final class Usage {
    private Usage() {
    }

    /**
     * Runs the example.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        try (ErrseqWord word = ErrseqWord.allocateNative(Layout.UPSTREAM)) {
            ErrseqCursor a = word.watch();          // like open(2): fd A samples the word
            word.set(-Errno.EIO);                   // like a failed writeback
            ErrseqCursor b = word.watch();          // fd B, opened before anybody saw the error

            int err = a.checkAndAdvance();          // -5: like fsync(2) on A, reported once
            System.out.println(Errno.name(err));    // EIO
            a.checkAndAdvance();                    // 0
            b.checkAndAdvance();                    // -5: the unseen error reached B too
            word.watch().checkAndAdvance();         // 0: opened after the error was seen

            System.out.println(word.layout().describe(word.raw()));
            // 0x00001005 (counter 0, EIO, SEEN)
        }

        // The split layout adds peek(): watch without taking the error from later openers.
        try (ErrseqWord upper = ErrseqWord.createJava(Layout.SPLIT)) {
            ErrseqCursor overlay = upper.watchFrom(upper.peek());
            upper.set(-Errno.EIO);
            overlay.check();                        // -5, on every call: check() moves nothing
            upper.watch().checkAndAdvance();        // -5: a later opener still gets it, once
        }
    }
}
