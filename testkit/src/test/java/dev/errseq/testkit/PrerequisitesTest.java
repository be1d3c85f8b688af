package dev.errseq.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The reasons Prerequisites gives, where the answer does not depend on the machine. */
class PrerequisitesTest {
    /** Every kernel has tmpfs: only the lack of root (or of mount itself) can be missing. */
    @Test
    void tmpfsMissesOnlyWhatMountingMisses() {
        assertEquals(Prerequisites.missingForMounting(),
                Prerequisites.missingForFilesystemType("tmpfs"));
    }

    @Test
    void aTypeNoKernelHasIsNamedAsMissing() {
        Optional<String> why = Prerequisites.missingForFilesystemType("errseq-no-such-type");
        assertTrue(why.isPresent());
        Optional<String> mounting = Prerequisites.missingForMounting();
        if (mounting.isPresent()) {
            assertEquals(mounting, why, "not being able to mount at all comes first");
        } else {
            assertEquals("errseq-no-such-type is not in /proc/filesystems: this kernel was built"
                    + " without it, or its module is not loaded (modprobe errseq-no-such-type)",
                    why.get());
        }
    }

    @Test
    void effectiveUidIsWhatIdSays() throws IOException, InterruptedException {
        Process id = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
        String out = new String(id.getInputStream().readAllBytes()).strip();
        assertTrue(id.waitFor(10, TimeUnit.SECONDS));
        assertEquals(Long.parseLong(out), Prerequisites.effectiveUid());
    }

    @Test
    void mountingIsMissingExactlyWhenNotRoot() {
        assertEquals(Prerequisites.effectiveUid() != 0,
                Prerequisites.missingForMounting().orElse("").startsWith("not root"));
    }
}
