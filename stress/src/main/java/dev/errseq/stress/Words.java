package dev.errseq.stress;

import dev.errseq.Errno;
import dev.errseq.ErrseqWord;
import dev.errseq.Layout;

/**
 * What the jcstress tests share: making a word of either implementation, and spelling raw
 * values and check results so that outcome ids read like the kernel's words.
 *
 * <p>Outcome ids are regular expressions that jcstress matches against the whole result, so
 * the spellings use only letters, digits, {@code =}, {@code -} and spaces.
 */
final class Words {
    static final int EIO = Errno.EIO;
    static final int ENOSPC = Errno.ENOSPC;
    static final int EROFS = Errno.EROFS;

    private Words() {
    }

    /** Where a test's word lives. */
    enum Impl {
        NATIVE, JAVA
    }

    /**
     * A new word holding {@code raw}. A native word that a test does not close is freed by
     * the word's Cleaner once the state object is dropped.
     */
    static ErrseqWord create(Impl impl, Layout layout, int raw) {
        return impl == Impl.NATIVE ? ErrseqWord.allocateNative(layout, raw)
                : ErrseqWord.createJava(layout, raw);
    }

    /** A raw word or cursor as eight hex digits, {@code 0x0000201c}. */
    static String hex(int raw) {
        String digits = Integer.toHexString(raw);
        return "0x" + "00000000".substring(digits.length()) + digits;
    }

    /** A check's result: {@code 0}, or the errno's name ({@code EIO}, {@code ENOSPC}). */
    static String result(int checkResult) {
        return checkResult == 0 ? "0" : Errno.name(checkResult);
    }
}
