package io.linebus.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.linebus.handlers.LogCapture;
import io.linebus.models.Event;
import io.linebus.models.EventType;
import io.linebus.policies.DeadLetterEntry;
import io.linebus.policies.ErrorPolicy;
import io.linebus.policies.RecordedError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class ChronicleDeadLetterQueueTest {
    @TempDir
    Path dir;

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(ChronicleDeadLetterQueue.class);

    @BeforeEach
    void captureLogs() {
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        logger.detachAppender(logs);
        logger.setLevel(null);
    }

    private List<String> logged(Level level) {
        return logs.list.stream().filter(e -> e.getLevel() == level).map(ILoggingEvent::getFormattedMessage).toList();
    }

    private static Event event(int i) {
        return Event.create(i % 2 == 0 ? EventType.TEST_RESULT : EventType.MATERIAL_INSTALLED, Map.of("i", (long) i));
    }

    private static List<Object> numbers(List<DeadLetterEntry> entries) {
        return entries.stream().map(e -> e.event().payload().get("i")).toList();
    }

    @Test
    void addsAFailedEvent() {
        // Python: test_add_failed_event
        logger.setLevel(Level.DEBUG);
        try (ChronicleDeadLetterQueue dlq = ChronicleDeadLetterQueue.open(dir)) {
            Event event = Event.create(EventType.TEST_RESULT, Map.of("unit", "SN-1"));

            DeadLetterEntry added = dlq.add(event, new IllegalStateException("Test error"));

            assertThat(dlq.size()).isEqualTo(1);
            assertThat(dlq.getEntries().get(0).event()).isEqualTo(event);
            assertThat(dlq.getEntries().get(0).errorMessage()).contains("Test error");
            assertThat(added.handlerName()).isNull();
            // At DEBUG only: the ErrorPolicy that dead-letters an event reports it.
            assertThat(logged(Level.WARN)).isEmpty();
            assertThat(logged(Level.DEBUG)).anyMatch(m -> m.contains(event.id().substring(0, 8))
                    && m.contains("added to dead letter queue") && m.contains("Test error"));
        }
    }

    @Test
    void keepsAtMostMaxSizeEntriesEvictingTheOldestWithAWarning() {
        // Python: test_max_size_limit; D17 (eviction is reported, never silent)
        List<Event> added = new ArrayList<>();
        try (ChronicleDeadLetterQueue dlq = ChronicleDeadLetterQueue.open(dir, 3)) {
            for (int i = 0; i < 5; i++) {
                added.add(event(i));
                dlq.add(added.get(i), new RuntimeException("Error " + i));
            }

            assertThat(dlq.size()).isEqualTo(3);
            assertThat(numbers(dlq.getEntries())).containsExactly(4L, 3L, 2L);
            assertThat(logged(Level.WARN)).singleElement().asString().contains("evicted the oldest")
                    .contains("is full (3 entries)");
        }
        assertThat(logged(Level.WARN)).as("the second eviction, summed up on close").hasSize(2).last().asString()
                .startsWith("1 more entries evicted from the full dead letter queue " + dir.toAbsolutePath()
                        + " (3 entries) in the last ")
                .endsWith("(no handler: 1 x RuntimeException); last: event " + added.get(1).id().substring(0, 8)
                        + ": RuntimeException: Error 1");
        try (ChronicleDeadLetterQueue dlq = ChronicleDeadLetterQueue.open(dir, 3)) {
            assertThat(numbers(dlq.getEntries())).containsExactly(4L, 3L, 2L);
        }
    }

    @Test
    void peekAndPopTakeTheOldestAndGetEntriesListsNewestFirst() {
        try (ChronicleDeadLetterQueue dlq = ChronicleDeadLetterQueue.open(dir)) {
            assertThat(dlq.peek()).isEmpty();
            assertThat(dlq.pop()).isEmpty();
            for (int i = 0; i < 4; i++) {
                dlq.add(event(i), new RuntimeException("e" + i), "handler-" + i);
            }

            assertThat(dlq.peek().orElseThrow().event().payload().get("i")).isEqualTo(0L);
            assertThat(dlq.pop().orElseThrow().handlerName()).isEqualTo("handler-0");
            assertThat(numbers(dlq.getEntries())).containsExactly(3L, 2L, 1L);
            assertThat(dlq.isEmpty()).isFalse();
        }
    }

    @Test
    void getEntriesFiltersByTypeValueThenLimits() {
        try (ChronicleDeadLetterQueue dlq = ChronicleDeadLetterQueue.open(dir)) {
            for (int i = 0; i < 6; i++) {
                dlq.add(event(i), new RuntimeException());
            }

            assertThat(numbers(dlq.getEntries(2, (String) null))).containsExactly(5L, 4L);
            assertThat(numbers(dlq.getEntries(null, "test.result"))).containsExactly(4L, 2L, 0L);
            assertThat(numbers(dlq.getEntries(2, EventType.MATERIAL_INSTALLED))).containsExactly(5L, 3L);
            assertThat(dlq.getEntries(null, "TEST_RESULT")).isEmpty();
            assertThat(dlq.getEntries(100, (String) null)).hasSize(6);
        }
    }

    @Test
    void aLimitThatIsNotPositiveIsRejected() {
        // D17: Python returned everything for 0 and sliced for negatives
        try (ChronicleDeadLetterQueue dlq = ChronicleDeadLetterQueue.open(dir)) {
            assertThatThrownBy(() -> dlq.getEntries(0, (String) null)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("limit");
            assertThatThrownBy(() -> dlq.getEntries(-1, (String) null)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void entriesSurviveAReopenWithEverythingTheyRecorded() {
        Event event = Event.builder(EventType.ASSET_FAULT).source("station-3").retryCount(3)
                .payload(Map.of("fault", "overheat", "temp", 98.5)).build();
        DeadLetterEntry added;
        try (ChronicleDeadLetterQueue dlq = ChronicleDeadLetterQueue.open(dir)) {
            added = dlq.add(event, new IllegalArgumentException("bad reading"), "uploader");
            dlq.add(event(1), new UnsupportedOperationException());
            dlq.add(event(2), new RecordedError("ValueError", ""));
        }
        try (ChronicleDeadLetterQueue dlq = ChronicleDeadLetterQueue.open(dir)) {
            assertThat(dlq.size()).isEqualTo(3);
            DeadLetterEntry first = dlq.peek().orElseThrow();
            assertThat(first.event()).isEqualTo(event);
            assertThat(first.error()).isInstanceOf(RecordedError.class);
            assertThat(first.errorType()).isEqualTo("IllegalArgumentException");
            assertThat(first.errorMessage()).isEqualTo("bad reading");
            assertThat(first.handlerName()).isEqualTo("uploader");
            assertThat(first.retryCount()).isEqualTo(3);
            assertThat(first.timestamp()).isEqualTo(added.timestamp());
            assertThat(first.toMap()).isEqualTo(added.toMap());

            List<DeadLetterEntry> entries = dlq.getEntries();
            assertThat(entries.get(1).errorType()).isEqualTo("UnsupportedOperationException");
            assertThat(entries.get(1).error().getMessage()).isNull();
            assertThat(entries.get(1).errorMessage()).isEmpty();
            assertThat(entries.get(0).errorType()).isEqualTo("ValueError");
            assertThat(entries.get(0).error().getMessage()).isEmpty();
        }
    }

    @Test
    void popsAndClearsSurviveAReopen() {
        try (ChronicleDeadLetterQueue dlq = ChronicleDeadLetterQueue.open(dir)) {
            for (int i = 0; i < 5; i++) {
                dlq.add(event(i), new RuntimeException());
            }
            dlq.pop();
            dlq.pop();
        }
        try (ChronicleDeadLetterQueue dlq = ChronicleDeadLetterQueue.open(dir)) {
            assertThat(numbers(dlq.getEntries())).containsExactly(4L, 3L, 2L);
            assertThat(dlq.clear()).isEqualTo(3);
            assertThat(dlq.clear()).isZero();
            dlq.add(event(9), new RuntimeException());
        }
        try (ChronicleDeadLetterQueue dlq = ChronicleDeadLetterQueue.open(dir)) {
            assertThat(numbers(dlq.getEntries())).containsExactly(9L);
        }
    }

    @Test
    void reopeningWithASmallerMaxSizeEvictsTheOldest() {
        try (ChronicleDeadLetterQueue dlq = ChronicleDeadLetterQueue.open(dir, 10)) {
            for (int i = 0; i < 5; i++) {
                dlq.add(event(i), new RuntimeException());
            }
        }
        try (ChronicleDeadLetterQueue dlq = ChronicleDeadLetterQueue.open(dir, 2)) {
            assertThat(dlq.maxSize()).isEqualTo(2);
            assertThat(numbers(dlq.getEntries())).containsExactly(4L, 3L);
            assertThat(logged(Level.WARN)).as("the first eviction, then the others summed up at once").hasSize(2)
                    .satisfies(lines -> assertThat(lines.get(0)).contains("evicted the oldest entry"))
                    .satisfies(lines -> assertThat(lines.get(1)).startsWith("2 more entries evicted"));
        }
        try (ChronicleDeadLetterQueue dlq = ChronicleDeadLetterQueue.open(dir, 10)) {
            assertThat(numbers(dlq.getEntries())).containsExactly(4L, 3L);
        }
    }

    @Test
    void maxSizeZeroKeepsNothingButSaysSo() {
        try (ChronicleDeadLetterQueue dlq = ChronicleDeadLetterQueue.open(dir, 0)) {
            Event event = event(0);
            DeadLetterEntry entry = dlq.add(event, new RuntimeException("lost"));

            assertThat(entry.event()).isEqualTo(event);
            assertThat(dlq.size()).isZero();
            assertThat(logged(Level.WARN)).anyMatch(m -> m.contains("max size 0"));
        }
    }

    @Test
    void badArgumentsAreRejected() {
        assertThatThrownBy(() -> ChronicleDeadLetterQueue.open(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> ChronicleDeadLetterQueue.open(dir, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxSize");
        try (ChronicleDeadLetterQueue dlq = ChronicleDeadLetterQueue.open(dir)) {
            assertThatThrownBy(() -> dlq.add(null, new RuntimeException())).isInstanceOf(NullPointerException.class)
                    .hasMessage("event");
            assertThatThrownBy(() -> dlq.add(event(0), null)).isInstanceOf(NullPointerException.class)
                    .hasMessage("error");
        }
    }

    @Test
    void aDirectoryThatIsNotAQueueIsRejected() throws Exception {
        Files.writeString(dir.resolve("readme.txt"), "hello");
        assertThatThrownBy(() -> ChronicleDeadLetterQueue.open(dir)).isInstanceOf(JournalException.class)
                .hasMessageContaining(dir.toString());
    }

    @Test
    void aClosedQueueRefusesWork() {
        ChronicleDeadLetterQueue dlq = ChronicleDeadLetterQueue.open(dir);
        dlq.close();
        dlq.close();
        assertThatThrownBy(() -> dlq.add(event(0), new RuntimeException())).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(dlq::pop).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aDamagedRecordIsSkippedWithAnErrorAndTheRestIsKept() {
        try (ChronicleDeadLetterQueue dlq = ChronicleDeadLetterQueue.open(dir)) {
            dlq.add(event(0), new RuntimeException());
        }
        try (ChronicleQueue raw = ChronicleQueue.singleBuilder(dir).build();
                ExcerptAppender appender = raw.createAppender();
                DocumentContext document = appender.writingDocument()) {
            document.wire().bytes().write(new byte[] {1, 1, 9, 9, 9, 9, 9, 9});
        }
        try (ChronicleDeadLetterQueue dlq = ChronicleDeadLetterQueue.open(dir)) {
            dlq.add(event(1), new RuntimeException());
            assertThat(numbers(dlq.getEntries())).containsExactly(1L, 0L);
            assertThat(logged(Level.ERROR)).anyMatch(m -> m.contains("Skipping dead letter record"));
        }
        try (ChronicleDeadLetterQueue dlq = ChronicleDeadLetterQueue.open(dir)) {
            assertThat(dlq.size()).isEqualTo(2);
        }
    }

    @Test
    void filesOfCyclesWhoseEntriesAreAllGoneAreDeleted() throws Exception {
        SetTimeProvider clock = new SetTimeProvider(Instant.parse("2026-05-01T10:00:00Z"));
        try (ChronicleDeadLetterQueue dlq = ChronicleDeadLetterQueue.open(dir, 100, clock)) {
            dlq.add(event(0), new RuntimeException());
            dlq.add(event(1), new RuntimeException());
            clock.advanceMillis(86_400_000L);
            dlq.add(event(2), new RuntimeException());
            assertThat(cycleFiles()).hasSize(2);

            dlq.pop();
            assertThat(cycleFiles()).hasSize(2);
            dlq.pop();
            assertThat(cycleFiles()).hasSize(1);
        }
        try (ChronicleDeadLetterQueue dlq = ChronicleDeadLetterQueue.open(dir, 100, clock)) {
            assertThat(numbers(dlq.getEntries())).containsExactly(2L);
            clock.advanceMillis(86_400_000L);
            dlq.clear();
            assertThat(cycleFiles()).hasSize(1);
        }
        try (ChronicleDeadLetterQueue dlq = ChronicleDeadLetterQueue.open(dir, 100, clock)) {
            assertThat(dlq.isEmpty()).isTrue();
        }
    }

    private List<Path> cycleFiles() throws Exception {
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".cq4")).toList();
        }
    }

    @Test
    void aFailureStormThroughTheErrorPolicyIsLoggedOnceWithItsStackAndEveryEntryIsOnDisk() {
        // 10,000 permanent failures used to write 20,000 lines, 10,000 of them with a stack trace.
        AtomicLong now = new AtomicLong();
        IOException error = new IOException("MES unreachable");
        List<String> ids = new ArrayList<>();
        try (LogCapture policyLog = LogCapture.atLevel(ErrorPolicy.class, Level.WARN);
                ChronicleDeadLetterQueue dlq = ChronicleDeadLetterQueue.open(dir)) {
            ErrorPolicy policy = new ErrorPolicy(dlq, null, Duration.ofSeconds(10), now::get);
            for (int i = 0; i < 10_000; i++) {
                Event event = event(i);
                ids.add(event.id());
                policy.handleFailure(event, error, "uploader");
                now.addAndGet(100_000);
            }
            assertThat(policyLog.events()).singleElement().satisfies(line -> {
                assertThat(line.getLevel()).isEqualTo(Level.ERROR);
                assertThat(line.getFormattedMessage()).contains(ids.get(0).substring(0, 8))
                        .contains("failed permanently in handler uploader");
                assertThat(line.getThrowableProxy()).isNotNull();
            });
            assertThat(logs.list).as("the queue's lines").noneMatch(line -> line.getLevel().isGreaterOrEqual(Level.WARN));

            now.addAndGet(Duration.ofSeconds(10).toNanos());
            policy.flushLog();
            assertThat(policyLog.events()).hasSize(2).last().satisfies(line -> {
                assertThat(line.getThrowableProxy()).isNull();
                assertThat(line.getFormattedMessage()).isEqualTo("9999 more events dead-lettered in the last 11 s "
                        + "(handler uploader: 9999 x IOException); last: event " + ids.get(9_999).substring(0, 8)
                        + " (handler uploader): IOException: MES unreachable");
            });
            assertThat(dlq.size()).isEqualTo(10_000);
        }
        java.util.Collections.reverse(ids);
        try (ChronicleDeadLetterQueue dlq = ChronicleDeadLetterQueue.open(dir)) {
            assertThat(dlq.getEntries()).as("newest first, after a reopen").extracting(entry -> entry.event().id())
                    .containsExactlyElementsOf(ids);
        }
    }

    @Test
    void anEvictionStormIsLoggedOnceThenSummedUp() {
        AtomicLong now = new AtomicLong();
        SetTimeProvider clock = new SetTimeProvider(Instant.parse("2026-05-01T10:00:00Z"));
        try (ChronicleDeadLetterQueue dlq = ChronicleDeadLetterQueue.open(dir, 100, clock, now::get)) {
            for (int i = 0; i < 2_000; i++) {
                dlq.add(event(i), new IOException("MES unreachable"), "uploader");
                now.addAndGet(1_000_000);
            }
            assertThat(logged(Level.WARN)).singleElement().asString().contains("is full (100 entries)");
            now.addAndGet(Duration.ofSeconds(10).toNanos());
            dlq.add(event(2_000), new IOException("MES unreachable"), "uploader");
            assertThat(logged(Level.WARN)).hasSize(3);
            assertThat(logged(Level.WARN).get(1)).startsWith("1899 more entries evicted from the full dead letter queue "
                    + dir.toAbsolutePath() + " (100 entries) in the last 12 s (handler uploader: 1899 x IOException)");
            assertThat(dlq.size()).isEqualTo(100);
        }
        assertThat(logged(Level.WARN)).as("nothing left to sum up on close").hasSize(3);
    }

    @Test
    void severalThreadsCanAddPopAndReadAtOnce() throws Exception {
        // D8
        int threads = 4;
        int perThread = 250;
        try (ChronicleDeadLetterQueue dlq = ChronicleDeadLetterQueue.open(dir)) {
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
                        dlq.add(Event.builder(EventType.CUSTOM).source("t" + thread)
                                .payload(Map.of("i", (long) i)).build(), new RuntimeException("e"), "h" + thread);
                        if (i % 50 == 0) {
                            dlq.getEntries(5, (String) null);
                        }
                    }
                });
                worker.start();
                workers.add(worker);
            }
            Thread popper = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                int popped = 0;
                while (popped < 100) {
                    if (dlq.pop().isPresent()) {
                        popped++;
                    }
                }
            });
            popper.start();
            start.countDown();
            for (Thread worker : workers) {
                worker.join(TimeUnit.SECONDS.toMillis(60));
                assertThat(worker.isAlive()).isFalse();
            }
            popper.join(TimeUnit.SECONDS.toMillis(60));
            assertThat(popper.isAlive()).isFalse();
            assertThat(dlq.size()).isEqualTo(threads * perThread - 100);
        }
        try (ChronicleDeadLetterQueue dlq = ChronicleDeadLetterQueue.open(dir)) {
            assertThat(dlq.size()).isEqualTo(threads * perThread - 100);
            long[] last = {-1, -1, -1, -1};
            List<DeadLetterEntry> oldestFirst = new ArrayList<>(dlq.getEntries());
            java.util.Collections.reverse(oldestFirst);
            for (DeadLetterEntry entry : oldestFirst) {
                int thread = Integer.parseInt(entry.event().source().substring(1));
                long i = (Long) entry.event().payload().get("i");
                assertThat(i).isGreaterThan(last[thread]);
                last[thread] = i;
            }
            assertThat(last).containsOnly(perThread - 1L);
        }
    }
}
