package dev.errseq.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
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
}
