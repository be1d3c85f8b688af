package dev.errseq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.errseq.testkit.Prerequisites;
import dev.errseq.testkit.Skip;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * errseq watch refusing bad input in this JVM, before any tracefs instance exists. The watch
 * itself, its signals and its metrics run as the built jar in {@code WatchRunIT}.
 */
class WatchCommandTest {
    @TempDir
    Path tmp;

    @Test
    void aMissingPathIsExit66AndNoInstanceIsMade() throws IOException {
        Skip.ifMissing(Prerequisites.missingForMounting());
        List<String> before = ownInstances();
        Path missing = tmp.resolve("missing");
        CliRun run = CliRun.of("watch", tmp.toString(), missing.toString());
        assertEquals(ExitCodes.NO_INPUT, run.exit(), run.toString());
        assertEquals("", run.out());
        assertEquals(List.of("errseq watch: " + missing + ": no such file or directory; check the"
                + " path"), run.errLines());
        assertEquals(before, ownInstances());
    }

    @Test
    void aNegativeRevealWaitIsAUsageError() {
        DecodeCommandTest.assertUsageError(CliRun.of("watch", "--reveal-wait", "-1"),
                "'--reveal-wait': -1.0 is not 0 to 3600 seconds");
    }

    @Test
    void aRevealWaitThatIsNoNumberIsAUsageError() {
        DecodeCommandTest.assertUsageError(CliRun.of("watch", "--reveal-wait", "soon"),
                "'soon' is not a double");
    }

    @Test
    void helpNamesTheCountersAndTheirLabels() {
        CliRun run = CliRun.of("watch", "--help");
        assertEquals(0, run.exit(), run.toString());
        for (String name : List.of("errseq_writeback_errors_total{device,mountpoint,fstype,errno}",
                "errseq_trace_events_total", "errseq_trace_events_lost_total", "--reveal-wait",
                "errno not\nrevealed")) {
            assertTrue(run.out().contains(name), name + " in " + run.out());
        }
    }

    @Test
    void aMetricsAddressWithoutPortIsAUsageError() {
        DecodeCommandTest.assertUsageError(CliRun.of("watch", "--metrics", "localhost"),
                "'localhost' is not HOST:PORT (write it like 127.0.0.1:9464)");
    }

    @Test
    void aMetricsPortOutOfRangeIsAUsageError() {
        DecodeCommandTest.assertUsageError(CliRun.of("watch", "--metrics", "127.0.0.1:65536"),
                "'127.0.0.1:65536' is not HOST:PORT with a port of 0 to 65535");
    }

    @Test
    void metricsAddressesParseWithIpv6InBrackets() {
        assertEquals(new MetricsAddress("::1", 9464), MetricsAddress.parse("[::1]:9464"));
        assertEquals("http://[::1]:41000/metrics", MetricsAddress.parse("[::1]:0").url(41000));
        assertEquals(new MetricsAddress("0.0.0.0", 0), MetricsAddress.parse("0.0.0.0:0"));
    }

    /** A port in use is exit 71, before the monitor starts: no instance, nothing printed. */
    @Test
    void aMetricsPortInUseIsExit71BeforeTracing() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<String> before = ownInstances();
            String address = "127.0.0.1:" + taken.getLocalPort();
            CliRun run = CliRun.of("watch", "--metrics", address, tmp.toString());
            assertEquals(ExitCodes.OS_ERR, run.exit(), run.toString());
            assertEquals("", run.out());
            assertEquals(1, run.errLines().size(), run.err());
            assertTrue(run.errLines().get(0).startsWith("errseq watch: cannot serve metrics on "
                    + address + ": java.net.BindException: "), run.err());
            assertTrue(run.errLines().get(0).endsWith("; choose another HOST:PORT"), run.err());
            assertEquals(before, ownInstances());
        }
    }

    private static List<String> ownInstances() throws IOException {
        return WatchProcess.instancesOf(ProcessHandle.current().pid());
    }
}
