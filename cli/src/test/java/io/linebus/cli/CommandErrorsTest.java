package io.linebus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.linebus.journal.ChronicleEventJournal;
import io.linebus.models.Event;
import io.linebus.models.EventType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Help, bad arguments and failures of every command: one line on stderr, the right exit code, no stack trace. */
class CommandErrorsTest {
    @TempDir
    Path temp;

    @ParameterizedTest
    @ValueSource(strings = {"", "demo", "replay", "tail", "dlq", "dlq list", "dlq show", "dlq requeue", "dlq purge",
        "stats", "bench"})
    void everyCommandHasHelp(String command) {
        List<String> args = new ArrayList<>(command.isEmpty() ? List.of() : List.of(command.split(" ")));
        args.add("--help");
        Cli.Result help = Cli.run(args.toArray(String[]::new));
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).startsWith("Usage: linebus" + (command.isEmpty() ? "" : " " + command)).contains("--help");
        assertThat(help.err()).isEmpty();
    }

    @Test
    void helpSubcommandAndVersion() {
        assertThat(Cli.run("help", "tail").out()).startsWith("Usage: linebus tail");
        Cli.Result version = Cli.run("--version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).startsWith("linebus ");
    }

    @Test
    void noCommandIsABadArgument() {
        assertBadArguments(Cli.run(), "linebus: Missing command: demo, replay, tail, dlq, stats or bench (see 'linebus --help')");
        assertBadArguments(Cli.run("frobnicate"), "linebus: Unmatched argument at index 0: 'frobnicate'");
        assertBadArguments(Cli.run("dlq"), "linebus: Missing required parameter: 'DIR' (see 'linebus dlq --help')");
        assertBadArguments(Cli.run("dlq", "list"), "linebus: Missing required parameter: 'DIR' (see 'linebus dlq --help')");
        assertBadArguments(Cli.run("dlq", temp.toString()), "linebus: Missing dlq command: list, show, requeue or purge");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--rate fast", "--rate 0", "--rate -5", "--duration soon", "--duration 0s",
        "--stations 0", "--stations 100", "--stations many", "--max-events 0", "--unknown"})
    void demoRejectsBadArguments(String arguments) {
        List<String> args = new ArrayList<>(List.of("demo", "--data", temp.resolve("unused").toString()));
        args.addAll(List.of(arguments.split(" ")));
        Cli.Result result = Cli.run(args.toArray(String[]::new));
        assertBadArguments(result, "linebus: ");
        assertThat(result.err()).endsWith("(see 'linebus demo --help')" + System.lineSeparator());
        assertThat(temp.resolve("unused")).doesNotExist();
    }

    @Test
    void replayAndTailRejectBadArguments() throws IOException {
        Path data = journalWithOneEvent();
        assertBadArguments(Cli.run("replay", data.toString(), "--from", "yesterday"),
                "linebus: Invalid value for option '--from': 'yesterday' is neither a journal index nor an ISO-8601 time");
        assertBadArguments(Cli.run("replay", data.toString(), "--pace", "slow"),
                "linebus: --pace must be recorded or max, got 'slow'");
        assertBadArguments(Cli.run("replay", data.toString(), "--speed", "0"), "linebus: --speed must be a number > 0");
        assertBadArguments(Cli.run("replay", data.toString(), "--type", "test.passed"),
                "linebus: Invalid value for option '--type' (T): unknown event type 'test.passed'; one of: test.result, ");
        assertBadArguments(Cli.run("tail", data.toString(), "--limit", "0"), "linebus: --limit must be at least 1");
        assertBadArguments(Cli.run("tail"), "linebus: Missing required parameter: 'DIR'");
        assertBadArguments(Cli.run("stats", data.toString(), "extra"), "linebus: Unmatched argument");
    }

    @ParameterizedTest
    @ValueSource(strings = {"stats", "tail", "replay", "dlq list", "dlq show", "dlq requeue", "dlq purge"})
    void aMissingDirectoryIsOneLineAndExitCode1(String command) {
        Path missing = temp.resolve("nowhere");
        assertFailure(Cli.run(withDir(command, missing)), "linebus: no such directory: " + missing);
    }

    @ParameterizedTest
    @ValueSource(strings = {"stats", "tail", "replay"})
    void aDirectoryThatIsNotAJournalSaysWhereItLooked(String command) throws IOException {
        Files.writeString(temp.resolve("notes.txt"), "not a journal");
        assertFailure(Cli.run(withDir(command, temp)), "linebus: " + temp + " is not a linebus journal: no journal files in "
                + temp.resolve("journal") + " or in " + temp);
        Path file = temp.resolve("notes.txt");
        assertFailure(Cli.run(withDir(command, file)), "linebus: not a directory: " + file);
    }

    @Test
    void dlqWithoutDeadLettersSaysWhereItLooked() throws IOException {
        Path data = journalWithOneEvent();
        assertFailure(Cli.run("dlq", data.toString(), "list"), "linebus: no dead letter queue in " + data
                + ": no queue files in " + data.resolve("dlq") + " or in " + data);
        // A journal directory is not taken for a dead letter queue.
        assertFailure(Cli.run("dlq", data.resolve("journal").toString(), "list"), "linebus: no dead letter queue in ");
    }

    @Test
    void demoIntoADirectoryThatHoldsSomethingElseFailsWithTheJournalsMessage() throws IOException {
        Files.createDirectories(temp.resolve("journal"));
        Files.writeString(temp.resolve("journal").resolve("photo.jpg"), "jpeg");
        Cli.Result result = Cli.run("demo", "--duration", "1s", "--data", temp.toString());
        assertFailure(result, "linebus: Cannot open journal " + temp.resolve("journal").toAbsolutePath()
                + ": it is not a journal (it holds photo.jpg but no Chronicle Queue files)");
    }

    @Test
    void verboseAddsTheStackTraceOfAFailure() {
        Path missing = temp.resolve("nowhere");
        Cli.Result quiet = Cli.run("stats", missing.toString());
        assertThat(quiet.err()).doesNotContain("\tat ");
        Cli.Result verbose = Cli.run("--verbose", "stats", missing.toString());
        assertThat(verbose.exitCode()).isEqualTo(1);
        assertThat(verbose.errLines().get(0)).isEqualTo("linebus: no such directory: " + missing);
        assertThat(verbose.err()).contains("CliException", "\tat io.linebus.cli.");
        // The option is inherited: it works after the command name too.
        assertThat(Cli.run("stats", "--verbose", missing.toString()).err()).contains("\tat io.linebus.cli.");
    }

    @Test
    void benchWithoutARunnerSaysSo() {
        Cli.Result result = Cli.run("bench", "--quick", "--home", temp.toString());
        assertFailure(result, "linebus: no benchmark runner: " + temp.resolve("benchmarks/run.sh") + " does not exist");
    }

    @Test
    void benchStreamsTheRunnersOutputThenPrintsTheSummary() throws IOException {
        writeRunner("echo \"running with: $*\"\nmkdir -p benchmarks/target/perf-quick perf-results\n"
                + "printf '# quick\\nratio 12.3\\n' > benchmarks/target/perf-quick/SUMMARY.md\n"
                + "printf '# full\\nratio 9.9\\n' > perf-results/SUMMARY.md\n");
        Cli.Result quick = Cli.run("bench", "--quick", "--filter", "Codec.*", "--home", temp.toString());
        assertThat(quick.exitCode()).as(quick.err()).isZero();
        assertThat(quick.out()).startsWith("running with: --quick --filter Codec.*").endsWith("# quick\nratio 12.3\n");
        Cli.Result full = Cli.run("bench", "--home", temp.toString());
        assertThat(full.out()).endsWith("# full\nratio 9.9\n");
    }

    @Test
    void benchReportsAFailedRunnerAndAMissingSummary() throws IOException {
        writeRunner("echo boom\nexit 3\n");
        Cli.Result failed = Cli.run("bench", "--home", temp.toString());
        assertThat(failed.out()).isEqualTo("boom" + System.lineSeparator());
        assertFailure(failed, "linebus: benchmarks/run.sh failed with exit code 3");

        writeRunner("echo done\n");
        assertFailure(Cli.run("bench", "--home", temp.toString()), "linebus: benchmarks/run.sh finished but wrote no "
                + temp.resolve("perf-results/SUMMARY.md"));
    }

    private void writeRunner(String body) throws IOException {
        Files.createDirectories(temp.resolve("benchmarks"));
        Files.writeString(temp.resolve("benchmarks/run.sh"), "#!/usr/bin/env bash\nset -e\n" + body);
    }

    private Path journalWithOneEvent() {
        Path data = temp.resolve("data");
        try (ChronicleEventJournal journal = ChronicleEventJournal.open(data.resolve("journal"))) {
            journal.append(Event.create(EventType.CUSTOM, Map.of("n", 1)));
        }
        return data;
    }

    private static String[] withDir(String command, Path dir) {
        String[] words = command.split(" ");
        List<String> args = new ArrayList<>();
        args.add(words[0]);
        args.add(dir.toString());
        args.addAll(List.of(words).subList(1, words.length));
        return args.toArray(String[]::new);
    }

    private static void assertBadArguments(Cli.Result result, String errorStart) {
        assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
        assertOneLine(result, errorStart);
    }

    private static void assertFailure(Cli.Result result, String errorStart) {
        assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
        assertOneLine(result, errorStart);
    }

    private static void assertOneLine(Cli.Result result, String errorStart) {
        assertThat(result.errLines()).hasSize(1);
        assertThat(result.err()).startsWith(errorStart).doesNotContain("Exception", "\tat ");
    }
}
