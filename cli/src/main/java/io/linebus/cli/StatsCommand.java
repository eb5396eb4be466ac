package io.linebus.cli;

import io.linebus.journal.ChronicleDeadLetterQueue;
import io.linebus.journal.ChronicleEventJournal;
import io.linebus.journal.JournalTail;
import io.linebus.journal.JournaledEvent;
import io.linebus.models.EventType;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code linebus stats}: what a journal holds, per type, its first and last event, its size, its checkpoints. */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = {
            "Shows what a journal holds: events per type, first and last event, size.",
            "",
            "Counts the events per type, shows the first and last index and append time, the size on disk, "
                    + "each handler's checkpoint and the dead letters beside the journal. The journal is only read."})
final class StatsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "The data directory (with journal/ in it) or the journal directory.")
    Path dir;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (ChronicleEventJournal journal = DataDirs.openJournal(dir)) {
            Path journalDir = journal.directory();
            Map<EventType, Long> byType = new EnumMap<>(EventType.class);
            long total = journal.replay().to(event -> byType.merge(event.eventType(), 1L, Long::sum));
            String row = "%-14s %s%n";
            out.printf(Locale.ROOT, row, "journal", journalDir);
            out.printf(Locale.ROOT, row, "events", Format.count(total));
            out.printf(Locale.ROOT, row, "first", describe(journal, journal.firstIndex()));
            out.printf(Locale.ROOT, row, "last", describe(journal, journal.lastIndex()));
            Optional<Path> deadLetterDir = DataDirs.deadLettersBeside(journalDir);
            long journalBytes = DataDirs.diskUsage(journalDir);
            long deadLetterBytes = deadLetterDir.map(DataDirs::diskUsage).orElse(0L);
            long fileBytes = DataDirs.length(journalDir) + deadLetterDir.map(DataDirs::length).orElse(0L);
            out.printf(Locale.ROOT, row, "size on disk", Format.bytes(journalBytes + deadLetterBytes) + " (journal "
                    + Format.bytes(journalBytes) + deadLetterDir.map(d -> ", dead letters " + Format.bytes(deadLetterBytes))
                            .orElse("") + "; the sparse files are " + Format.bytes(fileBytes) + " long)");
            if (deadLetterDir.isPresent()) {
                try (ChronicleDeadLetterQueue deadLetters = ChronicleDeadLetterQueue.open(deadLetterDir.get())) {
                    out.printf(Locale.ROOT, row, "dead letters", Format.count(deadLetters.size()) + " in " + deadLetterDir.get());
                }
            }
            out.println();
            out.println("Events by type");
            if (byType.isEmpty()) {
                out.println("  none");
            }
            for (Map.Entry<EventType, Long> type : byType.entrySet()) {
                out.printf(Locale.ROOT, "  %-30s %12s%n", type.getKey().value(), Format.count(type.getValue()));
            }
            Map<String, Long> checkpoints = journal.checkpoints();
            if (!checkpoints.isEmpty()) {
                out.println();
                out.println("Handler checkpoints (last journal index each handler completed)");
                long last = journal.lastIndex();
                for (Map.Entry<String, Long> checkpoint : checkpoints.entrySet()) {
                    out.printf(Locale.ROOT, "  %-20s %s%n", checkpoint.getKey(), checkpoint.getValue()
                            + (checkpoint.getValue() == last ? " (up to date)" : ""));
                }
            }
        }
        out.flush();
        return 0;
    }

    /** {@code index 123  appended 2025-...Z}, or {@code -} for an empty journal. */
    private static String describe(ChronicleEventJournal journal, long index) {
        if (index == ChronicleEventJournal.NO_INDEX) {
            return "-";
        }
        try (JournalTail tail = journal.tail().fromIndex(index)) {
            JournaledEvent event = tail.poll();
            return event == null ? "index " + index
                    : "index " + index + ", appended " + Format.instant(event.appendTime());
        }
    }
}
