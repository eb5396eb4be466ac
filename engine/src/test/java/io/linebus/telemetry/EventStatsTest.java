package io.linebus.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import io.linebus.models.EventType;
import io.linebus.models.IsoTimes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EventStatsTest {

    @Test
    void emptyStatsHaveFullSuccessRateAndNoLatencies() {
        EventStats stats = new EventStats("test.result");

        assertThat(stats.eventType()).isEqualTo("test.result");
        assertThat(stats.count()).isZero();
        assertThat(stats.successRate()).isEqualTo(100.0);
        assertThat(stats.avgLatencyMs()).isEmpty();
        assertThat(stats.minLatencyMs()).isEmpty();
        assertThat(stats.maxLatencyMs()).isEmpty();
        assertThat(stats.lastSeen()).isEmpty();
        assertThat(stats.percentileLatencyMs(50)).isEmpty();
    }

    @Test
    void recordUpdatesCountsAndMinAvgMax() {
        EventStats stats = new EventStats(EventType.ASSET_FAULT);
        stats.record(10.0);
        stats.record(30.0, false);
        stats.record(20.0, true);

        assertThat(stats.count()).isEqualTo(3);
        assertThat(stats.successCount()).isEqualTo(2);
        assertThat(stats.errorCount()).isEqualTo(1);
        assertThat(stats.totalLatencyMs()).isEqualTo(60.0);
        assertThat(stats.minLatencyMs()).hasValue(10.0);
        assertThat(stats.maxLatencyMs()).hasValue(30.0);
        assertThat(stats.avgLatencyMs()).hasValue(20.0);
        assertThat(stats.successRate()).isCloseTo(66.666, within(0.001));
        assertThat(stats.lastSeen()).isPresent();
    }

    @Test
    void firstRecordSetsBothMinAndMax() {
        EventStats stats = new EventStats("custom");
        stats.record(7.5);

        assertThat(stats.minLatencyMs()).hasValue(7.5);
        assertThat(stats.maxLatencyMs()).hasValue(7.5);
    }

    @Test
    void toMapHasThePythonKeysInOrderThenPercentiles() {
        EventStats stats = new EventStats("test.result");

        Map<String, Object> empty = stats.toMap();
        assertThat(empty).contains(
                Map.entry("event_type", "test.result"),
                Map.entry("count", 0L),
                Map.entry("success_count", 0L),
                Map.entry("error_count", 0L),
                Map.entry("success_rate", 100.0));
        assertThat(empty.keySet()).containsExactly("event_type", "count", "success_count", "error_count",
                "success_rate", "avg_latency_ms", "min_latency_ms", "max_latency_ms", "last_seen",
                "p50_latency_ms", "p99_latency_ms", "p999_latency_ms");
        assertThat(empty.get("avg_latency_ms")).isNull();
        assertThat(empty.get("last_seen")).isNull();
        assertThat(empty.get("p999_latency_ms")).isNull();

        stats.record(4.0);
        Map<String, Object> map = stats.toMap();
        assertThat(map.get("count")).isEqualTo(1L);
        assertThat(map.get("avg_latency_ms")).isEqualTo(4.0);
        assertThat(map.get("min_latency_ms")).isEqualTo(4.0);
        assertThat(IsoTimes.parse((String) map.get("last_seen"))).isEqualTo(stats.lastSeen().orElseThrow());
        assertThat((Double) map.get("p50_latency_ms")).isCloseTo(4.0, withinPercentage(0.1));
    }

    @Test
    void percentilesAreWithinAThousandth() {
        EventStats stats = new EventStats("test.result");
        for (int ms = 1; ms <= 1000; ms++) {
            stats.record(ms);
        }

        assertThat(stats.percentileLatencyMs(50).getAsDouble()).isCloseTo(500.0, withinPercentage(0.1));
        assertThat(stats.percentileLatencyMs(99).getAsDouble()).isCloseTo(990.0, withinPercentage(0.1));
        assertThat(stats.percentileLatencyMs(99.9).getAsDouble()).isCloseTo(999.0, withinPercentage(0.1));
        assertThat(stats.percentileLatencyMs(100).getAsDouble()).isCloseTo(1000.0, withinPercentage(0.1));
        assertThat(stats.percentileLatencyMs(0).getAsDouble()).isCloseTo(1.0, withinPercentage(0.1));
    }

    @Test
    void latencyAboveOneHourIsClampedInThePercentilesAndCounted() {
        EventStats stats = new EventStats("test.result");
        double twoHoursMs = 2 * 3_600_000.0;
        stats.record(twoHoursMs);

        assertThat(stats.clampedLatencyCount()).isEqualTo(1);
        assertThat(stats.maxLatencyMs()).hasValue(twoHoursMs);
        assertThat(stats.percentileLatencyMs(100).getAsDouble()).isCloseTo(3_600_000.0, withinPercentage(0.1));
    }

    @Test
    void snapshotIsAnImmutableCopy() {
        EventStats stats = new EventStats("test.result");
        stats.record(1.0);
        EventStats snapshot = stats.snapshot();
        stats.record(3.0, false);

        assertThat(snapshot.isSnapshot()).isTrue();
        assertThat(stats.isSnapshot()).isFalse();
        assertThat(snapshot.count()).isEqualTo(1);
        assertThat(snapshot.maxLatencyMs()).hasValue(1.0);
        assertThat(snapshot.percentileLatencyMs(100).getAsDouble()).isCloseTo(1.0, withinPercentage(0.1));
        assertThat(snapshot.snapshot()).isSameAs(snapshot);
        assertThatThrownBy(() -> snapshot.record(1.0)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> snapshot.toMap().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void badInputIsRejected() {
        EventStats stats = new EventStats("test.result");

        assertThatThrownBy(() -> new EventStats((String) null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("eventType");
        assertThatThrownBy(() -> new EventStats("test_result")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("test_result");
        assertThatThrownBy(() -> stats.record(-1.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> stats.record(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> stats.record(Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> stats.percentileLatencyMs(-0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> stats.percentileLatencyMs(100.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> stats.percentileLatencyMs(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThat(stats.count()).isZero();
    }

    @Test // D8
    void concurrentRecordsAreAllCounted() throws InterruptedException {
        EventStats stats = new EventStats("test.result");
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                awaitQuietly(go);
                for (int i = 0; i < 10_000; i++) {
                    stats.record(i % 100, i % 4 != 0);
                }
            });
            threads.add(thread);
            thread.start();
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(thread.isAlive()).isFalse();
        }

        assertThat(stats.count()).isEqualTo(40_000);
        assertThat(stats.errorCount()).isEqualTo(10_000);
        assertThat(stats.maxLatencyMs()).hasValue(99.0);
    }

    static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
