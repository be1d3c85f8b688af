package dev.errseq.trace;

import dev.errseq.Errno;
import java.util.Objects;
import java.util.Optional;

/**
 * A writeback error that the kernel will report afresh: a set on a word whose previous error had
 * been seen (or on a word at the epoch), so every watcher of the inode is told once. Later sets
 * before anyone looks only change the errno of the same report and make no new error.
 *
 * <p>The tracepoint of a set shows the word before it, so the errno of the set is known only
 * from the next traced word of the same inode; {@code revealedBy} is that event, or empty when
 * none came in time and the errno stays unknown.
 *
 * @param set the set that started the error (its time, inode and filesystem)
 * @param errno the errno it set, positive; 0 if not revealed
 * @param revealedBy the event whose word showed the errno, empty if not revealed
 */
public record NewWritebackError(WordSetEvent set, int errno,
        Optional<WritebackErrorEvent> revealedBy) {

    /**
     * Checks that the errno and the revealing event go together.
     *
     * @param set as in the class description
     * @param errno as in the class description
     * @param revealedBy as in the class description
     * @throws IllegalArgumentException if an errno comes without the event that revealed it, or
     *     the other way round, or it is outside 0..4095
     */
    public NewWritebackError {
        Objects.requireNonNull(set, "set");
        Objects.requireNonNull(revealedBy, "revealedBy");
        if (errno < 0 || errno > 4095 || (errno == 0) != revealedBy.isEmpty()) {
            throw new IllegalArgumentException("errno " + errno + " revealed by " + revealedBy);
        }
    }

    /**
     * Whether a later event showed the errno.
     *
     * @return false if no event of the inode came in time
     */
    public boolean revealed() {
        return errno != 0;
    }

    /**
     * The errno's name.
     *
     * @return such as {@code ENOSPC}, or {@code unrevealed}
     */
    public String errnoName() {
        return revealed() ? Errno.name(errno) : "unrevealed";
    }
}
