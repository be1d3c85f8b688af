package dev.errseq;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Shared by the word tests: the two implementations, the argument sources that combine them
 * with the layouts, and an assertion that prints raw words in hex.
 */
final class Implementations {
    /** Every implementation with every layout. */
    static final String ALL = "dev.errseq.Implementations#everyWordKind";
    /** Every implementation with {@link Layout#UPSTREAM}. */
    static final String UPSTREAM = "dev.errseq.Implementations#upstreamWords";
    /** Every implementation with {@link Layout#SPLIT}. */
    static final String SPLIT = "dev.errseq.Implementations#splitWords";

    private Implementations() {
    }

    /** Where a word lives. */
    enum Impl {
        NATIVE {
            @Override
            ErrseqWord word(Layout layout, int raw) {
                return ErrseqWord.allocateNative(layout, raw);
            }

            @Override
            ErrseqWord word(Layout layout) {
                return ErrseqWord.allocateNative(layout);
            }
        },
        JAVA {
            @Override
            ErrseqWord word(Layout layout, int raw) {
                return ErrseqWord.createJava(layout, raw);
            }

            @Override
            ErrseqWord word(Layout layout) {
                return ErrseqWord.createJava(layout);
            }
        };

        /** A new word holding {@code raw}. */
        abstract ErrseqWord word(Layout layout, int raw);

        /** A new word at the epoch, through the one-argument factory. */
        abstract ErrseqWord word(Layout layout);
    }

    static Stream<Arguments> everyWordKind() {
        return Stream.of(Impl.values()).flatMap(impl ->
                Stream.of(Layout.values()).map(layout -> Arguments.of(impl, layout)));
    }

    static Stream<Arguments> upstreamWords() {
        return Stream.of(Impl.values()).map(impl -> Arguments.of(impl, Layout.UPSTREAM));
    }

    static Stream<Arguments> splitWords() {
        return Stream.of(Impl.values()).map(impl -> Arguments.of(impl, Layout.SPLIT));
    }

    /** {@code upstream} for an {@link Layout#UPSTREAM} word, {@code split} for a split one. */
    static int pick(Layout layout, int upstream, int split) {
        return layout == Layout.UPSTREAM ? upstream : split;
    }

    static String hex(int value) {
        return String.format("0x%08x", value);
    }

    /** Raw words and cursors compare in hex, so a failure shows the bits. */
    static void assertHex(int expected, int actual, String what) {
        assertEquals(hex(expected), hex(actual), what);
    }

    static void assertHex(int expected, int actual) {
        assertEquals(hex(expected), hex(actual));
    }
}
