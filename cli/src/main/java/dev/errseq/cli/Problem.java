package dev.errseq.cli;

/**
 * A failure the command explains in one line: what is wrong and what to do, with the exit
 * status that goes with it. Subcommands throw it; {@link Main} prints it without a stack
 * trace unless {@code --verbose} was given.
 */
final class Problem extends Exception {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    Problem(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    Problem(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
