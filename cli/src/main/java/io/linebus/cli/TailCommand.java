package io.linebus.cli;

import io.linebus.cli.Converters.EventTypeConverter;
import io.linebus.journal.ChronicleEventJournal;
import io.linebus.journal.JournalTail;
import io.linebus.journal.JournaledEvent;
import io.linebus.models.Event;
import io.linebus.models.EventType;
import io.linebus.routing.EventFilter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code linebus tail}: the journal's events, one per line or as JSON, and with {@code --follow} the new ones as they come. */
@Command(name = "tail", mixinStandardHelpOptions = true,
        description = {
            "Prints a journal's events; --follow keeps printing new ones.",
            "",
            "One event per line (index, time, type, source, key fields) or as JSON (one object per line, the "
                    + "pyWATS Event.to_dict() form). With --follow it keeps printing events as they are appended, "
                    + "also by another process, until Ctrl-C. The journal is only read."})
final class TailCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "The data directory (with journal/ in it) or the journal directory.")
    Path dir;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new events until Ctrl-C.")
    boolean follow;

    @Option(names = "--from-end", description = "Skip the events already in the journal: print only new ones.")
    boolean fromEnd;

    @Option(names = "--type", paramLabel = "T", split = ",", converter = EventTypeConverter.class,
            description = "Only events of these types (wire value or name, e.g. test.result or TEST_RESULT); repeat or separate with commas.")
    List<EventType> types;

    @Option(names = "--json", description = "Print each event as JSON.")
    boolean json;

    @Option(names = {"-n", "--limit"}, paramLabel = "N", description = "Stop after printing N events.")
    Long limit;

    private PrintWriter out;
    private Predicate<Event> filter;
    private long printed;

    @Override
    public Integer call() {
        if (limit != null && limit < 1) {
            throw new ParameterException(spec.commandLine(), "--limit must be at least 1, got " + limit);
        }
        out = spec.commandLine().getOut();
        filter = types == null || types.isEmpty() ? event -> true : new EventFilter().byType(types.toArray(EventType[]::new));
        long max = limit == null ? Long.MAX_VALUE : limit;
        try (JournalTail tail = ChronicleEventJournal.tail(DataDirs.journal(dir))) {
            if (fromEnd) {
                tail.fromEnd();
            }
            if (follow) {
                try (StopSignal stop = StopSignal.onShutdown(Duration.ofSeconds(2))) {
                    tail.follow(event -> {
                        print(event);
                        out.flush();
                    }, () -> printed < max && !stop.requested() && !Thread.currentThread().isInterrupted());
                }
            } else {
                JournaledEvent next;
                while (printed < max && (next = tail.poll()) != null) {
                    print(next);
                }
            }
        }
        out.flush();
        return 0;
    }

    private void print(JournaledEvent journaled) {
        if (filter.test(journaled.event())) {
            out.println(json ? EventLines.json(journaled.event()) : EventLines.text(journaled.index(), journaled.event()));
            printed++;
        }
    }
}
