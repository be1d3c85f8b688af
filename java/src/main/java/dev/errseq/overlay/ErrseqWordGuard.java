package dev.errseq.overlay;

import dev.errseq.ErrseqCursor;
import dev.errseq.ErrseqWord;
import dev.errseq.Layout;
import dev.errseq.fs.WritebackErrorException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A volatile overlay's guard for a Java-level volatile cache: the backing store records its
 * writeback errors in an {@link ErrseqWord} (as a filesystem does in its superblock), and the
 * cache, like a volatile overlay, must fail once the store has lost data since the cache
 * started, without taking the error away from the store's other watchers.
 *
 * <p>It needs the {@link Layout#SPLIT} word: the guard starts at {@link ErrseqWord#peek()},
 * which marks the value OBSERVED (so the next error moves the counter) but not REPORTED (so
 * a later watcher still gets an unseen error), and then only ever calls {@code check}, which
 * changes nothing. An upstream word has no peek: its sample would hide an unseen error, and
 * check_and_advance would consume it.
 *
 * <p>Once failed it stays failed, even if the word could later look unchanged again (its
 * counter wraps after 2^18 observed errors). Thread-safe.
 */
public final class ErrseqWordGuard implements ErrorGuard {
    private final String name;
    private final ErrseqCursor cursor;
    /** The errno of the first failure, 0 before. */
    private final AtomicInteger failure = new AtomicInteger();

    private ErrseqWordGuard(String name, ErrseqCursor cursor) {
        this.name = name;
        this.cursor = cursor;
    }

    /**
     * Starts guarding {@code word} from now on; {@code name} names what is guarded in
     * exception messages.
     *
     * @param name what the word stands for, for messages
     * @param word a word of the split layout
     * @return a guard that starts at the word's {@link ErrseqWord#peek()}
     * @throws IllegalArgumentException if {@code word} does not have the split layout
     * @throws IllegalStateException if {@code word} is closed
     */
    public static ErrseqWordGuard watch(ErrseqWord word, String name) {
        Objects.requireNonNull(word, "word");
        Objects.requireNonNull(name, "name");
        if (word.layout() != Layout.SPLIT) {
            throw new IllegalArgumentException("a guard needs a Layout.SPLIT word, to watch"
                    + " with peek and check without consuming errors; this one is "
                    + word.layout());
        }
        return new ErrseqWordGuard(name, word.watchFrom(word.peek()));
    }

    /** The word's check against the starting point; true from the first error on. */
    @Override
    public boolean hasFailed() {
        if (failure.get() != 0) {
            return true;
        }
        int err = cursor.check();
        if (err == 0) {
            return false;
        }
        failure.compareAndSet(0, -err);
        return true;
    }

    /** @throws WritebackErrorException (operation "check", path the guard's name) once failed */
    @Override
    public void check() throws WritebackErrorException {
        if (hasFailed()) {
            throw new WritebackErrorException("check", name, failure.get());
        }
    }

    /**
     * The raw value of the word when the guard started (with OBSERVED set).
     *
     * @return the raw value of the word when the guard started (with OBSERVED set)
     */
    public int startingPoint() {
        return cursor.since();
    }

    @Override
    public String toString() {
        return "ErrseqWordGuard[" + name + (failure.get() != 0 ? ", failed]" : "]");
    }
}
