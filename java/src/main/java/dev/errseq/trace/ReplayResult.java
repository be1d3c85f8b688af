package dev.errseq.trace;

import java.util.List;
import java.util.Objects;

/**
 * What one replay of an inode's events through a model gave.
 *
 * @param tracedWords the words the trace shows: each set's word before, each cursor after
 * @param reproduced how many of them the model computed bit for bit
 * @param differences one line per word the model got wrong, with the event
 * @param unrevealedSets 1 if the last event was a set, whose errno no later word shows (it was
 *     not replayed), else 0
 */
public record ReplayResult(int tracedWords, int reproduced, List<String> differences,
        int unrevealedSets) {

    /**
     * Copies the differences.
     *
     * @param tracedWords as in the class description
     * @param reproduced as in the class description
     * @param differences as in the class description
     * @param unrevealedSets as in the class description
     */
    public ReplayResult {
        differences = List.copyOf(Objects.requireNonNull(differences, "differences"));
    }

    /**
     * Whether the model reproduced every traced word.
     *
     * @return true if there is at least one word and no difference
     */
    public boolean exact() {
        return tracedWords > 0 && differences.isEmpty();
    }
}
