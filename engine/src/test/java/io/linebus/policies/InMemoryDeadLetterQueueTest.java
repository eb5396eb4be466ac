package io.linebus.policies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.linebus.models.Event;
import io.linebus.models.EventType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class InMemoryDeadLetterQueueTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger(InMemoryDeadLetterQueue.class);
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

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

    private List<String> warnings() {
        List<String> messages = new ArrayList<>();
        for (ILoggingEvent event : logs.list) {
            if (event.getLevel() == Level.WARN) {
                messages.add(event.getFormattedMessage());
            }
        }
        return messages;
    }

    private static Event event(int i) {
        return new Event(EventType.TEST_RESULT, Map.of("i", i));
    }

    private static List<Object> payloadIndexes(List<DeadLetterEntry> entries) {
        List<Object> indexes = new ArrayList<>();
        for (DeadLetterEntry entry : entries) {
            indexes.add(entry.event().payload().get("i"));
        }
        return indexes;
    }

    // ---- Python TestDeadLetterQueue ------------------------------------------------------------

    @Test
    void addFailedEvent() {
        // Python: test_add_failed_event
        InMemoryDeadLetterQueue dlq = new InMemoryDeadLetterQueue();
        Event event = new Event(EventType.TEST_RESULT);
        dlq.add(event, new IllegalStateException("Test error"));
        assertThat(dlq.size()).isEqualTo(1);
        assertThat(dlq.getEntries().get(0).event()).isEqualTo(event);
        assertThat(dlq.getEntries().get(0).errorMessage()).contains("Test error");
    }

    @Test
    void maxSizeLimit() {
        // Python: test_max_size_limit
        InMemoryDeadLetterQueue dlq = new InMemoryDeadLetterQueue(3);
        for (int i = 0; i < 5; i++) {
            dlq.add(event(i), new IllegalStateException("Error " + i));
        }
        assertThat(dlq.size()).isEqualTo(3);
        assertThat(payloadIndexes(dlq.getEntries())).containsExactly(4L, 3L, 2L);
    }

    // ---- behaviour -----------------------------------------------------------------------------

    @Test
    void addReturnsTheEntryWithHandlerNameAndRetryCountAndLogsItAtDebugOnly() {
        // The ErrorPolicy reports the dead letter; the queue's line would report it twice.
        logger.setLevel(Level.DEBUG);
        InMemoryDeadLetterQueue dlq = new InMemoryDeadLetterQueue();
        Event event = Event.builder(EventType.ASSET_FAULT).eventId("0123456789abcdef").retryCount(3).build();
        IllegalStateException error = new IllegalStateException("station down");
        DeadLetterEntry entry = dlq.add(event, error, "UploadHandler");
        assertThat(entry.event()).isSameAs(event);
        assertThat(entry.error()).isSameAs(error);
        assertThat(entry.handlerName()).isEqualTo("UploadHandler");
        assertThat(entry.retryCount()).isEqualTo(3);
        assertThat(entry.timestamp()).isNotNull();
        assertThat(dlq.peek()).containsSame(entry);
        assertThat(dlq.add(event(1), error).handlerName()).isNull();
        assertThat(warnings()).isEmpty();
        assertThat(logs.list).first().satisfies(line -> {
            assertThat(line.getLevel()).isEqualTo(Level.DEBUG);
            assertThat(line.getFormattedMessage()).isEqualTo(
                    "Event 01234567 added to dead letter queue: java.lang.IllegalStateException: station down");
        });
    }

    @Test
    void popAndPeekAreFifoAndGetEntriesIsNewestFirst() {
        InMemoryDeadLetterQueue dlq = new InMemoryDeadLetterQueue();
        assertThat(dlq.isEmpty()).isTrue();
        assertThat(dlq.peek()).isEmpty();
        assertThat(dlq.pop()).isEmpty();
        for (int i = 0; i < 4; i++) {
            dlq.add(event(i), new RuntimeException());
        }
        assertThat(dlq.isEmpty()).isFalse();
        assertThat(payloadIndexes(dlq.getEntries())).containsExactly(3L, 2L, 1L, 0L);
        assertThat(dlq.peek().orElseThrow().event().payload()).containsEntry("i", 0L);
        assertThat(dlq.pop().orElseThrow().event().payload()).containsEntry("i", 0L);
        assertThat(dlq.pop().orElseThrow().event().payload()).containsEntry("i", 1L);
        assertThat(dlq.size()).isEqualTo(2);
        assertThat(payloadIndexes(dlq.getEntries())).containsExactly(3L, 2L);
    }

    @Test
    void getEntriesFiltersByTypeValueOrConstantThenLimits() {
        // D17: an EventType overload next to the wire-value string.
        InMemoryDeadLetterQueue dlq = new InMemoryDeadLetterQueue();
        dlq.add(event(0), new RuntimeException());
        dlq.add(new Event(EventType.ASSET_FAULT, Map.of("i", 1)), new RuntimeException());
        dlq.add(event(2), new RuntimeException());
        dlq.add(event(3), new RuntimeException());
        assertThat(payloadIndexes(dlq.getEntries(null, "test.result"))).containsExactly(3L, 2L, 0L);
        assertThat(payloadIndexes(dlq.getEntries(null, EventType.TEST_RESULT))).containsExactly(3L, 2L, 0L);
        assertThat(payloadIndexes(dlq.getEntries(2, EventType.TEST_RESULT))).containsExactly(3L, 2L);
        assertThat(payloadIndexes(dlq.getEntries(5, "asset.fault"))).containsExactly(1L);
        assertThat(dlq.getEntries(null, EventType.WORK_STARTED)).isEmpty();
        assertThat(payloadIndexes(dlq.getEntries(1, (String) null))).containsExactly(3L);
        assertThat(payloadIndexes(dlq.getEntries(null, (EventType) null))).containsExactly(3L, 2L, 1L, 0L);
    }

    @Test
    void getEntriesRejectsNonPositiveLimitsAndUnknownTypeValues() {
        // D17: Python returns everything for 0 and slices from the end for negative limits.
        InMemoryDeadLetterQueue dlq = new InMemoryDeadLetterQueue();
        dlq.add(event(0), new RuntimeException());
        assertThatThrownBy(() -> dlq.getEntries(0, (String) null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit must be positive").hasMessageContaining("got 0");
        assertThatThrownBy(() -> dlq.getEntries(-1, EventType.TEST_RESULT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> dlq.getEntries(null, "TEST_RESULT")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown event type value 'TEST_RESULT'");
    }

    @Test
    void getEntriesIsASnapshot() {
        InMemoryDeadLetterQueue dlq = new InMemoryDeadLetterQueue();
        dlq.add(event(0), new RuntimeException());
        List<DeadLetterEntry> snapshot = dlq.getEntries();
        dlq.add(event(1), new RuntimeException());
        assertThat(snapshot).hasSize(1);
        assertThatThrownBy(snapshot::clear).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void clearReturnsHowManyWereRemoved() {
        InMemoryDeadLetterQueue dlq = new InMemoryDeadLetterQueue();
        for (int i = 0; i < 3; i++) {
            dlq.add(event(i), new RuntimeException());
        }
        assertThat(dlq.clear()).isEqualTo(3);
        assertThat(dlq.isEmpty()).isTrue();
        assertThat(dlq.clear()).isZero();
    }

    @Test
    void onAddIsCalledWithEachEntryAndItsExceptionsAreSwallowed() {
        List<DeadLetterEntry> seen = new ArrayList<>();
        InMemoryDeadLetterQueue dlq = new InMemoryDeadLetterQueue(10, entry -> {
            seen.add(entry);
            throw new IllegalStateException("callback bug");
        });
        DeadLetterEntry first = dlq.add(event(0), new RuntimeException());
        DeadLetterEntry second = dlq.add(event(1), new RuntimeException(), "H");
        assertThat(seen).containsExactly(first, second);
        assertThat(dlq.size()).isEqualTo(2);
        assertThat(logs.list).anyMatch(e -> e.getLevel() == Level.ERROR
                && e.getFormattedMessage().contains("onAdd callback failed"));
    }

    @Test
    void evictionIsLoggedAndReportedToListeners() {
        // D17: Python evicts silently.
        List<DeadLetterEntry> evicted = new ArrayList<>();
        AtomicInteger failingListenerCalls = new AtomicInteger();
        AtomicLong now = new AtomicLong();
        InMemoryDeadLetterQueue dlq = new InMemoryDeadLetterQueue(2, null, now::get)
                .onEvict(entry -> {
                    failingListenerCalls.incrementAndGet();
                    throw new IllegalStateException("listener bug");
                })
                .onEvict(evicted::add);
        DeadLetterEntry oldest = dlq.add(event(0), new RuntimeException("first"));
        DeadLetterEntry second = dlq.add(event(1), new RuntimeException());
        assertThat(evicted).isEmpty();
        dlq.add(event(2), new RuntimeException());
        assertThat(evicted).containsExactly(oldest);
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        dlq.add(event(3), new RuntimeException());
        assertThat(evicted).containsExactly(oldest, second);
        assertThat(failingListenerCalls).hasValue(2);
        assertThat(warnings()).filteredOn(m -> m.startsWith("Dead letter queue full")).singleElement()
                .asString().contains("2 entries").contains(oldest.event().id().substring(0, 8))
                .contains("RuntimeException: first");

        now.addAndGet(Duration.ofSeconds(9).toNanos());
        dlq.add(event(4), new IllegalStateException());
        assertThat(warnings()).hasSize(2).last().isEqualTo("2 more entries evicted from the full dead letter queue "
                + "(2 entries) in the last 10 s (no handler: 2 x RuntimeException); last: event "
                + evicted.get(2).event().id().substring(0, 8) + ": RuntimeException");
    }

    @Test
    void anEvictionStormIsLoggedOnceThenSummedUp() {
        // 9,900 evictions used to write 9,900 warnings, and 10,000 more for the added entries.
        AtomicLong now = new AtomicLong();
        AtomicInteger evictions = new AtomicInteger();
        InMemoryDeadLetterQueue dlq = new InMemoryDeadLetterQueue(100, null, now::get)
                .onEvict(entry -> evictions.incrementAndGet());
        for (int i = 0; i < 10_000; i++) {
            dlq.add(event(i), new IllegalStateException("MES unreachable"), "uploader");
            now.addAndGet(100_000);
        }
        assertThat(evictions).hasValue(9_900);
        assertThat(warnings()).singleElement().asString().startsWith("Dead letter queue full (100 entries)");

        now.addAndGet(Duration.ofSeconds(10).toNanos());
        dlq.add(event(10_000), new IllegalStateException("MES unreachable"), "uploader");
        assertThat(warnings()).hasSize(3);
        assertThat(warnings().get(1)).startsWith("9899 more entries evicted from the full dead letter queue (100 "
                + "entries) in the last 11 s (handler uploader: 9899 x IllegalStateException); last: event ");
        assertThat(warnings().get(2)).startsWith("Dead letter queue full (100 entries)");
        assertThat(logs.list).noneMatch(line -> line.getThrowableProxy() != null);
        assertThat(dlq.size()).isEqualTo(100);
    }

    @Test
    void maxSizeZeroStoresNothingButStillReturnsTheEntryAndCallsOnAdd() {
        List<DeadLetterEntry> added = new ArrayList<>();
        List<DeadLetterEntry> evicted = new ArrayList<>();
        InMemoryDeadLetterQueue dlq = new InMemoryDeadLetterQueue(0, added::add).onEvict(evicted::add);
        DeadLetterEntry entry = dlq.add(event(0), new RuntimeException(), "H");
        assertThat(entry.handlerName()).isEqualTo("H");
        assertThat(added).containsExactly(entry);
        assertThat(dlq.size()).isZero();
        assertThat(dlq.getEntries()).isEmpty();
        assertThat(evicted).isEmpty();
        assertThat(dlq.maxSize()).isZero();
    }

    @Test
    void defaultsAndToString() {
        InMemoryDeadLetterQueue dlq = new InMemoryDeadLetterQueue();
        assertThat(dlq.maxSize()).isEqualTo(DeadLetterQueue.DEFAULT_MAX_SIZE).isEqualTo(10_000);
        dlq.add(event(0), new RuntimeException());
        assertThat(dlq).hasToString("InMemoryDeadLetterQueue(size=1, max_size=10000)");
        assertThat(new InMemoryDeadLetterQueue(5).maxSize()).isEqualTo(5);
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> new InMemoryDeadLetterQueue(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxSize must be >= 0, got -1");
        InMemoryDeadLetterQueue dlq = new InMemoryDeadLetterQueue();
        assertThatThrownBy(() -> dlq.add(null, new RuntimeException())).isInstanceOf(NullPointerException.class)
                .hasMessage("event");
        assertThatThrownBy(() -> dlq.add(event(0), null)).isInstanceOf(NullPointerException.class)
                .hasMessage("error");
        assertThatThrownBy(() -> dlq.onEvict(null)).isInstanceOf(NullPointerException.class);
        assertThat(dlq.isEmpty()).isTrue();
    }

    // ---- concurrency ---------------------------------------------------------------------------

    @Test
    void concurrentAddsNeverExceedTheBoundAndEvictExactlyTheOverflow() throws InterruptedException {
        int threads = 4;
        int perThread = 500;
        int maxSize = 300;
        AtomicInteger evictions = new AtomicInteger();
        AtomicInteger oversize = new AtomicInteger();
        InMemoryDeadLetterQueue dlq = new InMemoryDeadLetterQueue(maxSize, entry -> { })
                .onEvict(entry -> evictions.incrementAndGet());
        Concurrently.run(threads, worker -> {
            for (int i = 0; i < perThread; i++) {
                dlq.add(event(worker * perThread + i), new RuntimeException(), "H" + worker);
                if (dlq.size() > maxSize || dlq.getEntries().size() > maxSize) {
                    oversize.incrementAndGet();
                }
            }
        });
        assertThat(oversize).hasValue(0);
        assertThat(dlq.size()).isEqualTo(maxSize);
        assertThat(evictions).hasValue(threads * perThread - maxSize);
        Set<Object> kept = new HashSet<>(payloadIndexes(dlq.getEntries()));
        assertThat(kept).hasSize(maxSize);
    }

    @Test
    void concurrentAddsBelowTheBoundLoseNothing() throws InterruptedException {
        int threads = 4;
        int perThread = 400;
        Set<String> notified = ConcurrentHashMap.newKeySet();
        InMemoryDeadLetterQueue dlq = new InMemoryDeadLetterQueue(10_000, entry -> notified.add(entry.event().id()));
        List<String> published = new CopyOnWriteArrayList<>();
        Concurrently.run(threads, worker -> {
            for (int i = 0; i < perThread; i++) {
                Event event = event(worker * perThread + i);
                published.add(event.id());
                dlq.add(event, new RuntimeException());
                if (i % 50 == 0) {
                    dlq.getEntries(10, EventType.TEST_RESULT);
                    dlq.peek();
                }
            }
        });
        assertThat(dlq.size()).isEqualTo(threads * perThread);
        Set<String> stored = new HashSet<>();
        dlq.getEntries().forEach(entry -> stored.add(entry.event().id()));
        assertThat(stored).containsExactlyInAnyOrderElementsOf(published);
        assertThat(notified).containsExactlyInAnyOrderElementsOf(published);
    }

    @Test
    void concurrentPopsHandOutEachEntryOnce() throws InterruptedException {
        InMemoryDeadLetterQueue dlq = new InMemoryDeadLetterQueue();
        int total = 2_000;
        for (int i = 0; i < total; i++) {
            dlq.add(event(i), new RuntimeException());
        }
        Set<String> popped = ConcurrentHashMap.newKeySet();
        AtomicInteger duplicates = new AtomicInteger();
        Concurrently.run(4, worker -> {
            while (true) {
                var entry = dlq.pop();
                if (entry.isEmpty()) {
                    return;
                }
                if (!popped.add(entry.get().event().id())) {
                    duplicates.incrementAndGet();
                }
            }
        });
        assertThat(popped).hasSize(total);
        assertThat(duplicates).hasValue(0);
        assertThat(dlq.isEmpty()).isTrue();
    }
}
