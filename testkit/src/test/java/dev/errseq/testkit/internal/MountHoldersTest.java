package dev.errseq.testkit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errseq.testkit.FaultyFilesystem;
import dev.errseq.testkit.FilesystemKind;
import dev.errseq.testkit.Prerequisites;
import dev.errseq.testkit.Skip;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A copy of the mount in another mount namespace is found, and is gone when its process is. */
class MountHoldersTest {
    @Test
    void aMountNamespaceThatCopiedTheMountHoldsItUntilItsProcessEnds() throws Exception {
        Skip.ifMissing(Prerequisites.missingFor(FilesystemKind.EXT4).or(() -> Shell.find("unshare")
                == null ? Optional.of("unshare is missing (util-linux)") : Optional.empty()));
        try (FaultyFilesystem fs = FaultyFilesystem.create(FilesystemKind.EXT4)) {
            assertEquals(List.of(), MountHolders.of(fs.loopDevice()), "our own namespace");
            Process copy = new ProcessBuilder(Shell.find("unshare").toString(), "--mount",
                    "--propagation", "private", "sleep", "60").start();
            try {
                String child = "(pid " + copy.pid() + ", ";
                assertTrue(awaitHolder(fs.loopDevice(), child), "the unshare copy never showed");
            } finally {
                copy.destroy();
                assertTrue(copy.waitFor(10, TimeUnit.SECONDS));
            }
            assertEquals(List.of(), MountHolders.of(fs.loopDevice()), "after the copy ended");
        }
    }

    private static boolean awaitHolder(String device, String holder) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (MountHolders.of(device).stream().anyMatch(h -> h.contains(holder))) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    @Test
    void aDeviceNobodyMountsHasNoHolders() throws IOException {
        assertEquals(List.of(), MountHolders.of("/dev/errseq-no-such-device"));
    }
}
