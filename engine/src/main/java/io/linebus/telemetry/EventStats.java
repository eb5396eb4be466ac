package io.linebus.telemetry;

import io.linebus.models.EventType;
import io.linebus.models.IsoTimes;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.HdrHistogram.PackedHistogram;

/**
 * Running statistics for one event type: counts, success rate, latency min/avg/max and latency
 * percentiles.
 *
 * <p>Mutable and thread-safe ({@code synchronized}). {@link #snapshot()} returns an immutable copy;
 * {@link EventMetrics} hands out only such snapshots. Percentiles come from an HdrHistogram of the
 * latency in nanoseconds (1 ns to 1 hour, 3 significant digits: a reported percentile is within
 * 0.1% of the recorded value); a latency above 1 hour is recorded in the histogram as 1 hour and
 * counted in {@link #clampedLatencyCount()}, while count, total, min and max keep the real value.
 */
public final class EventStats {
    private final String eventType;
    private final boolean snapshot;
    private final PackedHistogram latencies;
    private long successCount;
    private long errorCount;
    private double totalLatencyMs;
    private double minLatencyMs = Double.NaN;
    private double maxLatencyMs = Double.NaN;
    private OffsetDateTime lastSeen;
    private long clampedLatencyCount;

    /**
     * Empty statistics for the type with wire value {@code eventType}.
     *
     * @throws IllegalArgumentException when {@code eventType} is not an {@link EventType} value
     */
    public EventStats(String eventType) {
        this(EventType.fromString(Objects.requireNonNull(eventType, "eventType")));
    }

    public EventStats(EventType eventType) {
        this.eventType = Objects.requireNonNull(eventType, "eventType").value();
        this.snapshot = false;
        this.latencies = LatencyHistograms.newCompact();
    }

    private EventStats(String eventType, long successCount, long errorCount, double totalLatencyMs,
            double minLatencyMs, double maxLatencyMs, OffsetDateTime lastSeen, PackedHistogram latencies,
            long clampedLatencyCount) {
        this.eventType = eventType;
        this.snapshot = true;
        this.successCount = successCount;
        this.errorCount = errorCount;
        this.totalLatencyMs = totalLatencyMs;
        this.minLatencyMs = minLatencyMs;
        this.maxLatencyMs = maxLatencyMs;
        this.lastSeen = lastSeen;
        this.latencies = latencies;
        this.clampedLatencyCount = clampedLatencyCount;
    }

    /**
     * An immutable instance from values gathered elsewhere ({@link EventMetrics}); takes ownership
     * of {@code latencies}. {@code min}/{@code max} are NaN and {@code lastSeen} null when
     * nothing was recorded.
     */
    static EventStats ofSnapshot(String eventType, long successCount, long errorCount, double totalLatencyMs,
            double minLatencyMs, double maxLatencyMs, OffsetDateTime lastSeen, PackedHistogram latencies,
            long clampedLatencyCount) {
        return new EventStats(eventType, successCount, errorCount, totalLatencyMs, minLatencyMs, maxLatencyMs,
                lastSeen, latencies, clampedLatencyCount);
    }

    /** Records one successful event. */
    public void record(double latencyMs) {
        record(latencyMs, true);
    }

    /**
     * Records one event: count + 1, latency added, {@code lastSeen} = now, success or error + 1.
     *
     * @throws IllegalArgumentException when {@code latencyMs} is negative, NaN or infinite
     * @throws UnsupportedOperationException on a {@link #snapshot()}
     */
    public synchronized void record(double latencyMs, boolean success) {
        if (snapshot) {
            throw new UnsupportedOperationException("EventStats snapshots are immutable");
        }
        if (!(latencyMs >= 0.0) || Double.isInfinite(latencyMs)) {
            throw new IllegalArgumentException("latencyMs must be a finite number >= 0, got " + latencyMs);
        }
        if (success) {
            successCount++;
        } else {
            errorCount++;
        }
        totalLatencyMs += latencyMs;
        minLatencyMs = Double.isNaN(minLatencyMs) ? latencyMs : Math.min(minLatencyMs, latencyMs);
        maxLatencyMs = Double.isNaN(maxLatencyMs) ? latencyMs : Math.max(maxLatencyMs, latencyMs);
        lastSeen = IsoTimes.now();
        long nanos = Math.round(latencyMs * 1_000_000.0);
        if (nanos > LatencyHistograms.HIGHEST_NANOS) {
            clampedLatencyCount++;
        }
        latencies.recordValue(LatencyHistograms.clamp(nanos));
    }

    /** The wire value of the event type, e.g. {@code test.result}. */
    public String eventType() {
        return eventType;
    }

    public synchronized long count() {
        return successCount + errorCount;
    }

    public synchronized long successCount() {
        return successCount;
    }

    public synchronized long errorCount() {
        return errorCount;
    }

    public synchronized double totalLatencyMs() {
        return totalLatencyMs;
    }

    /** The smallest latency, empty before the first record. */
    public synchronized OptionalDouble minLatencyMs() {
        return Double.isNaN(minLatencyMs) ? OptionalDouble.empty() : OptionalDouble.of(minLatencyMs);
    }

    /** The largest latency, empty before the first record. */
    public synchronized OptionalDouble maxLatencyMs() {
        return Double.isNaN(maxLatencyMs) ? OptionalDouble.empty() : OptionalDouble.of(maxLatencyMs);
    }

    /** When the last event was recorded, empty before the first record. */
    public synchronized Optional<OffsetDateTime> lastSeen() {
        return Optional.ofNullable(lastSeen);
    }

    /** Total latency / count, empty before the first record. */
    public synchronized OptionalDouble avgLatencyMs() {
        long count = successCount + errorCount;
        return count == 0 ? OptionalDouble.empty() : OptionalDouble.of(totalLatencyMs / count);
    }

    /** Successes as a percentage of all events; 100.0 when nothing was recorded (as in Python). */
    public synchronized double successRate() {
        long count = successCount + errorCount;
        return count == 0 ? 100.0 : successCount * 100.0 / count;
    }

    /**
     * The latency at {@code percentile} (0 to 100, e.g. 99.9), within 0.1%; empty before the first
     * record.
     *
     * @throws IllegalArgumentException when {@code percentile} is outside 0..100 or NaN
     */
    public synchronized OptionalDouble percentileLatencyMs(double percentile) {
        return LatencyHistograms.percentileMs(latencies, percentile);
    }

    /** How many latencies exceeded 1 hour and entered the percentiles as 1 hour. */
    public synchronized long clampedLatencyCount() {
        return clampedLatencyCount;
    }

    /** Whether this instance is an immutable snapshot. */
    public boolean isSnapshot() {
        return snapshot;
    }

    /** An immutable copy of the current statistics (the same instance when already a snapshot). */
    public synchronized EventStats snapshot() {
        if (snapshot) {
            return this;
        }
        return new EventStats(eventType, successCount, errorCount, totalLatencyMs, minLatencyMs, maxLatencyMs,
                lastSeen, latencies.copy(), clampedLatencyCount);
    }

    /**
     * The Python {@code to_dict()} keys in order: {@code event_type}, {@code count},
     * {@code success_count}, {@code error_count}, {@code success_rate}, {@code avg_latency_ms},
     * {@code min_latency_ms}, {@code max_latency_ms}, {@code last_seen} (ISO text or null), then,
     * added by linebus, {@code p50_latency_ms}, {@code p99_latency_ms}, {@code p999_latency_ms}
     * (null before the first record). Unmodifiable.
     */
    public synchronized Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>(16);
        map.put("event_type", eventType);
        map.put("count", successCount + errorCount);
        map.put("success_count", successCount);
        map.put("error_count", errorCount);
        map.put("success_rate", successRate());
        map.put("avg_latency_ms", boxed(avgLatencyMs()));
        map.put("min_latency_ms", Double.isNaN(minLatencyMs) ? null : minLatencyMs);
        map.put("max_latency_ms", Double.isNaN(maxLatencyMs) ? null : maxLatencyMs);
        map.put("last_seen", lastSeen == null ? null : IsoTimes.format(lastSeen));
        map.put("p50_latency_ms", boxed(percentileLatencyMs(50.0)));
        map.put("p99_latency_ms", boxed(percentileLatencyMs(99.0)));
        map.put("p999_latency_ms", boxed(percentileLatencyMs(99.9)));
        return Collections.unmodifiableMap(map);
    }

    static Double boxed(OptionalDouble value) {
        return value.isPresent() ? value.getAsDouble() : null;
    }

    @Override
    public synchronized String toString() {
        OptionalDouble avg = avgLatencyMs();
        return String.format(Locale.ROOT, "EventStats(eventType=%s, count=%d, successCount=%d, errorCount=%d, "
                + "avgLatencyMs=%s)", eventType, successCount + errorCount, successCount, errorCount,
                avg.isPresent() ? String.format(Locale.ROOT, "%.3f", avg.getAsDouble()) : "none");
    }
}
