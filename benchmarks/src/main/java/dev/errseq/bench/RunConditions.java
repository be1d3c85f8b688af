package dev.errseq.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a coarse timing run states beside its figures: the load average and this process's
 * niceness. On a shared machine they say how much of a time was waiting for the CPU.
 */
final class RunConditions {
    private RunConditions() {
    }

    /** @return the load average over 1, 5 and 15 minutes, as "1.46, 1.18, 1.47" */
    static String loadAverage() throws IOException {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return fields[0] + ", " + fields[1] + ", " + fields[2];
    }

    /** @return this process's niceness: field 19 of /proc/self/stat, after the command's ')' */
    static String niceness() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16];
    }
}
