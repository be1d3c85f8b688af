package dev.errseq.cli;

import dev.errseq.fs.ErrnoException;
import dev.errseq.fs.FsHandle;
import dev.errseq.fs.WritebackErrorException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code errseq sync}: syncfs, fsync or fdatasync on paths, naming any errno the kernel gives. */
@Command(name = "sync",
        mixinStandardHelpOptions = true,
        versionProvider = ErrseqCommand.Version.class,
        header = "Sync files or whole filesystems and name the writeback error, if any.",
        description = {
            "",
            "Opens each PATH read-only and runs fsync(2) on it (the default, as sync(1) "
                + "does), fdatasync(2) with --data, or syncfs(2) on its whole filesystem with "
                + "--fs. The kernel answers with the writeback error this open file has not been "
                + "told of yet: for fsync and fdatasync the file's own, for syncfs any on the "
                + "filesystem (Linux 5.8 or newer). An error nobody has seen yet reaches this new "
                + "open file too.",
            "",
            "This REPORTS the error, and so consumes it: the kernel marks it seen, and a "
                + "program that opens the file after this command is no longer told. To look "
                + "without consuming, use the tracing monitor or the unseen-error probe of the "
                + "library (see the README).",
            "",
            "Every PATH is tried. The exit status is that of the most serious failure: 74 "
                + "(writeback error) before 77, 66, 69 and 71.",
            "",
            "Example:",
            "  errseq sync --fs /var/lib/db",
            "  syncfs /var/lib/db: ok",
            "",
        })
final class SyncCommand implements Callable<Integer> {
    /** Most serious first: a lost write outweighs every other failure. */
    private static final List<Integer> SEVERITY = List.of(ExitCodes.IO_ERR, ExitCodes.NO_PERM,
            ExitCodes.NO_INPUT, ExitCodes.UNAVAILABLE, ExitCodes.OS_ERR, ExitCodes.OK);

    @Spec
    CommandSpec spec;

    @Mixin
    OutputOptions output;

    @ArgGroup(exclusive = true)
    Mode mode = new Mode();

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Files or directories.")
    List<Path> paths;

    /** Which sync: at most one of the three flags. */
    static final class Mode {
        @Option(names = "--fs", description = "syncfs(2): the whole filesystem holding PATH.")
        boolean fs;

        @Option(names = "--file", description = "fsync(2): PATH's data and metadata (default).")
        boolean file;

        @Option(names = "--data", description = "fdatasync(2): PATH's data and what is needed to read it.")
        boolean data;

        String operation() {
            return fs ? "syncfs" : data ? "fdatasync" : "fsync";
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String operation = mode.operation();
        int status = ExitCodes.OK;
        for (Path path : paths) {
            int result = syncOne(operation, path, out, err);
            status = SEVERITY.indexOf(result) < SEVERITY.indexOf(status) ? result : status;
        }
        out.flush();
        err.flush();
        return status;
    }

    /** Syncs one path, prints its line, returns its exit status. */
    private int syncOne(String operation, Path path, PrintWriter out, PrintWriter err) {
        try (FsHandle handle = FsHandle.open(path)) {
            switch (operation) {
                case "syncfs" -> handle.syncfs();
                case "fdatasync" -> handle.fdatasync();
                default -> handle.fsync();
            }
        } catch (ErrnoException e) {
            int status = Failures.exitCodeOf(e);
            out.println(output.json ? json(operation, path, e) : operation + " " + path + ": "
                    + e.errnoName() + " (errno " + e.errno() + ")"
                    + (e instanceof WritebackErrorException ? ": writeback error, data written"
                            + " before may be lost" : ""));
            if (!(e instanceof WritebackErrorException)) {
                err.println(spec.qualifiedName() + ": " + e.getMessage() + "; " + Failures.fixFor(e));
            }
            return status;
        }
        out.println(output.json ? new Json().put("path", path.toString())
                .put("operation", operation).put("ok", true).toString()
                : operation + " " + path + ": ok");
        return ExitCodes.OK;
    }

    private static String json(String operation, Path path, ErrnoException e) {
        return new Json().put("path", path.toString()).put("operation", operation)
                .put("ok", false).put("errno", e.errno()).put("errno_name", e.errnoName())
                .put("failed_call", e.operation())
                .put("writeback_error", e instanceof WritebackErrorException).toString();
    }
}
