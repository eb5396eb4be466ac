package io.linebus.cli;

import io.linebus.bus.AsyncEventBus;
import io.linebus.cli.Converters.EventTypeConverter;
import io.linebus.cli.demo.DemoHandlers;
import io.linebus.cli.demo.FlakyUploader;
import io.linebus.journal.ChronicleDeadLetterQueue;
import io.linebus.journal.ChronicleEventJournal;
import io.linebus.models.EventType;
import io.linebus.models.IsoTimes;
import io.linebus.policies.DeadLetterEntry;
import io.linebus.policies.ErrorPolicy;
import io.linebus.telemetry.EventMetrics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code linebus dlq DIR list|show|requeue|purge}: the persistent dead letters of a data directory.
 * Entries are numbered oldest first (1 is the next one {@code pop} would take).
 */
@Command(name = "dlq", mixinStandardHelpOptions = true,
        description = {
            "Lists, shows, requeues or purges the persistent dead letters.",
            "",
            "Dead letters (DIR/dlq) are events a handler failed on for good, kept with the error across "
                    + "restarts. Run these commands while no demo is writing to DIR."},
        subcommands = {DlqCommand.ListEntries.class, DlqCommand.Show.class, DlqCommand.Requeue.class,
            DlqCommand.Purge.class})
final class DlqCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    // Optional for picocli only, so that `linebus dlq list --help` works; every subcommand needs it (see dir()).
    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR",
            description = "The data directory (with dlq/ in it) or the dead letter directory.")
    Path dir;

    @Override
    public Integer call() {
        dir();
        throw new ParameterException(spec.commandLine(), "Missing dlq command: list, show, requeue or purge");
    }

    private Path dir() {
        if (dir == null) {
            throw new ParameterException(spec.commandLine(), "Missing required parameter: 'DIR'");
        }
        return dir;
    }

    private ChronicleDeadLetterQueue open() {
        return ChronicleDeadLetterQueue.open(DataDirs.deadLetters(dir()));
    }

    /** The entries, oldest first. */
    private static List<DeadLetterEntry> oldestFirst(ChronicleDeadLetterQueue deadLetters) {
        List<DeadLetterEntry> entries = new ArrayList<>(deadLetters.getEntries());
        Collections.reverse(entries);
        return entries;
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Lists the dead letters, oldest first: number, time, event type, handler, retries, error.")
    static final class ListEntries implements Callable<Integer> {
        @ParentCommand
        DlqCommand parent;

        @Spec
        CommandSpec spec;

        @Option(names = "--type", paramLabel = "T", converter = EventTypeConverter.class,
                description = "Only entries whose event has this type.")
        EventType type;

        @Option(names = {"-n", "--limit"}, paramLabel = "N", description = "List at most N entries.")
        Integer limit;

        @Override
        public Integer call() {
            if (limit != null && limit < 1) {
                throw new ParameterException(spec.commandLine(), "--limit must be at least 1, got " + limit);
            }
            PrintWriter out = spec.commandLine().getOut();
            try (ChronicleDeadLetterQueue deadLetters = parent.open()) {
                List<DeadLetterEntry> entries = oldestFirst(deadLetters);
                out.println(Format.count(entries.size()) + " dead letters in " + deadLetters.directory());
                String format = "%5s  %-32s  %-26s  %-16s  %7s  %s%n";
                if (!entries.isEmpty()) {
                    out.printf(Locale.ROOT, format, "#", "dead-lettered at", "event type", "handler", "retries", "error");
                }
                int shown = 0;
                for (int i = 0; i < entries.size() && (limit == null || shown < limit); i++) {
                    DeadLetterEntry entry = entries.get(i);
                    if (type != null && entry.event().eventType() != type) {
                        continue;
                    }
                    out.printf(Locale.ROOT, format, i + 1, IsoTimes.format(entry.timestamp()),
                            entry.event().eventType().value(), entry.handlerName() == null ? "-" : entry.handlerName(),
                            entry.retryCount(), entry.errorType() + ": " + entry.errorMessage());
                    shown++;
                }
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Shows one dead letter in full, with its event as JSON.")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        DlqCommand parent;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", arity = "0..1", paramLabel = "N|EVENT_ID", defaultValue = "1",
                description = "The entry's number in 'list' or (the start of) its event id (default: ${DEFAULT-VALUE}, the oldest).")
        String which;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (ChronicleDeadLetterQueue deadLetters = parent.open()) {
                List<DeadLetterEntry> entries = oldestFirst(deadLetters);
                int position = find(entries);
                DeadLetterEntry entry = entries.get(position);
                String row = "%-18s %s%n";
                out.printf(Locale.ROOT, row, "entry", (position + 1) + " of " + entries.size());
                out.printf(Locale.ROOT, row, "event id", entry.event().id());
                out.printf(Locale.ROOT, row, "event type", entry.event().eventType().value());
                out.printf(Locale.ROOT, row, "source", entry.event().source());
                out.printf(Locale.ROOT, row, "dead-lettered at", IsoTimes.format(entry.timestamp()));
                out.printf(Locale.ROOT, row, "handler", entry.handlerName() == null ? "-" : entry.handlerName());
                out.printf(Locale.ROOT, row, "retries", entry.retryCount());
                out.printf(Locale.ROOT, row, "error", entry.errorType());
                out.printf(Locale.ROOT, row, "message", entry.errorMessage());
                out.printf(Locale.ROOT, row, "event", EventLines.json(entry.event()));
            }
            out.flush();
            return 0;
        }

        private int find(List<DeadLetterEntry> entries) {
            if (entries.isEmpty()) {
                throw new CliException("the dead letter queue is empty");
            }
            if (which.chars().allMatch(Character::isDigit) && which.length() < 10) {
                int number = Integer.parseInt(which);
                if (number < 1 || number > entries.size()) {
                    throw new ParameterException(spec.commandLine(),
                            "no entry " + number + ": the queue holds entries 1 to " + entries.size());
                }
                return number - 1;
            }
            int found = -1;
            for (int i = 0; i < entries.size(); i++) {
                if (entries.get(i).event().id().startsWith(which)) {
                    if (found >= 0) {
                        throw new ParameterException(spec.commandLine(),
                                "'" + which + "' matches more than one event id; give more of it");
                    }
                    found = i;
                }
            }
            if (found < 0) {
                throw new ParameterException(spec.commandLine(), "no dead letter with event id '" + which + "'");
            }
            return found;
        }
    }

    @Command(name = "requeue", mixinStandardHelpOptions = true,
            description = {
                "Hands every dead letter back to the handler that failed it.",
                "",
                "Runs a bus with the demo's handlers (the uploader's server is back now) on the journal beside "
                        + "DIR/dlq. An entry leaves the queue once the bus took it; one that fails again is "
                        + "dead-lettered again."})
    static final class Requeue implements Callable<Integer> {
        private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);

        @ParentCommand
        DlqCommand parent;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            Path deadLetterDir = DataDirs.deadLetters(parent.dir());
            Optional<Path> journalDir = DataDirs.journalBeside(deadLetterDir);
            try (ChronicleDeadLetterQueue deadLetters = ChronicleDeadLetterQueue.open(deadLetterDir);
                    ChronicleEventJournal journal = journalDir.map(ChronicleEventJournal::open).orElse(null)) {
                int before = deadLetters.size();
                if (before == 0) {
                    out.println("Nothing to requeue: no dead letters in " + deadLetters.directory());
                    return 0;
                }
                DemoHandlers handlers = DemoHandlers.withUploader(FlakyUploader.reliable());
                EventMetrics metrics = new EventMetrics();
                AsyncEventBus bus = AsyncEventBus.builder()
                        .name("linebus-requeue")
                        .journal(journal)
                        .errorPolicy(new ErrorPolicy(deadLetters))
                        .metrics(metrics)
                        .build();
                handlers.registerOn(bus);
                AtomicInteger handedBack = new AtomicInteger();
                RuntimeException refused = null;
                bus.start();
                try {
                    deadLetters.requeue((handlerName, event) -> {
                        bus.publishTo(handlerName, event);
                        handedBack.incrementAndGet();
                    });
                } catch (IllegalArgumentException e) {
                    refused = e;
                } finally {
                    bus.awaitIdle(IDLE_TIMEOUT);
                    bus.stop();
                }
                long failedAgain = metrics.totalDeadLetters();
                out.println("Requeued " + Format.count(handedBack.get()) + " of " + Format.count(before)
                        + " dead letters to their handlers" + (journal == null ? "" : " (journaled in " + journal.directory() + ")")
                        + ": " + Format.count(handedBack.get() - failedAgain) + " handled, " + Format.count(failedAgain)
                        + " dead-lettered again; " + Format.count(deadLetters.size()) + " left in " + deadLetters.directory());
                if (refused != null) {
                    throw new CliException("requeue stopped at an entry it cannot hand back: " + refused.getMessage());
                }
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "purge", mixinStandardHelpOptions = true,
            description = "Deletes every dead letter for good (asks for --yes).")
    static final class Purge implements Callable<Integer> {
        @ParentCommand
        DlqCommand parent;

        @Spec
        CommandSpec spec;

        @Option(names = "--yes", description = "Confirm that the dead letters are to be deleted.")
        boolean yes;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (ChronicleDeadLetterQueue deadLetters = parent.open()) {
                int size = deadLetters.size();
                if (size == 0) {
                    out.println("Nothing to purge: no dead letters in " + deadLetters.directory());
                } else if (!yes) {
                    throw new ParameterException(spec.commandLine(), "purge deletes " + Format.count(size)
                            + " dead letters for good; add --yes to confirm");
                } else {
                    out.println("Purged " + Format.count(deadLetters.clear()) + " dead letters from " + deadLetters.directory());
                }
            }
            out.flush();
            return 0;
        }
    }
}
