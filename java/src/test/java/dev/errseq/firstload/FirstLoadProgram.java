package dev.errseq.firstload;

import dev.errseq.Errno;
import dev.errseq.ErrseqCursor;
import dev.errseq.ErrseqWord;
import dev.errseq.Layout;

/**
 * The smallest program a user writes first: one native word, one error, one report. It lives
 * outside the library's packages so that it runs on the class path next to the library on
 * the module path, as a user's program does.
 */
public final class FirstLoadProgram {
    private FirstLoadProgram() {
    }

    /**
     * Prints {@code EIO}, the name of the error the watcher is told of.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        try (ErrseqWord word = ErrseqWord.allocateNative(Layout.UPSTREAM)) {
            ErrseqCursor watcher = word.watch();
            word.set(-Errno.EIO);
            System.out.println(Errno.name(watcher.checkAndAdvance()));
        }
    }
}
