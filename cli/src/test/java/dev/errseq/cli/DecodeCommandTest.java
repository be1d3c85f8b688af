package dev.errseq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** errseq decode: the words the kernel's tracepoints and crash dumps show, spelled out. */
class DecodeCommandTest {
    @Test
    void theWordAnFsyncLeavesAfterENOSPCIsSpelledOut() {
        // file_check_and_advance_wb_err ... new=0x101c: ENOSPC, seen, counter 0.
        CliRun run = CliRun.of("decode", "0x101c");
        assertEquals(0, run.exit());
        assertEquals(List.of("0x0000101c upstream: counter 0, errno 28 ENOSPC, SEEN"), run.outLines());
        assertEquals("", run.err());
    }

    @Test
    void severalWordsWithAndWithout0xAndTheEpoch() {
        CliRun run = CliRun.of("decode", "1c", "0X3005", "0");
        assertEquals(0, run.exit());
        assertEquals(List.of(
                "0x0000001c upstream: counter 0, errno 28 ENOSPC",
                "0x00003005 upstream: counter 1, errno 5 EIO, SEEN",
                "0x00000000 upstream: the epoch, no error ever"), run.outLines());
    }

    @Test
    void theSplitLayoutNamesBothFlagsAndItsOwnCounter() {
        CliRun run = CliRun.of("decode", "--layout", "split", "0x3005", "0x401c", "0x6005");
        assertEquals(0, run.exit());
        assertEquals(List.of(
                "0x00003005 split: counter 0, errno 5 EIO, REPORTED, OBSERVED",
                "0x0000401c split: counter 1, errno 28 ENOSPC",
                "0x00006005 split: counter 1, errno 5 EIO, OBSERVED"), run.outLines());
    }

    @Test
    void theHighestWordHasTheWholeCounter() {
        CliRun run = CliRun.of("decode", "ffffffff");
        assertEquals(0, run.exit());
        assertTrue(run.out().startsWith("0xffffffff upstream: counter 524287, errno 4095 "),
                run.out());
        assertTrue(run.out().strip().endsWith(", SEEN"), run.out());
    }

    @Test
    void jsonIsOneObjectPerWord() {
        CliRun up = CliRun.of("decode", "--json", "0x101c", "0");
        assertEquals(List.of(
                "{\"word\":\"0x0000101c\",\"layout\":\"upstream\",\"errno\":28,\"errno_name\":\"ENOSPC\","
                        + "\"counter\":0,\"seen\":true}",
                "{\"word\":\"0x00000000\",\"layout\":\"upstream\",\"errno\":0,\"errno_name\":null,"
                        + "\"counter\":0,\"seen\":false}"), up.outLines());
        CliRun split = CliRun.of("decode", "--json", "-l", "SPLIT", "0x2005");
        assertEquals(List.of("{\"word\":\"0x00002005\",\"layout\":\"split\",\"errno\":5,"
                + "\"errno_name\":\"EIO\",\"counter\":0,\"reported\":false,\"observed\":true}"),
                split.outLines());
    }

    @Test
    void aBadHexValueIsAUsageErrorInOneLine() {
        assertUsageError(CliRun.of("decode", "0xZZ"),
                "'0xZZ' is not a 32-bit hex word (write it like 0x101c)");
    }

    @Test
    void nineHexDigitsDoNotFitTheWord() {
        assertUsageError(CliRun.of("decode", "0x1000000000"), "'0x1000000000' is not a 32-bit hex word");
    }

    @Test
    void anUnknownLayoutIsAUsageError() {
        assertUsageError(CliRun.of("decode", "--layout", "mainline", "0x101c"),
                "'mainline' is no layout (use upstream or split)");
    }

    @Test
    void noWordIsAUsageError() {
        assertUsageError(CliRun.of("decode"), "Missing required parameter: 'WORD'");
    }

    /** Exit 64, nothing on stdout, one line on stderr naming the problem and the help to read. */
    static void assertUsageError(CliRun run, String problem) {
        assertEquals(ExitCodes.USAGE, run.exit(), run.toString());
        assertEquals("", run.out());
        assertEquals(1, run.errLines().size(), run.err());
        String line = run.errLines().get(0);
        assertTrue(line.matches("errseq( [a-z]+)*: .*"), line);
        assertTrue(line.contains(problem), line);
        assertTrue(line.endsWith(" --help'"), line);
    }
}
