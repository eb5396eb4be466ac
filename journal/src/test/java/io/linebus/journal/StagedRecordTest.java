package io.linebus.journal;

import static io.linebus.journal.ChronicleEventJournalTest.clockAt;
import static io.linebus.journal.ChronicleEventJournalTest.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linebus.bus.EventJournal.StagedRecord;
import io.linebus.models.Event;
import io.linebus.models.EventType;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.openhft.chronicle.core.time.SetTimeProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal's staged records: encoded by a publisher, appended by the journal stage. */
class StagedRecordTest {
    @TempDir
    Path dir;

    private static List<JournaledEvent> readAll(ChronicleEventJournal journal) {
        List<JournaledEvent> read = new ArrayList<>();
        try (JournalTail tail = journal.tail()) {
            for (JournaledEvent next; (next = tail.poll()) != null; ) {
                read.add(next);
            }
        }
        return read;
    }

    @Test
    void aStagedRecordAppendsTheEventItWasGivenAndCanBeReused() {
        try (ChronicleEventJournal journal = ChronicleEventJournal.open(dir)) {
            StagedRecord record = journal.newStagedRecord();
            List<Event> events = List.of(event(0), event(1), event(2), event(3));
            List<Long> indices = new ArrayList<>();
            for (Event event : events.subList(0, 3)) {
                record.stage(event);
                indices.add(record.append());
            }
            long direct = journal.append(events.get(3));

            assertThat(readAll(journal)).extractingResultOf("event").containsExactlyElementsOf(events);
            assertThat(indices).isSorted().doesNotHaveDuplicates().allMatch(index -> index < direct);
        }
    }

    @Test
    void aRecordLargerThanTheStagedSizeIsStillAppendedWhole() {
        String large = "x".repeat(5_000);
        try (ChronicleEventJournal journal = ChronicleEventJournal.builder(dir).stagedRecordBytes(64).build()) {
            StagedRecord record = journal.newStagedRecord();
            Event big = Event.builder(EventType.CUSTOM).payload(Map.of("text", large)).build();
            Event small = event(1);
            record.stage(big);
            record.append();
            record.stage(small);
            record.append();

            assertThat(readAll(journal)).extractingResultOf("event").containsExactly(big, small);
        }
    }

    @Test
    void anEventThatCannotBeEncodedFailsWhereItIsStagedAndAppendsNothing() {
        Object nested = List.of();
        for (int i = 0; i < EventCodec.MAX_NESTING_DEPTH + 5; i++) {
            nested = List.of(nested);
        }
        Event tooDeep = Event.builder(EventType.CUSTOM).payload(Map.of("deep", nested)).build();
        try (ChronicleEventJournal journal = ChronicleEventJournal.open(dir)) {
            StagedRecord record = journal.newStagedRecord();

            assertThatThrownBy(() -> record.stage(tooDeep)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("deeper than");
            assertThat(journal.count()).isZero();
        }
    }

    @Test
    void stagingCanBeTurnedOffAndNotBelowZero() {
        try (ChronicleEventJournal journal = ChronicleEventJournal.builder(dir).stagedRecordBytes(0).build()) {
            assertThat(journal.newStagedRecord()).isNull();
        }
        assertThatThrownBy(() -> ChronicleEventJournal.builder(dir).stagedRecordBytes(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stagedRecordBytes");
    }

    @Test
    void withinABatchStagedAppendsReadTheClockEverySixteenthTimeAndAfterEachBatch() {
        SetTimeProvider clock = clockAt("2026-05-01T10:00:00Z");
        Instant start = Instant.parse("2026-05-01T10:00:00Z");
        try (ChronicleEventJournal journal = ChronicleEventJournal.builder(dir).timeProvider(clock).build()) {
            StagedRecord record = journal.newStagedRecord();
            for (int n = 0; n < ChronicleEventJournal.CLOCK_READ_EVERY + 1; n++) { // one batch
                record.stage(event(n));
                record.append();
                clock.advanceMicros(1);
            }
            journal.endOfBatch();
            record.stage(event(100));
            record.append(); // the next batch reads the clock at once
            clock.advanceMicros(1);
            journal.append(event(101)); // a direct append always does

            List<Instant> times = readAll(journal).stream().map(JournaledEvent::appendTime).toList();
            int every = ChronicleEventJournal.CLOCK_READ_EVERY;
            assertThat(times.subList(0, every)).containsOnly(start);
            assertThat(times.get(every)).isEqualTo(start.plusNanos(every * 1_000L));
            assertThat(times.get(every + 1)).isEqualTo(start.plusNanos((every + 1) * 1_000L));
            assertThat(times.get(every + 2)).isEqualTo(start.plusNanos((every + 2) * 1_000L));
            assertThat(times).isSorted();
        }
    }
}
