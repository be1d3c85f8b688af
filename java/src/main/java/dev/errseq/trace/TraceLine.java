package dev.errseq.trace;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of an instance's text {@code trace_pipe}, as Linux prints it with the default
 * options:
 *
 * <pre>
 *      ksoftirqd/1-22      [001] .Ns..   165.426090: filemap_set_wb_err: dev=7:0 ino=0xc errseq=0x0
 *          python3-6238    [000] ...1.   166.729525: file_check_and_advance_wb_err: file=00000000c734aebf dev=7:0 ino=0xc old=0x0 new=0x101c
 *             bash-6358    [000] ...1.   168.621897: tracing_mark_write: hello
 * CPU:1 [LOST 1204 EVENTS]
 * </pre>
 *
 * <p>The task name may hold spaces and dashes, so the pid is the last {@code -digits} before
 * the CPU column. The flags column and a {@code (tgid)} column are optional (trace_options
 * irq-info and record-tgid).
 */
sealed interface TraceLine {
    /** The header of every event line: task, pid, optional tgid, CPU, optional flags, time. */
    Pattern HEADER = Pattern.compile(
            "^\\s*(.*)-(\\d+)\\s+(?:\\(\\s*[-\\d]+\\)\\s+)?\\[(\\d+)\\]\\s+(?:\\S+\\s+)?"
                    + "(\\d+)\\.(\\d+):\\s+(\\w+):\\s?(.*)$");
    Pattern SET = Pattern.compile(
            "^dev=(\\d+):(\\d+) ino=0x([0-9a-f]+) errseq=0x([0-9a-f]+)$");
    Pattern ADVANCE = Pattern.compile(
            "^file=(\\S+) dev=(\\d+):(\\d+) ino=0x([0-9a-f]+) old=0x([0-9a-f]+)"
                    + " new=0x([0-9a-f]+)$");
    Pattern LOST = Pattern.compile("^CPU:(\\d+) \\[LOST (\\d+) EVENTS\\]$");

    /** An event of either kind, its fields as traced. */
    record Event(long timestampNanos, int cpu, int pid, String comm, boolean isSet,
            DeviceNumber device, long inode, String file, int word, int newCursor)
            implements TraceLine {
    }

    /** The kernel overwrote {@code count} events of {@code cpu} before they were read. */
    record Lost(int cpu, long count) implements TraceLine {
    }

    /** A line written to the instance's {@code trace_marker}. */
    record Marker(String text) implements TraceLine {
    }

    /** Anything else (another event, a blank line): ignored, but kept for diagnostics. */
    record Other(String line) implements TraceLine {
    }

    /**
     * Parses one line.
     *
     * @throws IllegalArgumentException if a filemap event's fields do not have the expected
     *     form (a kernel that prints them differently)
     */
    static TraceLine parse(String line) {
        Matcher lost = LOST.matcher(line);
        if (lost.matches()) {
            return new Lost(Integer.parseInt(lost.group(1)), Long.parseLong(lost.group(2)));
        }
        Matcher header = HEADER.matcher(line);
        if (!header.matches()) {
            return new Other(line);
        }
        String name = header.group(6);
        String fields = header.group(7);
        long time = nanos(header.group(4), header.group(5));
        int cpu = Integer.parseInt(header.group(3));
        int pid = Integer.parseInt(header.group(2));
        String comm = header.group(1).strip();
        switch (name) {
            case "filemap_set_wb_err" -> {
                Matcher m = matching(SET, fields, line);
                return new Event(time, cpu, pid, comm, true, device(m.group(1), m.group(2)),
                        Long.parseUnsignedLong(m.group(3), 16), "", word(m.group(4)), 0);
            }
            case "file_check_and_advance_wb_err" -> {
                Matcher m = matching(ADVANCE, fields, line);
                return new Event(time, cpu, pid, comm, false, device(m.group(2), m.group(3)),
                        Long.parseUnsignedLong(m.group(4), 16), m.group(1), word(m.group(5)),
                        word(m.group(6)));
            }
            case "tracing_mark_write" -> {
                return new Marker(fields.strip());
            }
            default -> {
                return new Other(line);
            }
        }
    }

    private static Matcher matching(Pattern pattern, String fields, String line) {
        Matcher m = pattern.matcher(fields);
        if (!m.matches()) {
            throw new IllegalArgumentException("unexpected fields in trace line: " + line);
        }
        return m;
    }

    private static DeviceNumber device(String major, String minor) {
        return new DeviceNumber(Integer.parseInt(major), Integer.parseInt(minor));
    }

    private static int word(String hex) {
        return Integer.parseUnsignedInt(hex, 16);
    }

    /** "165" and "426090" (any number of fraction digits) as nanoseconds. */
    private static long nanos(String seconds, String fraction) {
        String digits = (fraction + "000000000").substring(0, 9);
        return Long.parseLong(seconds) * 1_000_000_000L + Long.parseLong(digits);
    }
}
