package dev.errseq.trace;

import dev.errseq.ErrseqCursor;
import dev.errseq.ErrseqWord;
import dev.errseq.Layout;
import java.util.Objects;

/**
 * The operations {@link TraceReplay} needs from a model of an inode mapping's word. The
 * library's own word (C core or Java twin) is {@link #of(ErrseqWord)}; another implementation
 * can be replayed against the same trace, which is how a wrong model is shown to be caught.
 */
public interface WordModel {
    /**
     * The word now.
     *
     * @return the raw value
     */
    int raw();

    /**
     * {@code errseq_set}: records a writeback error.
     *
     * @param err a negative errno
     */
    void set(int err);

    /**
     * {@code errseq_check_and_advance} on a cursor that holds {@code since}.
     *
     * @param since the cursor before
     * @return the cursor after
     */
    int checkAndAdvance(int since);

    /**
     * The library's word as a model.
     *
     * @param word an open word in {@link Layout#UPSTREAM}, as the kernel's
     * @return a model that forwards to it
     * @throws IllegalArgumentException if the word has another layout
     * @throws IllegalStateException if the word is closed
     */
    static WordModel of(ErrseqWord word) {
        Objects.requireNonNull(word, "word");
        if (word.layout() != Layout.UPSTREAM) {
            throw new IllegalArgumentException("the kernel's words are Layout.UPSTREAM, not "
                    + word.layout());
        }
        if (word.isClosed()) {
            throw new IllegalStateException("the word is closed");
        }
        return new WordModel() {
            @Override
            public int raw() {
                return word.raw();
            }

            @Override
            public void set(int err) {
                word.set(err);
            }

            @Override
            public int checkAndAdvance(int since) {
                ErrseqCursor cursor = word.watchFrom(since);
                cursor.checkAndAdvance();
                return cursor.since();
            }

            @Override
            public String toString() {
                return word.toString();
            }
        };
    }
}
