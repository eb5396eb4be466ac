package io.linebus.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code linebus} command: a simulated production line through the engine ({@code demo}), and
 * the operator's tools for a journal and its dead letters ({@code replay}, {@code tail}, {@code dlq},
 * {@code stats}), plus {@code bench}.
 *
 * <p>Run it through {@link #newCommandLine()}, which installs the error handling every command
 * relies on: a one-line {@code linebus: <message>} on stderr, exit code 2 for bad arguments and 1
 * for failures, stack traces only with {@code --verbose}.
 */
@Command(name = "linebus",
        mixinStandardHelpOptions = true,
        versionProvider = LinebusCommand.Version.class,
        description = {
            "Carries manufacturing test and production events from the line to the handlers that analyse and "
                    + "forward them: a Disruptor ring, a Chronicle Queue journal, persistent dead letters.",
            "",
            "Start with: linebus demo"},
        subcommands = {DemoCommand.class, ReplayCommand.class, TailCommand.class, DlqCommand.class,
            StatsCommand.class, BenchCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 success, 1 failure, 2 bad arguments."})
public final class LinebusCommand implements Callable<Integer> {
    /** The global option; read from the parse result (see {@link #isVerbose(ParseResult)}), not from this field. */
    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Log at INFO level and show the stack trace of a failure.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing command: demo, replay, tail, dlq, stats or bench");
    }

    /** A command line for {@code linebus} with its error handling and logging set up; set out/err, then execute. */
    public static CommandLine newCommandLine() {
        CommandLine commandLine = new CommandLine(new LinebusCommand());
        CliErrors errors = new CliErrors();
        commandLine.setParameterExceptionHandler(errors);
        commandLine.setExecutionExceptionHandler(errors);
        commandLine.setExecutionStrategy(parseResult -> {
            Logging.configure(isVerbose(parseResult));
            return new CommandLine.RunLast().execute(parseResult);
        });
        return commandLine;
    }

    /** Whether {@code --verbose} was given on the command or any of its subcommands. */
    static boolean isVerbose(ParseResult parseResult) {
        for (ParseResult level = parseResult; level != null; level = level.subcommand()) {
            if (level.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    public static void main(String[] args) {
        // A safety net for `java -jar` without the launcher's flags: Chronicle must never call home.
        System.setProperty("chronicle.analytics.disable", "true");
        System.exit(newCommandLine().execute(args));
    }

    /** The version from the jar manifest; "development build" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = LinebusCommand.class.getPackage().getImplementationVersion();
            return new String[] {"linebus " + (version == null ? "(development build)" : version)};
        }
    }
}
