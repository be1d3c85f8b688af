package dev.errseq.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What the testkit tells a command about the machine. */
class PrerequisitesTest {
    @Test
    void effectiveUidIsWhatIdSays() throws IOException, InterruptedException {
        Process id = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
        String out = new String(id.getInputStream().readAllBytes()).strip();
        assertEquals(true, id.waitFor(10, TimeUnit.SECONDS));
        assertEquals(Long.parseLong(out), Prerequisites.effectiveUid());
    }

    @Test
    void mountingIsMissingExactlyWhenNotRoot() {
        assertEquals(Prerequisites.effectiveUid() != 0,
                Prerequisites.missingForMounting().orElse("").startsWith("not root"));
    }
}
