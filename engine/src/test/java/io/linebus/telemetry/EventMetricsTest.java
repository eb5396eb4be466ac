package io.linebus.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.withinPercentage;

import io.linebus.models.Event;
import io.linebus.models.EventType;
import io.linebus.models.IsoTimes;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class EventMetricsTest {
    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong clock = new AtomicLong(42 * SECOND);
    private final EventMetrics metrics = new EventMetrics(clock::get);

    private static Event event(EventType type) {
        return new Event(type, Map.of());
    }

    @Test
    void batchCountsAndSampledLatenciesMakeTheSameStatistics() {
        metrics.recordProcessed(EventType.TEST_RESULT, 100, 3);
        metrics.recordLatency(EventType.TEST_RESULT, 2_000_000);
        metrics.recordLatency(EventType.TEST_RESULT, 4_000_000);

        EventStats stats = metrics.getStats(EventType.TEST_RESULT).orElseThrow();
        assertThat(stats.count()).isEqualTo(100);
        assertThat(stats.successCount()).isEqualTo(97);
        assertThat(stats.errorCount()).isEqualTo(3);
        assertThat(stats.minLatencyMs()).hasValue(2.0);
        assertThat(stats.maxLatencyMs()).hasValue(4.0);
        // Two samples stand for 100 events: the average is theirs, the total is scaled.
        assertThat(stats.avgLatencyMs().getAsDouble()).isCloseTo(3.0, withinPercentage(0.01));
        assertThat(stats.totalLatencyMs()).isCloseTo(300.0, withinPercentage(0.01));
        assertThat(metrics.totalEvents()).isEqualTo(100);
        assertThat(metrics.totalErrors()).isEqualTo(3);
        assertThatThrownBy(() -> metrics.recordProcessed(EventType.TEST_RESULT, 1, 2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> metrics.recordLatency(EventType.TEST_RESULT, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aWeightedSampleStandsForAsManyEvents() {
        metrics.recordProcessed(EventType.TEST_RESULT, 10, 0);
        metrics.recordLatency(EventType.TEST_RESULT, 1_000_000, 1); // one event took 1 ms
        metrics.recordLatency(EventType.TEST_RESULT, 10_000_000, 9); // one in nine took 10 ms

        EventStats stats = metrics.getStats(EventType.TEST_RESULT).orElseThrow();
        assertThat(stats.percentileLatencyMs(50.0).getAsDouble()).isCloseTo(10.0, withinPercentage(1));
        assertThat(stats.avgLatencyMs().getAsDouble()).isCloseTo(9.1, withinPercentage(0.01));
        assertThat(stats.minLatencyMs()).hasValue(1.0);
        assertThat(stats.maxLatencyMs()).hasValue(10.0);
        assertThatThrownBy(() -> metrics.recordLatency(EventType.TEST_RESULT, 1, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weight");
    }

    @Test
    void summaryOfNewMetricsHasEveryKeyInOrder() {
        Map<String, Object> summary = metrics.getSummary();

        assertThat(summary.keySet()).containsExactly("total_events", "total_errors", "error_rate",
                "events_per_second", "uptime_seconds", "in_progress", "event_types", "by_type",
                "total_retries", "total_dead_letters", "p50_latency_ms", "p99_latency_ms", "p999_latency_ms");
        assertThat(summary.get("total_events")).isEqualTo(0L);
        assertThat(summary.get("total_errors")).isEqualTo(0L);
        assertThat(summary.get("error_rate")).isEqualTo(0.0);
        assertThat(summary.get("events_per_second")).isEqualTo(0.0);
        assertThat(summary.get("uptime_seconds")).isEqualTo(0.0);
        assertThat(summary.get("in_progress")).isEqualTo(0L);
        assertThat(summary.get("event_types")).isEqualTo(0L);
        assertThat(summary.get("by_type")).isEqualTo(Map.of());
        assertThat(summary.get("p50_latency_ms")).isNull();
        assertThat(metrics.latencyPercentileMs(99)).isEmpty();
    }

    @Test
    void startAndEndMeasureLatencyOnTheInjectedClock() {
        Event event = event(EventType.TEST_RESULT);
        metrics.recordStart(event);
        assertThat(metrics.inProgress()).isEqualTo(1);
        clock.addAndGet(5 * MS);
        metrics.recordEnd(event);

        EventStats stats = metrics.getStats("test.result").orElseThrow();
        assertThat(stats.count()).isEqualTo(1);
        assertThat(stats.successCount()).isEqualTo(1);
        assertThat(stats.avgLatencyMs()).hasValue(5.0);
        assertThat(stats.minLatencyMs()).hasValue(5.0);
        assertThat(metrics.getStats(EventType.TEST_RESULT).orElseThrow().count()).isEqualTo(1);
        assertThat(metrics.inProgress()).isZero();
        assertThat(metrics.totalEvents()).isEqualTo(1);
        assertThat(metrics.totalErrors()).isZero();
    }

    @Test
    void endWithoutStartCountsWithZeroLatency() {
        metrics.recordEnd(event(EventType.ASSET_FAULT), false);

        EventStats stats = metrics.getStats(EventType.ASSET_FAULT).orElseThrow();
        assertThat(stats.avgLatencyMs()).hasValue(0.0);
        assertThat(stats.errorCount()).isEqualTo(1);
    }

    @Test // D21
    void recordErrorIsOneFailedEndNotAnExtraEvent() {
        Event event = event(EventType.TEST_RESULT);
        metrics.recordStart(event);
        clock.addAndGet(2 * MS);
        metrics.recordError(event);

        assertThat(metrics.totalEvents()).isEqualTo(1);
        assertThat(metrics.totalErrors()).isEqualTo(1);
        assertThat(metrics.getSummary().get("error_rate")).isEqualTo(100.0);
        assertThat(metrics.getStats(EventType.TEST_RESULT).orElseThrow().avgLatencyMs()).hasValue(2.0);
    }

    @Test // D21
    void attemptsOfTheSameEventAreTimedSeparately() {
        Event first = event(EventType.TEST_RESULT);
        Event retry = first.withRetry();
        metrics.recordStart(first);
        clock.addAndGet(10 * MS);
        metrics.recordStart(retry);
        clock.addAndGet(10 * MS);
        metrics.recordEnd(first, false);
        clock.addAndGet(5 * MS);
        metrics.recordEnd(retry, true);

        EventStats stats = metrics.getStats(EventType.TEST_RESULT).orElseThrow();
        assertThat(stats.maxLatencyMs()).hasValue(20.0);
        assertThat(stats.minLatencyMs()).hasValue(15.0);
        assertThat(metrics.inProgress()).isZero();
    }

    @Test // D21
    void staleStartsCanBeExpired() {
        Event lost = event(EventType.TEST_RESULT);
        Event recent = event(EventType.TEST_RESULT);
        metrics.recordStart(lost);
        clock.addAndGet(50 * SECOND);
        metrics.recordStart(recent);
        clock.addAndGet(20 * SECOND);

        assertThat(metrics.expireStartsOlderThan(Duration.ofSeconds(30))).isEqualTo(1);
        assertThat(metrics.inProgress()).isEqualTo(1);
        assertThat(metrics.getSummary().get("in_progress")).isEqualTo(1L);

        metrics.recordEnd(recent);
        assertThat(metrics.getStats(EventType.TEST_RESULT).orElseThrow().avgLatencyMs()).hasValue(20_000.0);
        assertThat(metrics.expireStartsOlderThan(Duration.ZERO)).isZero();
    }

    @Test // D21
    void uptimeAndRateUseTheMonotonicClock() {
        metrics.recordProcessed(EventType.TEST_RESULT, MS, true);
        metrics.recordProcessed(EventType.TEST_RESULT, MS, false);
        clock.addAndGet(2 * SECOND);

        assertThat(metrics.uptimeSeconds()).isEqualTo(2.0);
        assertThat(metrics.eventsPerSecond()).isEqualTo(1.0);
        assertThat(metrics).hasToString("EventMetrics(total=2, errors=1, eps=1.00)");
    }

    @Test
    void summaryCountsByType() {
        metrics.recordProcessed(EventType.TEST_RESULT, 4 * MS, true);
        metrics.recordProcessed(EventType.TEST_RESULT, 6 * MS, false);
        metrics.recordProcessed(EventType.ASSET_FAULT, 2 * MS, true);
        metrics.recordProcessed(EventType.ASSET_FAULT, 2 * MS, true);
        metrics.recordRetry(EventType.TEST_RESULT);
        metrics.recordDeadLetter(EventType.TEST_RESULT);
        clock.addAndGet(4 * SECOND);

        Map<String, Object> summary = metrics.getSummary();
        assertThat(summary.get("total_events")).isEqualTo(4L);
        assertThat(summary.get("total_errors")).isEqualTo(1L);
        assertThat(summary.get("error_rate")).isEqualTo(25.0);
        assertThat(summary.get("events_per_second")).isEqualTo(1.0);
        assertThat(summary.get("uptime_seconds")).isEqualTo(4.0);
        assertThat(summary.get("event_types")).isEqualTo(2L);
        assertThat(summary.get("total_retries")).isEqualTo(1L);
        assertThat(summary.get("total_dead_letters")).isEqualTo(1L);
        @SuppressWarnings("unchecked")
        Map<String, Object> byType = (Map<String, Object>) summary.get("by_type");
        assertThat(byType.keySet()).containsExactly("test.result", "asset.fault");
        @SuppressWarnings("unchecked")
        Map<String, Object> testResults = (Map<String, Object>) byType.get("test.result");
        assertThat(testResults).containsEntry("count", 2L).containsEntry("error_count", 1L)
                .containsEntry("success_rate", 50.0).containsEntry("avg_latency_ms", 5.0);
        assertThat((Double) summary.get("p99_latency_ms")).isCloseTo(6.0, withinPercentage(0.1));
    }

    @Test
    void retriesAndDeadLettersAreCountedPerType() {
        metrics.recordRetry(EventType.TEST_RESULT);
        metrics.recordRetry(EventType.TEST_RESULT);
        metrics.recordRetry(EventType.ASSET_FAULT);
        metrics.recordDeadLetter(EventType.ASSET_FAULT);

        assertThat(metrics.totalRetries()).isEqualTo(3);
        assertThat(metrics.retryCount(EventType.TEST_RESULT)).isEqualTo(2);
        assertThat(metrics.totalDeadLetters()).isEqualTo(1);
        assertThat(metrics.deadLetterCount(EventType.ASSET_FAULT)).isEqualTo(1);
        assertThat(metrics.deadLetterCount(EventType.CUSTOM)).isZero();
        // Only processed events make a type appear in the statistics.
        assertThat(metrics.getAllStats()).isEmpty();
        assertThat(metrics.getStats(EventType.TEST_RESULT)).isEmpty();
    }

    @Test
    void statsAreSnapshotsInTypeOrder() {
        metrics.recordProcessed(EventType.MATERIAL_INSTALLED, MS, true);
        metrics.recordProcessed(EventType.TEST_RESULT, MS, true);
        Map<String, EventStats> all = metrics.getAllStats();
        EventStats single = metrics.getStats(EventType.TEST_RESULT).orElseThrow();
        metrics.recordProcessed(EventType.TEST_RESULT, 9 * MS, false);

        assertThat(all.keySet()).containsExactly("test.result", "material.installed");
        assertThat(all.get("test.result").count()).isEqualTo(1);
        assertThat(all.get("test.result").isSnapshot()).isTrue();
        assertThat(single.count()).isEqualTo(1);
        assertThat(single.maxLatencyMs()).hasValue(1.0);
        assertThatThrownBy(() -> all.put("x", single)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(metrics.getStats(EventType.TEST_RESULT).orElseThrow().count()).isEqualTo(2);
    }

    @Test
    void lastSeenIsTheMonotonicTimeSinceConstructionOnTheWallClock() {
        OffsetDateTime before = IsoTimes.now();
        EventMetrics timed = new EventMetrics(clock::get);
        OffsetDateTime after = IsoTimes.now();
        clock.addAndGet(3 * SECOND);
        timed.recordProcessed(EventType.TEST_RESULT, MS, true);

        OffsetDateTime lastSeen = timed.getStats(EventType.TEST_RESULT).orElseThrow().lastSeen().orElseThrow();
        assertThat(lastSeen).isBetween(before.plusSeconds(3), after.plusSeconds(3));
    }

    @Test
    void percentilesOverAllTypes() {
        for (int ms = 1; ms <= 500; ms++) {
            metrics.recordProcessed(EventType.TEST_RESULT, ms * MS, true);
            metrics.recordProcessed(EventType.ASSET_FAULT, (500 + ms) * MS, true);
        }

        assertThat(metrics.latencyPercentileMs(50).getAsDouble()).isCloseTo(500.0, withinPercentage(0.1));
        assertThat(metrics.latencyPercentileMs(99.9).getAsDouble()).isCloseTo(999.0, withinPercentage(0.1));
        assertThat(metrics.getStats(EventType.TEST_RESULT).orElseThrow().percentileLatencyMs(50).getAsDouble())
                .isCloseTo(250.0, withinPercentage(0.1));
    }

    @Test
    void latencyAboveOneHourIsClampedNotRejected() {
        long twoHours = 2 * 3600 * SECOND;
        metrics.recordProcessed(EventType.TEST_RESULT, twoHours, true);

        EventStats stats = metrics.getStats(EventType.TEST_RESULT).orElseThrow();
        assertThat(stats.clampedLatencyCount()).isEqualTo(1);
        assertThat(stats.maxLatencyMs()).hasValue(7_200_000.0);
        assertThat(metrics.latencyPercentileMs(100).getAsDouble()).isCloseTo(3_600_000.0, withinPercentage(0.1));
    }

    @Test
    void resetClearsEverythingAndRestartsUptime() {
        Event started = event(EventType.TEST_RESULT);
        metrics.recordStart(started);
        metrics.recordProcessed(EventType.TEST_RESULT, MS, false);
        metrics.recordRetry(EventType.TEST_RESULT);
        clock.addAndGet(5 * SECOND);

        metrics.reset();

        assertThat(metrics.totalEvents()).isZero();
        assertThat(metrics.totalErrors()).isZero();
        assertThat(metrics.totalRetries()).isZero();
        assertThat(metrics.inProgress()).isZero();
        assertThat(metrics.getAllStats()).isEmpty();
        assertThat(metrics.uptimeSeconds()).isZero();
        metrics.recordEnd(started);
        assertThat(metrics.getStats(EventType.TEST_RESULT).orElseThrow().avgLatencyMs()).hasValue(0.0);
    }

    @Test
    void badInputIsRejected() {
        assertThatThrownBy(() -> new EventMetrics(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("nanoClock");
        assertThatThrownBy(() -> metrics.getStats("test_result")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("test_result");
        assertThatThrownBy(() -> metrics.getStats((String) null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> metrics.getStats((EventType) null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> metrics.recordStart(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("event");
        assertThatThrownBy(() -> metrics.recordEnd(null, true)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> metrics.recordProcessed(null, 1, true)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("type");
        assertThatThrownBy(() -> metrics.recordProcessed(EventType.TEST_RESULT, -1, true))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> metrics.recordRetry(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> metrics.expireStartsOlderThan(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> metrics.latencyPercentileMs(101)).isInstanceOf(IllegalArgumentException.class);
        assertThat(metrics.getStats("custom")).isEmpty();
        assertThat(metrics.totalEvents()).isZero();
    }

    @Test // D8
    void concurrentHotPathRecordsAreExact() throws InterruptedException {
        EventMetrics shared = new EventMetrics();
        EventType[] types = {EventType.TEST_RESULT, EventType.ASSET_FAULT};
        CountDownLatch go = new CountDownLatch(1);
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicReference<Long> readerLast = new AtomicReference<>(0L);
        AtomicBoolean readerSawDecrease = new AtomicBoolean();
        Thread reader = new Thread(() -> {
            while (writing.get()) {
                long total = shared.totalEvents();
                if (total < readerLast.get()) {
                    readerSawDecrease.set(true);
                }
                readerLast.set(total);
                shared.getSummary();
            }
        });
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            EventType type = types[t % 2];
            Thread writer = new Thread(() -> {
                EventStatsTest.awaitQuietly(go);
                for (int i = 0; i < 100_000; i++) {
                    shared.recordProcessed(type, (i % 1000) * 1000L, i % 10 != 0);
                    if (i % 100 == 0) {
                        shared.recordRetry(type);
                    }
                }
            });
            writers.add(writer);
            writer.start();
        }
        reader.start();
        go.countDown();
        for (Thread writer : writers) {
            writer.join(TimeUnit.SECONDS.toMillis(60));
            assertThat(writer.isAlive()).isFalse();
        }
        writing.set(false);
        reader.join(TimeUnit.SECONDS.toMillis(60));
        assertThat(reader.isAlive()).isFalse();

        assertThat(shared.totalEvents()).isEqualTo(400_000);
        assertThat(shared.totalErrors()).isEqualTo(40_000);
        assertThat(shared.totalRetries()).isEqualTo(4_000);
        assertThat(shared.getStats(EventType.TEST_RESULT).orElseThrow().count()).isEqualTo(200_000);
        assertThat(shared.getStats(EventType.ASSET_FAULT).orElseThrow().successCount()).isEqualTo(180_000);
        assertThat(shared.getStats(EventType.ASSET_FAULT).orElseThrow().maxLatencyMs()).hasValue(0.999);
        assertThat(readerSawDecrease).isFalse();
    }

    @Test // D8
    void concurrentStartsAndEndsAreAllMatched() throws InterruptedException {
        EventMetrics shared = new EventMetrics();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 5_000; i++) {
                    Event event = event(EventType.WORK_STARTED);
                    shared.recordStart(event);
                    shared.recordEnd(event, i % 2 == 0);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(60));
            assertThat(thread.isAlive()).isFalse();
        }

        assertThat(shared.totalEvents()).isEqualTo(20_000);
        assertThat(shared.totalErrors()).isEqualTo(10_000);
        assertThat(shared.inProgress()).isZero();
    }
}
