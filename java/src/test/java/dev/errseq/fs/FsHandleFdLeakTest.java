package dev.errseq.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.errseq.OpenFds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FsHandle gives back every descriptor it opens. It needs no root and no filesystem of its
 * own, so it stays with the library's tests while FsHandle's real-kernel cases live in
 * kernel-tests.
 */
class FsHandleFdLeakTest {
    @TempDir
    Path tmp;

    /*
     * Counted by target, only the descriptors on the cycled file: this JVM also runs surefire
     * and the other tests, whose descriptors open and close (some by a Cleaner, after a
     * collection) at moments this test does not choose.
     */
    @Test
    void hundredThousandOpenCloseCyclesLeakNoFd() throws IOException {
        Path file = Files.createFile(tmp.resolve("cycled"));
        FsHandle.open(file).close(); // load the library and warm up before counting
        String target = file.toRealPath().toString();
        assertEquals(0, openOn(target), "descriptors on the file before the cycles");
        for (int i = 0; i < 100_000; i++) {
            FsHandle handle = FsHandle.open(file);
            handle.close();
        }
        assertEquals(0, openOn(target), "descriptors on the file after 100,000 cycles");
        // The handles really were open: one held now is one descriptor on the file.
        try (FsHandle held = FsHandle.open(file)) {
            assertEquals(1, openOn(target));
        }
    }

    private static long openOn(String target) throws IOException {
        return OpenFds.settled().stream().filter(target::equals).count();
    }
}
