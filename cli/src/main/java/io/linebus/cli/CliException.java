package io.linebus.cli;

/**
 * A failure the user can act on (a missing directory, a directory that is not a journal, a missing
 * benchmark runner, a failed consistency check): reported as one line, without a stack trace.
 */
final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    CliException(String message) {
        this(message, CliErrors.EXIT_FAILURE);
    }

    CliException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
