package dev.errseq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the leak checks count as growth: only descriptors a later reading adds. */
class OpenFdsTest {
    @TempDir
    Path temp;

    @Test
    void aDescriptorTheJvmClosedMeanwhileIsNoGrowth() {
        List<String> before = List.of("/dev/urandom", "/opt/lib/a.jar", "socket:[7]");
        List<String> after = List.of("/dev/urandom", "socket:[7]");
        assertEquals(List.of(), OpenFds.added(before, after));
    }

    @Test
    void aSecondDescriptorOnTheSameFileIsGrowth() {
        List<String> before = List.of("/dev/null", "/dev/urandom");
        List<String> after = List.of("/dev/null", "/dev/null", "/dev/urandom");
        assertEquals(List.of("/dev/null"), OpenFds.added(before, after));
    }

    @Test
    void aReadingHoldsADescriptorOpenAcrossIt() throws IOException {
        Path file = Files.createFile(temp.resolve("held"));
        String target = file.toRealPath().toString();
        // Only the file's entries are compared: this JVM also runs surefire and other tests.
        List<String> before = OpenFds.settled();
        try (FileInputStream held = new FileInputStream(file.toFile())) {
            assertTrue(OpenFds.added(before, OpenFds.settled()).contains(target));
        }
        assertFalse(OpenFds.added(before, OpenFds.settled()).contains(target));
    }
}
