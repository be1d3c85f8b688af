package dev.errseq.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The machine the report is written on, which is the one the suite just ran on. */
public final class Machine {
    private Machine() {
    }

    /** Such as "AMD EPYC (family 25, model 1), 2 cores, KVM guest, Linux 6.1.0 (x86_64)". */
    public static String describe() {
        List<String> cpuinfo;
        try {
            cpuinfo = Files.readAllLines(Path.of("/proc/cpuinfo"));
        } catch (IOException e) {
            cpuinfo = List.of();
        }
        String model = field(cpuinfo, "model name", System.getProperty("os.arch"));
        String family = field(cpuinfo, "cpu family", null);
        String number = field(cpuinfo, "model", null);
        String flags = field(cpuinfo, "flags", "");
        StringBuilder text = new StringBuilder(model);
        if (family != null && number != null) {
            text.append(" (family ").append(family).append(", model ").append(number).append(')');
        }
        text.append(", ").append(Runtime.getRuntime().availableProcessors()).append(" cores");
        if ((" " + flags + " ").contains(" hypervisor ")) {
            text.append(", virtual machine");
        }
        text.append(", Linux ").append(System.getProperty("os.version"))
                .append(" (").append(System.getProperty("os.arch").toLowerCase(Locale.ROOT))
                .append(')');
        return text.toString();
    }

    private static String field(List<String> cpuinfo, String name, String otherwise) {
        for (String line : cpuinfo) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equals(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return otherwise;
    }
}
