package dev.errseq;

import static dev.errseq.Implementations.assertHex;
import static dev.errseq.Implementations.pick;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errseq.Implementations.Impl;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Arguments the API refuses, and a closed word: exact exception types, exact state after. */
class BadInputTest {
    private static final int EIO = 5;

    /** Not a negative errno in -4095..-1. */
    private static final int[] BAD_ERRS = {
        0, 1, 5, 4096, -4096, Integer.MIN_VALUE, Integer.MAX_VALUE
    };

    static Stream<Arguments> badSets() {
        return Implementations.everyWordKind().flatMap(kind ->
                java.util.Arrays.stream(BAD_ERRS).mapToObj(err ->
                        Arguments.of(kind.get()[0], kind.get()[1], err)));
    }

    /** A word with history: counter 1, the error seen, ENOSPC. */
    private static int seenWord(Layout layout) {
        return pick(layout, 0x0000301c, 0x0000701c);
    }

    @ParameterizedTest(name = "{0} {1} set({2})")
    @MethodSource("badSets")
    void setRefusesAnythingButANegativeErrno(Impl impl, Layout layout, int err) {
        for (int start : new int[] {0x00000000, 0x00000005, seenWord(layout)}) {
            try (ErrseqWord word = impl.word(layout, start)) {
                IllegalArgumentException e =
                        assertThrows(IllegalArgumentException.class, () -> word.set(err));
                assertNotNull(e.getMessage());
                assertTrue(namesNumber(e.getMessage(), err),
                        "message should name " + err + ": " + e.getMessage());
                assertHex(start, word.raw(), "word unchanged after set(" + err + ")");
            }
        }
    }

    /** The number as a whole token: 5 must not be found inside -4095. */
    private static boolean namesNumber(String message, int value) {
        return Pattern.compile("(?<![0-9-])" + Pattern.quote(Integer.toString(value)) + "(?![0-9])")
                .matcher(message).find();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(Implementations.ALL)
    void setAcceptsTheWholeRange(Impl impl, Layout layout) {
        try (ErrseqWord word = impl.word(layout)) {
            assertHex(0x00000000, word.set(-1));
            assertHex(0x00000001, word.set(-4095));
            assertHex(0x00000fff, word.raw());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(Implementations.ALL)
    void positiveErrnoMessageSuggestsTheNegatedName(Impl impl, Layout layout) {
        try (ErrseqWord word = impl.word(layout)) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> word.set(EIO));
            assertTrue(e.getMessage().contains("-EIO"), e.getMessage());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(Implementations.ALL)
    void checkAndAdvanceOfNullIsNullPointerException(Impl impl, Layout layout) {
        try (ErrseqWord word = impl.word(layout)) {
            word.set(-EIO);
            NullPointerException e =
                    assertThrows(NullPointerException.class, () -> word.checkAndAdvance(null));
            assertNotNull(e.getMessage(), "NPE should say what was null");
            assertTrue(e.getMessage().contains("cursor"), e.getMessage());
            assertHex(0x00000005, word.raw(), "nothing marked");
            assertEquals(0, word.sample(), "still unseen");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(Implementations.ALL)
    void checkAndAdvanceWithAnotherWordsCursorIsRefused(Impl impl, Layout layout) {
        try (ErrseqWord mine = impl.word(layout);
                ErrseqWord other = impl.word(layout)) {
            ErrseqCursor othersCursor = other.watch();
            mine.set(-EIO);
            other.set(-EIO);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> mine.checkAndAdvance(othersCursor));
            assertNotNull(e.getMessage());
            assertTrue(e.getMessage().contains("another word"), e.getMessage());
            assertHex(0x00000005, mine.raw(), "this word unchanged");
            assertHex(0x00000005, other.raw(), "the other word unchanged");
            assertHex(0x00000000, othersCursor.since(), "the cursor unchanged");
            assertSame(other, othersCursor.word());
            assertEquals(-EIO, othersCursor.checkAndAdvance(), "it still works on its own word");
        }
    }

    @Test
    void aCursorOfTheOtherImplementationIsAnotherWord() {
        try (ErrseqWord nativeWord = ErrseqWord.allocateNative(Layout.SPLIT);
                ErrseqWord javaWord = ErrseqWord.createJava(Layout.SPLIT)) {
            ErrseqCursor javaCursor = javaWord.watch();
            nativeWord.set(-EIO);
            assertThrows(IllegalArgumentException.class,
                    () -> nativeWord.checkAndAdvance(javaCursor));
            assertThrows(IllegalArgumentException.class,
                    () -> javaWord.checkAndAdvance(nativeWord.watchFrom(0)));
            assertHex(0x00000005, nativeWord.raw());
            assertHex(0x00000000, javaWord.raw());
            assertHex(0x00000000, javaCursor.since());
        }
    }

    @Test
    void nullLayoutIsNullPointerException() {
        assertAll(
                () -> assertThrows(NullPointerException.class, () -> ErrseqWord.allocateNative(null)),
                () -> assertThrows(NullPointerException.class,
                        () -> ErrseqWord.allocateNative(null, 0x5)),
                () -> assertThrows(NullPointerException.class, () -> ErrseqWord.createJava(null)),
                () -> assertThrows(NullPointerException.class,
                        () -> ErrseqWord.createJava(null, 0x5)));
    }

    /**
     * Every word kind, closed after a new error (so that a checkAndAdvance would have
     * something to move to) and closed at rest, where a watcher's word usually is: its error
     * seen, the cursor on it. At rest the operations take their usual path, which in the Java
     * twin is a single test that also covers "closed".
     */
    static Stream<Arguments> closedWords() {
        return Implementations.everyWordKind().flatMap(kind -> Stream.of(true, false)
                .map(atRest -> Arguments.of(kind.get()[0], kind.get()[1], atRest)));
    }

    @ParameterizedTest(name = "{0} {1} at rest: {2}")
    @MethodSource("closedWords")
    void everyOperationOnAClosedWordIsIllegalState(Impl impl, Layout layout, boolean atRest) {
        ErrseqWord word = impl.word(layout, seenWord(layout));
        ErrseqCursor cursor = word.watch();
        assertHex(seenWord(layout), cursor.since());
        if (!atRest) {
            word.set(-EIO);
        }
        assertEquals(atRest ? 0 : -EIO, cursor.check());
        assertFalse(word.isClosed());

        word.close();
        assertTrue(word.isClosed());
        assertDoesNotThrow(word::close, "closing twice is fine");
        assertTrue(word.isClosed());

        assertClosed("set", () -> word.set(-EIO));
        assertClosed("sample", word::sample);
        if (layout == Layout.SPLIT) {
            assertClosed("peek", word::peek);
        }
        assertClosed("check", () -> word.check(seenWord(layout)));
        assertClosed("cursor.check", cursor::check);
        assertClosed("cursor.checkAndAdvance", cursor::checkAndAdvance);
        assertClosed("checkAndAdvance(cursor)", () -> word.checkAndAdvance(cursor));
        assertClosed("raw", word::raw);
        assertClosed("watch", word::watch);
        assertClosed("watchFrom", () -> word.watchFrom(0));
        assertHex(seenWord(layout), cursor.since(), "the cursor did not move");
        assertTrue(word.isClosed());
        assertSame(layout, word.layout());
        assertEquals(impl == Impl.NATIVE, word.isNative());
    }

    /**
     * An upstream word has no peek, open or closed: both implementations say so with the same
     * exception, before looking at the word.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(Implementations.UPSTREAM)
    void peekOnAClosedUpstreamWordIsStillUnsupported(Impl impl, Layout layout) {
        ErrseqWord word = impl.word(layout);
        word.close();
        assertThrows(UnsupportedOperationException.class, word::peek);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(Implementations.ALL)
    void toStringOfAClosedWordDoesNotThrow(Impl impl, Layout layout) {
        ErrseqWord word = impl.word(layout, seenWord(layout));
        ErrseqCursor cursor = word.watch();
        String open = assertDoesNotThrow(word::toString);
        assertTrue(open.contains("0x" + String.format("%08x", seenWord(layout))), open);
        word.close();
        String closed = assertDoesNotThrow(word::toString);
        assertTrue(closed.contains("closed"), closed);
        assertFalse(closed.contains(String.format("%08x", seenWord(layout))),
                "a closed word shows no value: " + closed);
        String cursorText = assertDoesNotThrow(cursor::toString);
        assertTrue(cursorText.contains("closed"), cursorText);
    }

    private static void assertClosed(String operation, Executable call) {
        IllegalStateException e = assertThrows(IllegalStateException.class, call,
                operation + " on a closed word");
        assertNotNull(e.getMessage(), operation);
        assertTrue(e.getMessage().contains("closed"), operation + ": " + e.getMessage());
    }
}
