package io.linebus.cli;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * How {@code linebus} reports what went wrong: one line, {@code linebus: <message>}, on stderr. Bad
 * arguments exit with 2 and point at the command's {@code --help}; failures while running exit with
 * 1 (or a {@link CliException}'s code) and show a stack trace only with {@code --verbose}.
 */
final class CliErrors implements IParameterExceptionHandler, IExecutionExceptionHandler {
    static final int EXIT_FAILURE = 1;
    static final int EXIT_BAD_ARGUMENTS = 2;

    @Override
    public int handleParseException(ParameterException error, String[] args) {
        CommandLine commandLine = error.getCommandLine();
        PrintWriter err = commandLine.getErr();
        err.println("linebus: " + oneLine(error.getMessage()) + " (see '"
                + commandLine.getCommandSpec().qualifiedName() + " --help')");
        err.flush();
        return EXIT_BAD_ARGUMENTS;
    }

    @Override
    public int handleExecutionException(Exception error, CommandLine commandLine, ParseResult parseResult) {
        Throwable cause = unwrap(error);
        PrintWriter err = commandLine.getErr();
        err.println("linebus: " + describe(cause));
        if (LinebusCommand.isVerbose(parseResult)) {
            cause.printStackTrace(err);
        }
        err.flush();
        return cause instanceof CliException cli ? cli.exitCode() : EXIT_FAILURE;
    }

    /** The message a user should read: the exception's own, or its type when it has none. */
    private static String describe(Throwable error) {
        String message = error.getMessage();
        if (error instanceof CliException || error instanceof IllegalArgumentException
                || error instanceof IllegalStateException || error.getClass().getName().startsWith("io.linebus.")) {
            return message == null ? error.getClass().getSimpleName() : oneLine(message);
        }
        return error.getClass().getSimpleName() + (message == null ? "" : ": " + oneLine(message));
    }

    private static Throwable unwrap(Throwable error) {
        Throwable current = error;
        while ((current instanceof ExecutionException || current instanceof CompletionException
                || current instanceof InvocationTargetException) && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    private static String oneLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }
}
