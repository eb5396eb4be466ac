package io.linebus.cli;

import io.linebus.bus.AsyncEventBus;
import io.linebus.cli.Converters.EventTypeConverter;
import io.linebus.cli.Converters.PositionConverter;
import io.linebus.cli.demo.DemoHandlers;
import io.linebus.handlers.BaseHandler;
import io.linebus.journal.ChronicleEventJournal;
import io.linebus.journal.JournalTail;
import io.linebus.journal.JournaledEvent;
import io.linebus.journal.Replay;
import io.linebus.journal.ReplayPace;
import io.linebus.models.EventType;
import io.linebus.routing.EventFilter;
import io.linebus.telemetry.EventMetrics;
import io.linebus.telemetry.EventStats;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code linebus replay}: a journal's events, or a slice of them, into the demo's handlers (or printed). */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {
            "Replays a journal into the demo's handlers, or prints it.",
            "",
            "Replays journaled events into the demo's handlers (first-pass yield, failing steps, open faults) "
                    + "on a fresh AsyncEventBus and prints what they make of them, or prints the events "
                    + "(--print, --json). The journal is only read."})
final class ReplayCommand implements Callable<Integer> {
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "The data directory (with journal/ in it) or the journal directory.")
    Path dir;

    @Option(names = "--from", paramLabel = "INDEX|TIME", converter = PositionConverter.class,
            description = "Start at this journal index, or at the first event appended at or after this time "
                    + "(ISO-8601, e.g. 2025-05-01T10:00:00Z).")
    JournalPosition from;

    @Option(names = "--to", paramLabel = "INDEX|TIME", converter = PositionConverter.class,
            description = "End at this journal index, or with the last event appended at or before this time.")
    JournalPosition to;

    @Option(names = "--type", paramLabel = "T", split = ",", converter = EventTypeConverter.class,
            description = "Only events of these types (wire value or name); repeat or separate with commas.")
    List<EventType> types;

    @Option(names = "--pace", paramLabel = "recorded|max", defaultValue = "max",
            description = "max: as fast as possible; recorded: with the gaps between the events as they were "
                    + "appended (default: ${DEFAULT-VALUE}).")
    String pace;

    @Option(names = "--speed", paramLabel = "X", defaultValue = "1",
            description = "With --pace recorded: X times the recorded speed (default: ${DEFAULT-VALUE}).")
    double speed;

    @Option(names = "--print", description = "Print the events (one per line) instead of handling them.")
    boolean print;

    @Option(names = "--json", description = "Print the events as JSON (one object per line) instead of handling them.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        ReplayPace replayPace = switch (pace.strip().toLowerCase(Locale.ROOT)) {
            case "max" -> ReplayPace.MAX;
            case "recorded" -> ReplayPace.RECORDED;
            default -> throw new ParameterException(spec.commandLine(),
                    "--pace must be recorded or max, got '" + pace + "'");
        };
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new ParameterException(spec.commandLine(), "--speed must be a number > 0, got " + speed);
        }
        PrintWriter out = spec.commandLine().getOut();
        try (ChronicleEventJournal journal = DataDirs.openJournal(dir)) {
            Replay replay = journal.replay().pace(replayPace, speed);
            if (from != null) {
                if (from.isTime()) {
                    replay.fromTime(from.time());
                } else {
                    replay.fromIndex(from.index());
                }
            }
            if (to != null) {
                OptionalLong last = to.isTime() ? lastIndexAtOrBefore(journal, to.time()) : OptionalLong.of(to.index());
                if (last.isEmpty()) {
                    out.println("Replayed 0 events: none was appended at or before " + Format.instant(to.time()));
                    return 0;
                }
                replay.toIndex(last.getAsLong());
            }
            if (types != null && !types.isEmpty()) {
                replay.filter(new EventFilter().byType(types.toArray(EventType[]::new)));
            }
            if (print || json) {
                printEvents(out, replay, journal.directory());
            } else {
                handle(out, replay, journal.directory());
            }
        }
        out.flush();
        return 0;
    }

    /** The index of the last event appended at or before {@code time} (append times never go backwards). */
    private static OptionalLong lastIndexAtOrBefore(ChronicleEventJournal journal, Instant time) {
        OptionalLong last = OptionalLong.empty();
        try (JournalTail tail = journal.tail()) {
            JournaledEvent next;
            while ((next = tail.poll()) != null && !next.appendTime().isAfter(time)) {
                last = OptionalLong.of(next.index());
            }
        }
        return last;
    }

    private void printEvents(PrintWriter out, Replay replay, Path journalDir) {
        long start = System.nanoTime();
        long count = replay.toIndexed((index, event) ->
                out.println(json ? EventLines.json(event) : EventLines.text(index, event)));
        String report = "Replayed " + Format.count(count) + " events from " + journalDir + " in "
                + Format.seconds(Duration.ofNanos(System.nanoTime() - start));
        // JSON lines stay machine-readable: the report goes to stderr then.
        (json ? spec.commandLine().getErr() : out).println(report);
    }

    private void handle(PrintWriter out, Replay replay, Path journalDir) throws Exception {
        DemoHandlers handlers = DemoHandlers.analysis();
        EventMetrics metrics = new EventMetrics();
        AsyncEventBus bus = AsyncEventBus.builder().name("linebus-replay").dispatchThreads(2).metrics(metrics).build();
        handlers.registerOn(bus);
        long[] range = {-1L, -1L};
        long count;
        long start = System.nanoTime();
        boolean idle;
        bus.start();
        try {
            count = replay.toIndexed((index, event) -> {
                if (range[0] < 0) {
                    range[0] = index;
                }
                range[1] = index;
                bus.publish(event);
            });
            idle = bus.awaitIdle(IDLE_TIMEOUT);
        } finally {
            bus.stop();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        out.println("Replayed " + Format.count(count) + " events from " + journalDir
                + (count == 0 ? "" : " (index " + range[0] + " to " + range[1] + ")") + " in " + Format.seconds(took)
                + " (" + Format.perSecond(count / Math.max(took.toNanos() / 1e9, 1e-9)) + " events/s) into "
                + handlers.all().stream().map(BaseHandler::name).collect(Collectors.joining(", ")));
        if (!idle) {
            out.println("  the handlers did not finish within " + IDLE_TIMEOUT.toSeconds() + " s");
        }
        if (metrics.totalDeadLetters() > 0) {
            out.println("  " + Format.count(metrics.totalDeadLetters()) + " events failed in a handler (see the log)");
        }
        for (Map.Entry<String, EventStats> type : metrics.getAllStats().entrySet()) {
            out.printf(Locale.ROOT, "  %-30s %10s%n", type.getKey(), Format.count(type.getValue().count()));
        }
        out.println();
        handlers.printReport(out);
    }
}
