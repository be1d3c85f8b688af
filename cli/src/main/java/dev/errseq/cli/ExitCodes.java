package dev.errseq.cli;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The exit statuses of every {@code errseq} subcommand, in one place. They follow
 * {@code sysexits.h} where it has a word for the case, so that scripts and service managers
 * read them as they read other tools'.
 */
final class ExitCodes {
    /** All went well: no writeback error, no unseen error, everything agreed; watch was stopped. */
    static final int OK = 0;
    /**
     * The question had the unwelcome answer: {@code probe} found an unseen writeback error,
     * {@code demo} or {@code conformance} found a disagreement.
     */
    static final int FOUND = 1;
    /** EX_USAGE: an unknown option, a missing or malformed argument. */
    static final int USAGE = 64;
    /** EX_DATAERR: the data on disk says no (a dirty marker older than the running boot). */
    static final int DATA_ERR = 65;
    /** EX_NOINPUT: a path that does not exist, or a component that is not a directory. */
    static final int NO_INPUT = 66;
    /**
     * EX_UNAVAILABLE: the filesystem, the kernel or the platform lacks what is needed (for
     * {@code conformance} and the demo's kernel part: loop devices, a mkfs, tracefs).
     */
    static final int UNAVAILABLE = 69;
    /** EX_SOFTWARE: a fault in errseq itself; {@code --verbose} shows the stack trace. */
    static final int SOFTWARE = 70;
    /** EX_OSERR: a system call failed for a reason that is neither data loss nor usage. */
    static final int OS_ERR = 71;
    /** EX_IOERR: the kernel reported a writeback error: data written earlier may be lost. */
    static final int IO_ERR = 74;
    /** EX_TEMPFAIL: try again later (a workdir still in use by a mounted overlay). */
    static final int TEMP_FAIL = 75;
    /** EX_NOPERM: not allowed (not root, or no permission on the path); conformance needs root. */
    static final int NO_PERM = 77;

    /**
     * The list every command's help ends with, status to meaning; {@link Main} puts it under
     * each subcommand so that {@code errseq COMMAND --help} reads like a man page.
     */
    static final Map<String, String> HELP = helpList();

    private static Map<String, String> helpList() {
        Map<String, String> list = new LinkedHashMap<>();
        list.put(" 0", "Success: no writeback error, nothing unseen, everything agreed; watch"
                + " stopped by SIGINT or SIGTERM.");
        list.put(" 1", "The answer is yes: probe found an unseen error; demo or conformance"
                + " a disagreement.");
        list.put("64", "Usage error: unknown option, missing or malformed argument (EX_USAGE).");
        list.put("65", "The data says no: a dirty marker from an earlier boot (EX_DATAERR).");
        list.put("66", "A path does not exist, or is not a directory where one is needed"
                + " (EX_NOINPUT).");
        list.put("69", "Not supported here: filesystem, kernel or platform; for watch no tracefs,"
                + " no filemap events or lockdown; for conformance no loop devices, mkfs or"
                + " tracefs (EX_UNAVAILABLE).");
        list.put("70", "Internal error in errseq; rerun with --verbose (EX_SOFTWARE).");
        list.put("71", "A system call failed for another reason, or the --metrics port could not"
                + " be bound (EX_OSERR).");
        list.put("74", "Writeback error: the kernel lost data written earlier (EX_IOERR).");
        list.put("75", "Busy: try again later, e.g. after unmounting (EX_TEMPFAIL).");
        list.put("77", "Permission denied: run as root or as the file's owner (EX_NOPERM).");
        return Collections.unmodifiableMap(list);
    }

    private ExitCodes() {
    }
}
