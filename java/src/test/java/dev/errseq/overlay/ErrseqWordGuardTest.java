package dev.errseq.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertThrowsExactly;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errseq.Errno;
import dev.errseq.ErrseqCursor;
import dev.errseq.ErrseqWord;
import dev.errseq.Layout;
import dev.errseq.fs.WritebackErrorException;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The guard of a Java-level volatile cache on the library's own word, the C core's and the
 * Java twin's: the same shape as the kernel's volatile overlay (fails from the first error on,
 * sticky, consumes nothing).
 */
class ErrseqWordGuardTest {

    static Stream<Arguments> words() {
        return Stream.of(
                Arguments.of("native", (Function<Layout, ErrseqWord>) ErrseqWord::allocateNative),
                Arguments.of("java", (Function<Layout, ErrseqWord>) ErrseqWord::createJava));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("words")
    void failsFromTheFirstErrorOnAndStaysFailed(String kind, Function<Layout, ErrseqWord> make)
            throws WritebackErrorException {
        try (ErrseqWord store = make.apply(Layout.SPLIT)) {
            ErrorGuard guard = ErrseqWordGuard.watch(store, "cache");
            assertFalse(guard.hasFailed());
            guard.check();

            store.set(-Errno.ENOSPC);
            for (int call = 0; call < 3; call++) {
                assertTrue(guard.hasFailed());
                WritebackErrorException e = assertThrowsExactly(WritebackErrorException.class,
                        guard::check);
                assertEquals(Errno.ENOSPC, e.errno());
                assertEquals("check", e.operation());
                assertEquals("cache", e.path());
            }
            // A later error does not change the errno it first failed with.
            store.set(-Errno.EIO);
            assertEquals(Errno.ENOSPC,
                    assertThrowsExactly(WritebackErrorException.class, guard::check).errno());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("words")
    void watchingConsumesNothing(String kind, Function<Layout, ErrseqWord> make) {
        try (ErrseqWord store = make.apply(Layout.SPLIT)) {
            ErrseqCursor before = store.watch();       // a watcher from before the error
            ErrseqWordGuard guard = ErrseqWordGuard.watch(store, "cache");
            store.set(-Errno.EIO);
            for (int i = 0; i < 3; i++) {
                assertTrue(guard.hasFailed());
            }
            // A watcher opened after the error, before anybody reported it, still gets it once.
            ErrseqCursor later = store.watch();
            assertEquals(-Errno.EIO, later.checkAndAdvance());
            assertEquals(0, later.checkAndAdvance());
            assertEquals(-Errno.EIO, before.checkAndAdvance());
            // Reported now: the guard is still failed.
            assertTrue(guard.hasFailed());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("words")
    void anUnseenErrorFromBeforeTheGuardDoesNotFailIt(String kind,
            Function<Layout, ErrseqWord> make) {
        try (ErrseqWord store = make.apply(Layout.SPLIT)) {
            store.set(-Errno.EIO);
            ErrseqWordGuard guard = ErrseqWordGuard.watch(store, "cache");
            assertFalse(guard.hasFailed());
            // ... and it was not taken from the store's next watcher either.
            assertEquals(-Errno.EIO, store.watch().checkAndAdvance());
            assertFalse(guard.hasFailed());
            // But the next error fails it, although its errno is the same.
            store.set(-Errno.EIO);
            assertTrue(guard.hasFailed());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("words")
    void staysFailedWhenTheCounterWrapsBackToTheStartingPoint(String kind,
            Function<Layout, ErrseqWord> make) {
        try (ErrseqWord store = make.apply(Layout.SPLIT)) {
            store.set(-Errno.EIO);
            ErrseqWordGuard guard = ErrseqWordGuard.watch(store, "cache");
            ErrseqCursor unlatched = store.watchFrom(guard.startingPoint());
            store.set(-Errno.EIO);
            assertTrue(guard.hasFailed());
            // 2^18 - 1 more observed errors: the 18-bit counter is back where it started.
            for (int i = 1; i < (1 << 18); i++) {
                store.peek();
                store.set(-Errno.EIO);
            }
            assertEquals(0, unlatched.check(), "the word looks unchanged to a bare check");
            assertTrue(guard.hasFailed(), "but the guard remembers it failed");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("words")
    void anUpstreamWordCannotBeGuarded(String kind, Function<Layout, ErrseqWord> make) {
        try (ErrseqWord store = make.apply(Layout.UPSTREAM)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ErrseqWordGuard.watch(store, "cache"));
            assertTrue(e.getMessage().contains("SPLIT"), e.getMessage());
        }
    }
}
