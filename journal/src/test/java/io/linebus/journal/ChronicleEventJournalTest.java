package io.linebus.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linebus.bus.EventJournal;
import io.linebus.models.Event;
import io.linebus.models.EventType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChronicleEventJournalTest {
    private static final long DAY_MILLIS = 86_400_000L;

    @TempDir
    Path dir;

    static Event event(int n) {
        return Event.builder(n % 2 == 0 ? EventType.TEST_RESULT : EventType.ASSET_FAULT)
                .source("station-" + (n % 3)).payload(Map.of("n", (long) n)).build();
    }

    /** Every event with its index, from {@code readAfter}. */
    static List<Map.Entry<Long, Event>> readAll(ChronicleEventJournal journal, long after) {
        List<Map.Entry<Long, Event>> read = new ArrayList<>();
        journal.readAfter(after, (index, event) -> read.add(Map.entry(index, event)));
        return read;
    }

    static SetTimeProvider clockAt(String isoInstant) {
        return new SetTimeProvider(java.time.Instant.parse(isoInstant));
    }

    @Test
    void anEmptyJournalHasNoIndices() {
        try (ChronicleEventJournal journal = ChronicleEventJournal.open(dir)) {
            assertThat(journal.firstIndex()).isEqualTo(EventJournal.NO_INDEX);
            assertThat(journal.lastIndex()).isEqualTo(EventJournal.NO_INDEX);
            assertThat(journal.count()).isZero();
            assertThat(readAll(journal, EventJournal.NO_INDEX)).isEmpty();
            assertThat(journal.loadCheckpoint("handler")).isEqualTo(EventJournal.NO_INDEX);
        }
    }

    @Test
    void appendedEventsReadBackInOrderWithTheirIndices() {
        try (ChronicleEventJournal journal = ChronicleEventJournal.open(dir)) {
            List<Long> indices = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                indices.add(journal.append(event(i)));
            }

            assertThat(indices).isSorted().doesNotHaveDuplicates();
            assertThat(journal.firstIndex()).isEqualTo(indices.get(0));
            assertThat(journal.lastIndex()).isEqualTo(indices.get(4));
            assertThat(journal.count()).isEqualTo(5);
            List<Map.Entry<Long, Event>> all = readAll(journal, EventJournal.NO_INDEX);
            assertThat(all).extracting(Map.Entry::getKey).containsExactlyElementsOf(indices);
            assertThat(all).extracting(e -> e.getValue().payload().get("n")).containsExactly(0L, 1L, 2L, 3L, 4L);
            assertThat(readAll(journal, indices.get(1))).extracting(Map.Entry::getKey)
                    .containsExactlyElementsOf(indices.subList(2, 5));
            assertThat(readAll(journal, indices.get(4))).isEmpty();
        }
    }

    @Test
    void readAfterGivesBackEqualEvents() {
        RandomEvents events = new RandomEvents(5);
        List<Event> written = new ArrayList<>();
        try (ChronicleEventJournal journal = ChronicleEventJournal.open(dir)) {
            for (int i = 0; i < 300; i++) {
                Event event = events.next();
                written.add(event);
                journal.append(event);
            }
            assertThat(readAll(journal, EventJournal.NO_INDEX)).extracting(Map.Entry::getValue)
                    .containsExactlyElementsOf(written);
        }
    }

    @Test
    void aReopenedJournalKeepsEverythingAndContinuesItsIndices() {
        List<Long> indices = new ArrayList<>();
        try (ChronicleEventJournal journal = ChronicleEventJournal.open(dir)) {
            for (int i = 0; i < 3; i++) {
                indices.add(journal.append(event(i)));
            }
        }
        try (ChronicleEventJournal journal = ChronicleEventJournal.open(dir)) {
            assertThat(journal.count()).isEqualTo(3);
            assertThat(journal.lastIndex()).isEqualTo(indices.get(2));
            long next = journal.append(event(3));
            assertThat(next).isGreaterThan(indices.get(2));
            assertThat(readAll(journal, EventJournal.NO_INDEX)).extracting(e -> e.getValue().payload().get("n"))
                    .containsExactly(0L, 1L, 2L, 3L);
        }
    }

    @Test
    void checkpointsSurviveAReopenAndTheLastSaveWins() {
        long first;
        long second;
        try (ChronicleEventJournal journal = ChronicleEventJournal.open(dir)) {
            first = journal.append(event(0));
            second = journal.append(event(1));
            journal.saveCheckpoint("uploader", first);
            journal.saveCheckpoint("archiver", second);
            journal.saveCheckpoint("uploader", second);
            journal.saveCheckpoint("héllo wörld ✓", first);
            assertThat(journal.loadCheckpoint("uploader")).isEqualTo(second);
        }
        try (ChronicleEventJournal journal = ChronicleEventJournal.open(dir)) {
            assertThat(journal.loadCheckpoint("uploader")).isEqualTo(second);
            assertThat(journal.loadCheckpoint("archiver")).isEqualTo(second);
            assertThat(journal.loadCheckpoint("héllo wörld ✓")).isEqualTo(first);
            assertThat(journal.loadCheckpoint("unknown")).isEqualTo(EventJournal.NO_INDEX);
            assertThat(journal.checkpoints()).containsExactly(Map.entry("uploader", second),
                    Map.entry("archiver", second), Map.entry("héllo wörld ✓", first));
            assertThat(readAll(journal, journal.loadCheckpoint("héllo wörld ✓"))).hasSize(1);
        }
    }

    @Test
    void eventsAndCheckpointsSurviveKillMinus9OfTheWritingProcess() throws Exception {
        Process writer = CrashingJournalWriter.start(dir, 1_000);
        try {
            assertThat(CrashingJournalWriter.awaitReady(writer)).isEqualTo(CrashingJournalWriter.READY);
        } finally {
            writer.destroyForcibly(); // SIGKILL: no close, no shutdown hook
        }
        assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(writer.exitValue()).isNotZero();

        try (ChronicleEventJournal journal = ChronicleEventJournal.open(dir)) {
            assertThat(journal.count()).isEqualTo(1_000);
            long checkpoint = journal.loadCheckpoint(CrashingJournalWriter.HANDLER);
            List<Map.Entry<Long, Event>> unfinished = readAll(journal, checkpoint);
            assertThat(unfinished).hasSize(1_000 - CrashingJournalWriter.COMPLETED);
            assertThat(unfinished.get(0).getValue().payload().get("n")).isEqualTo((long) CrashingJournalWriter.COMPLETED);
        }
    }

    @Test
    void checkpointArgumentsAreValidated() {
        try (ChronicleEventJournal journal = ChronicleEventJournal.open(dir)) {
            assertThatThrownBy(() -> journal.saveCheckpoint(null, 1)).isInstanceOf(NullPointerException.class)
                    .hasMessage("handlerName");
            assertThatThrownBy(() -> journal.saveCheckpoint("h", -3)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> journal.saveCheckpoint("x".repeat(300), 1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too long");
            assertThatThrownBy(() -> journal.loadCheckpoint(null)).isInstanceOf(NullPointerException.class);
            journal.saveCheckpoint("h", EventJournal.NO_INDEX);
            assertThat(journal.loadCheckpoint("h")).isEqualTo(EventJournal.NO_INDEX);
            journal.saveCheckpoint("h", EventJournal.BEFORE_FIRST);
            assertThat(journal.loadCheckpoint("h")).isEqualTo(EventJournal.BEFORE_FIRST);
        }
    }

    @Test
    void aReadOnlyJournalReadsButNeverWrites() {
        long index;
        try (ChronicleEventJournal journal = ChronicleEventJournal.open(dir)) {
            index = journal.append(event(0));
            journal.saveCheckpoint("h", index);
        }
        try (ChronicleEventJournal journal = ChronicleEventJournal.builder(dir).readOnly().build()) {
            assertThat(journal.isReadOnly()).isTrue();
            assertThat(journal.count()).isEqualTo(1);
            assertThat(journal.loadCheckpoint("h")).isEqualTo(index);
            assertThat(readAll(journal, EventJournal.NO_INDEX)).hasSize(1);
            assertThatThrownBy(() -> journal.append(event(1))).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("read-only");
            assertThatThrownBy(() -> journal.saveCheckpoint("h", index)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void aReadOnlyJournalSeesCheckpointsTheWriterSavesLater() {
        try (ChronicleEventJournal writer = ChronicleEventJournal.open(dir);
                ChronicleEventJournal reader = ChronicleEventJournal.builder(dir).readOnly().build()) {
            long index = writer.append(event(0));
            assertThat(reader.loadCheckpoint("late")).isEqualTo(EventJournal.NO_INDEX);
            writer.saveCheckpoint("late", index);
            assertThat(reader.loadCheckpoint("late")).isEqualTo(index);
            assertThat(reader.lastIndex()).isEqualTo(index);
        }
    }

    @Test
    void directoriesThatAreNotJournalsAreRejectedWithTheirPath() throws Exception {
        Path other = Files.createDirectories(dir.resolve("photos"));
        Files.writeString(other.resolve("holiday.jpg"), "not a queue");
        Path missing = dir.resolve("missing");
        Path file = Files.writeString(dir.resolve("file.txt"), "x");

        assertThatThrownBy(() -> ChronicleEventJournal.open(other)).isInstanceOf(JournalException.class)
                .hasMessageContaining(other.toString()).hasMessageContaining("not a journal");
        assertThatThrownBy(() -> ChronicleEventJournal.builder(missing).readOnly().build())
                .isInstanceOf(JournalException.class).hasMessageContaining(missing.toString())
                .hasMessageContaining("does not exist");
        assertThat(missing).doesNotExist();
        assertThatThrownBy(() -> ChronicleEventJournal.builder(other).readOnly().build())
                .isInstanceOf(JournalException.class).hasMessageContaining("not a journal");
        assertThatThrownBy(() -> ChronicleEventJournal.open(file)).isInstanceOf(JournalException.class)
                .hasMessageContaining("not a directory");
        assertThatThrownBy(() -> ChronicleEventJournal.tail(missing)).isInstanceOf(JournalException.class);
    }

    @Test
    void aNewDirectoryIsCreated() {
        Path fresh = dir.resolve("a/b/journal");
        try (ChronicleEventJournal journal = ChronicleEventJournal.open(fresh)) {
            journal.append(event(0));
        }
        assertThat(fresh.resolve(QueueFiles.QUEUE_METADATA_FILE)).exists();
        assertThat(fresh.resolve(CheckpointStore.FILE_NAME)).exists();
    }

    @Test
    void badArgumentsAreRejected() {
        assertThatThrownBy(() -> ChronicleEventJournal.open(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("directory");
        assertThatThrownBy(() -> ChronicleEventJournal.builder(dir).rollCycle(null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> ChronicleEventJournal.builder(dir).retainCycles(-1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChronicleEventJournal.builder(dir).timeProvider(null))
                .isInstanceOf(NullPointerException.class);
        try (ChronicleEventJournal journal = ChronicleEventJournal.open(dir)) {
            assertThatThrownBy(() -> journal.append(null)).isInstanceOf(NullPointerException.class).hasMessage("event");
            assertThatThrownBy(() -> journal.readAfter(0, null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> journal.readAfter(-5, (i, e) -> { })).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aClosedJournalRefusesWork() {
        ChronicleEventJournal journal = ChronicleEventJournal.open(dir);
        journal.close();
        journal.close();
        assertThatThrownBy(() -> journal.append(event(0))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(journal::lastIndex).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> journal.saveCheckpoint("h", 1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(journal::replay).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anEventTooLargeForAnExcerptIsRejectedAndTheJournalGoesOn() {
        try (ChronicleEventJournal journal = ChronicleEventJournal.open(dir)) {
            long before = journal.append(event(0));
            Event huge = Event.builder(EventType.CUSTOM).payload(Map.of("blob", "x".repeat(20 << 20))).build();

            assertThatThrownBy(() -> journal.append(huge)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("too large");

            long after = journal.append(event(1));
            assertThat(after).isGreaterThan(before);
            assertThat(journal.count()).isEqualTo(2);
            assertThat(readAll(journal, EventJournal.NO_INDEX)).hasSize(2);
        }
    }

    @Test
    void aDamagedExcerptIsReportedWithItsIndexAndDirectory() {
        long good;
        try (ChronicleEventJournal journal = ChronicleEventJournal.open(dir)) {
            good = journal.append(event(0));
        }
        long damaged;
        try (ChronicleQueue raw = ChronicleQueue.singleBuilder(dir).build();
                ExcerptAppender appender = raw.createAppender()) {
            try (DocumentContext document = appender.writingDocument()) {
                document.wire().bytes().writeLong(0L).write(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
            }
            damaged = appender.lastIndexAppended();
        }
        try (ChronicleEventJournal journal = ChronicleEventJournal.open(dir)) {
            List<Long> read = new ArrayList<>();
            assertThatThrownBy(() -> journal.readAfter(EventJournal.NO_INDEX, (index, event) -> read.add(index)))
                    .isInstanceOf(CorruptRecordException.class)
                    .hasMessageContaining("index " + damaged)
                    .hasMessageContaining(dir.toString());
            assertThat(read).containsExactly(good);
        }
    }

    @Test
    void concurrentAppendersEachKeepTheirOrder() throws Exception {
        int threads = 4;
        int perThread = 2_000;
        List<Long> indices = Collections.synchronizedList(new ArrayList<>());
        try (ChronicleEventJournal journal = ChronicleEventJournal.open(dir)) {
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                Thread worker = new Thread(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    for (int i = 0; i < perThread; i++) {
                        indices.add(journal.append(Event.builder(EventType.CUSTOM).source("t" + thread)
                                .payload(Map.of("i", (long) i)).build()));
                    }
                });
                worker.start();
                workers.add(worker);
            }
            // readers of the journal's size while it grows
            List<Throwable> readerErrors = Collections.synchronizedList(new ArrayList<>());
            Thread reader = new Thread(() -> {
                long previous = -1;
                try {
                    while (workers.stream().anyMatch(Thread::isAlive) || previous < 0) {
                        long count = journal.count();
                        assertThat(count).isGreaterThanOrEqualTo(previous);
                        previous = count;
                        journal.lastIndex();
                        journal.firstIndex();
                        journal.saveCheckpoint("reader", journal.lastIndex());
                    }
                } catch (Throwable e) {
                    readerErrors.add(e);
                }
            });
            start.countDown();
            reader.start();
            for (Thread worker : workers) {
                worker.join(TimeUnit.SECONDS.toMillis(60));
                assertThat(worker.isAlive()).isFalse();
            }
            reader.join(TimeUnit.SECONDS.toMillis(60));
            assertThat(reader.isAlive()).isFalse();
            assertThat(readerErrors).isEmpty();

            assertThat(journal.count()).isEqualTo(threads * perThread);
            assertThat(indices).doesNotHaveDuplicates().hasSize(threads * perThread);
            long[] next = new long[threads];
            journal.readAfter(EventJournal.NO_INDEX, (index, event) -> {
                int thread = Integer.parseInt(event.source().substring(1));
                assertThat(event.payload().get("i")).isEqualTo(next[thread]++);
            });
            assertThat(next).containsOnly(perThread);
        }
    }

    @Test
    void eventsAcrossRollCyclesReadInOrderAndIndexGapsAreSkipped() {
        SetTimeProvider clock = clockAt("2026-05-01T10:00:00Z");
        try (ChronicleEventJournal journal = ChronicleEventJournal.builder(dir).rollCycle(RollCycles.FAST_DAILY)
                .timeProvider(clock).build()) {
            long day1 = journal.append(event(0));
            clock.advanceMillis(2 * DAY_MILLIS);
            long day3 = journal.append(event(1));
            long day3b = journal.append(event(2));

            assertThat(journal.rollCycle().toCycle(day3)).isEqualTo(journal.rollCycle().toCycle(day1) + 2);
            assertThat(journal.count()).isEqualTo(3);
            // after the last event of a cycle, the next index does not exist: reading goes on in the next file
            assertThat(readAll(journal, day1)).extracting(Map.Entry::getKey).containsExactly(day3, day3b);
            assertThat(journal.replay().fromIndex(day1 + 1).to(e -> { })).isEqualTo(2);
        }
    }

    @Test
    void aReopenedJournalKeepsTheRollCycleItWasCreatedWith() {
        try (ChronicleEventJournal journal = ChronicleEventJournal.builder(dir).rollCycle(RollCycles.FAST_HOURLY)
                .build()) {
            journal.append(event(0));
        }
        try (ChronicleEventJournal journal = ChronicleEventJournal.open(dir);
                JournalTail tail = ChronicleEventJournal.tail(dir)) {
            assertThat(journal.rollCycle()).isEqualTo(RollCycles.FAST_HOURLY);
            assertThat(tail.poll()).isNotNull();
        }
    }

    @Test
    void retentionKeepsOnlyTheNewestCycles() throws Exception {
        SetTimeProvider clock = clockAt("2026-05-01T10:00:00Z");
        List<Long> indices = new ArrayList<>();
        try (ChronicleEventJournal journal = ChronicleEventJournal.builder(dir).rollCycle(RollCycles.FAST_DAILY)
                .timeProvider(clock).retainCycles(2).build()) {
            for (int day = 0; day < 4; day++) {
                indices.add(journal.append(event(day * 10)));
                indices.add(journal.append(event(day * 10 + 1)));
                clock.advanceMillis(DAY_MILLIS);
            }
            journal.saveCheckpoint("slow", indices.get(0));

            assertThat(cycleFiles()).hasSize(2);
            assertThat(journal.count()).isEqualTo(4);
            assertThat(journal.firstIndex()).isEqualTo(indices.get(4));
            assertThat(readAll(journal, EventJournal.NO_INDEX)).extracting(e -> e.getValue().payload().get("n"))
                    .containsExactly(20L, 21L, 30L, 31L);
            // a handler whose checkpoint lies in a deleted cycle gets what is left
            assertThat(readAll(journal, journal.loadCheckpoint("slow"))).hasSize(4);
        }
        clock.advanceMillis(5 * DAY_MILLIS);
        try (ChronicleEventJournal journal = ChronicleEventJournal.builder(dir).timeProvider(clock).retainCycles(2)
                .build()) {
            // on open, only cycles within the newest two (by time) are kept; the last file is always kept
            assertThat(cycleFiles()).hasSize(1);
            assertThat(journal.count()).isEqualTo(2);
        }
    }

    private List<Path> cycleFiles() throws Exception {
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".cq4")).toList();
        }
    }

    @Test
    void endOfBatchWithSyncForcesWithoutLosingAnything() {
        try (ChronicleEventJournal journal = ChronicleEventJournal.builder(dir).syncOnEndOfBatch(true).build()) {
            long index = journal.append(event(0));
            journal.saveCheckpoint("h", index);
            journal.endOfBatch();
            assertThat(journal.count()).isEqualTo(1);
        }
        try (ChronicleEventJournal journal = ChronicleEventJournal.open(dir)) {
            journal.endOfBatch(); // no-op without the option
            assertThat(journal.loadCheckpoint("h")).isEqualTo(journal.lastIndex());
        }
    }
}
