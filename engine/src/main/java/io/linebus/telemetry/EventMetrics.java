package io.linebus.telemetry;

import io.linebus.models.Event;
import io.linebus.models.EventType;
import io.linebus.models.IsoTimes;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.HdrHistogram.AtomicHistogram;
import org.HdrHistogram.PackedHistogram;

/**
 * Counters and latency statistics per event type, safe for concurrent use (D8: thread safety).
 *
 * <p>Two ways to feed it:
 * <ul>
 *   <li>The hot path, called by the buses for every event: {@link #recordProcessed(EventType, long,
 *       boolean)}, {@link #recordRetry(EventType)}, {@link #recordDeadLetter(EventType)}. These
 *       allocate nothing in steady state: per-type state sits in an array indexed by the type's
 *       ordinal (created once per type), counters are {@link LongAdder}s, latencies go into a
 *       fixed-range HdrHistogram, and the last-seen time is kept as a monotonic clock reading that
 *       is turned into a timestamp only when read.</li>
 *   <li>The Python API, for applications that time events themselves: {@link #recordStart(Event)}
 *       and {@link #recordEnd(Event, boolean)}. Starts are keyed by (event id, retry count), so two
 *       attempts of the same event do not overwrite each other's start (D21: metrics accuracy);
 *       starts that never end can be dropped with {@link #expireStartsOlderThan(Duration)} (D21: no
 *       start kept for ever).</li>
 * </ul>
 * Latency, uptime and last-seen times come from a monotonic clock ({@code System.nanoTime} unless
 * one is injected), never from the wall clock (D21: a clock change cannot skew them); last-seen
 * timestamps are the wall time at construction (or {@link #reset()}) plus the monotonic time
 * elapsed since.
 *
 * <p>Everything read from it is a copy: {@link #getStats(EventType)} and {@link #getAllStats()}
 * return {@link EventStats#snapshot() snapshots}.
 */
public final class EventMetrics {
    private static final int TYPE_COUNT = EventType.values().length;

    private final LongSupplier nanoClock;
    private volatile State state;

    /** Metrics on {@link System#nanoTime()}. */
    public EventMetrics() {
        this(System::nanoTime);
    }

    /** Metrics on the given monotonic clock (nanoseconds; only differences matter). */
    public EventMetrics(LongSupplier nanoClock) {
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.state = new State(nanoClock.getAsLong());
    }

    /** Everything {@link #reset()} clears, swapped as one so that a reset is atomic for readers. */
    private static final class State {
        final long startNanos;
        final OffsetDateTime startTime = IsoTimes.now();
        final AtomicReferenceArray<TypeState> types = new AtomicReferenceArray<>(TYPE_COUNT);
        final ConcurrentHashMap<StartKey, Long> starts = new ConcurrentHashMap<>();

        State(long startNanos) {
            this.startNanos = startNanos;
        }
    }

    /** One attempt of one event (D21: retries share the event id). */
    private record StartKey(String eventId, int retryCount) {
        static StartKey of(Event event) {
            return new StartKey(event.id(), event.metadata().retryCount());
        }
    }

    /** The hot-path state of one event type; every field is created with it, none later. */
    private static final class TypeState {
        final EventType type;
        final LongAdder successes = new LongAdder();
        final LongAdder errors = new LongAdder();
        final LongAdder retries = new LongAdder();
        final LongAdder deadLetters = new LongAdder();
        final LongAdder totalNanos = new LongAdder();
        /** How many events the recorded latencies stand for: all events, or a weighted sample (see {@link #recordLatency}). */
        final LongAdder latencySamples = new LongAdder();
        final LongAdder clamped = new LongAdder();
        final AtomicLong minNanos = new AtomicLong(Long.MAX_VALUE);
        final AtomicLong maxNanos = new AtomicLong(Long.MIN_VALUE);
        final AtomicLong lastSeenNanos = new AtomicLong(Long.MIN_VALUE);
        final AtomicHistogram latencies = LatencyHistograms.newConcurrent();

        TypeState(EventType type) {
            this.type = type;
        }

        void record(long latencyNanos, boolean success, long nowNanos) {
            recordLatency(latencyNanos, 1L);
            raise(lastSeenNanos, nowNanos);
            // Counted last: a reader that sees the count also sees min, max and last seen set.
            (success ? successes : errors).increment();
        }

        void recordLatency(long latencyNanos, long weight) {
            totalNanos.add(latencyNanos * weight);
            latencySamples.add(weight);
            lower(minNanos, latencyNanos);
            raise(maxNanos, latencyNanos);
            if (latencyNanos > LatencyHistograms.HIGHEST_NANOS) {
                clamped.add(weight);
            }
            latencies.recordValueWithCount(LatencyHistograms.clamp(latencyNanos), weight);
        }

        void recordCounts(long processed, long failed, long nowNanos) {
            raise(lastSeenNanos, nowNanos);
            successes.add(processed - failed);
            errors.add(failed);
        }

        long count() {
            return successes.sum() + errors.sum();
        }

        EventStats snapshot(State state) {
            long successCount = successes.sum();
            long errorCount = errors.sum();
            long min = minNanos.get();
            long max = maxNanos.get();
            long lastSeen = lastSeenNanos.get();
            PackedHistogram copy = LatencyHistograms.newCompact();
            copy.add(latencies);
            // Sampled latencies stand for all events: the total is scaled to the event count.
            long samples = latencySamples.sum();
            long count = successCount + errorCount;
            double totalNanosAll = samples == 0 ? 0.0 : totalNanos.sum() * ((double) count / samples);
            OffsetDateTime lastSeenTime = state.startTime.plusNanos(lastSeen - state.startNanos)
                    .truncatedTo(ChronoUnit.MICROS);
            return EventStats.ofSnapshot(type.value(), successCount, errorCount,
                    totalNanosAll / 1_000_000.0, LatencyHistograms.toMillis(min),
                    LatencyHistograms.toMillis(max), lastSeenTime, copy, clamped.sum());
        }

        private static void lower(AtomicLong target, long value) {
            long current;
            while (value < (current = target.get()) && !target.compareAndSet(current, value)) {
                Thread.onSpinWait();
            }
        }

        private static void raise(AtomicLong target, long value) {
            long current;
            while (value > (current = target.get()) && !target.compareAndSet(current, value)) {
                Thread.onSpinWait();
            }
        }
    }

    // ---- hot path -------------------------------------------------------------------------

    /**
     * Records one processed event of {@code type} that took {@code latencyNanos}. Allocation-free
     * once the type has been seen.
     *
     * @throws IllegalArgumentException when {@code latencyNanos} is negative
     */
    public void recordProcessed(EventType type, long latencyNanos, boolean success) {
        if (latencyNanos < 0) {
            throw new IllegalArgumentException("latencyNanos must be >= 0, got " + latencyNanos);
        }
        typeState(state, type).record(latencyNanos, success, nanoClock.getAsLong());
    }

    /**
     * Counts {@code processed} events of {@code type}, {@code failed} of which failed in a handler,
     * without their latencies: the bus counts a batch at a time and times a sample of events with
     * {@link #recordLatency(EventType, long)}. Allocation-free once the type has been seen.
     *
     * @throws IllegalArgumentException when the counts are negative or {@code failed > processed}
     */
    public void recordProcessed(EventType type, long processed, long failed) {
        if (processed < 0 || failed < 0 || failed > processed) {
            throw new IllegalArgumentException("need 0 <= failed <= processed, got processed " + processed
                    + ", failed " + failed);
        }
        typeState(state, type).recordCounts(processed, failed, nanoClock.getAsLong());
    }

    /**
     * Records the latency of one event of {@code type} without counting it (it is counted by
     * {@link #recordProcessed(EventType, long, long)}): for latencies measured on a sample of the
     * events. Percentiles, min and max come from the samples; the total is scaled to all events.
     * Allocation-free once the type has been seen.
     *
     * @throws IllegalArgumentException when {@code latencyNanos} is negative
     */
    public void recordLatency(EventType type, long latencyNanos) {
        recordLatency(type, latencyNanos, 1L);
    }

    /**
     * As {@link #recordLatency(EventType, long)}, for a sample that stands for {@code weight} events
     * (one timed in every {@code weight}): percentiles and averages stay weighted per event when the
     * share of events timed changes with the rate. Allocation-free once the type has been seen.
     *
     * @throws IllegalArgumentException when {@code latencyNanos} is negative or {@code weight} below 1
     */
    public void recordLatency(EventType type, long latencyNanos, long weight) {
        if (latencyNanos < 0) {
            throw new IllegalArgumentException("latencyNanos must be >= 0, got " + latencyNanos);
        }
        if (weight < 1) {
            throw new IllegalArgumentException("weight must be >= 1, got " + weight);
        }
        typeState(state, type).recordLatency(latencyNanos, weight);
    }

    /** Counts a retry scheduled for an event of {@code type}. Allocation-free. */
    public void recordRetry(EventType type) {
        typeState(state, type).retries.increment();
    }

    /** Counts an event of {@code type} sent to the dead-letter queue. Allocation-free. */
    public void recordDeadLetter(EventType type) {
        typeState(state, type).deadLetters.increment();
    }

    private static TypeState typeState(State state, EventType type) {
        int index = Objects.requireNonNull(type, "type").ordinal();
        TypeState typeState = state.types.get(index);
        if (typeState == null) {
            TypeState created = new TypeState(type);
            typeState = state.types.compareAndSet(index, null, created) ? created : state.types.get(index);
        }
        return typeState;
    }

    // ---- Python API ------------------------------------------------------------------------

    /**
     * Remembers now as the start of this attempt of {@code event} (its id and retry count); a
     * second start of the same attempt replaces the first.
     */
    public void recordStart(Event event) {
        Objects.requireNonNull(event, "event");
        state.starts.put(StartKey.of(event), nanoClock.getAsLong());
    }

    /** {@link #recordEnd(Event, boolean)} with success. */
    public void recordEnd(Event event) {
        recordEnd(event, true);
    }

    /**
     * Ends this attempt of {@code event}: its latency is the time since {@link #recordStart(Event)}
     * for the same event id and retry count, or 0 when there was no start (as in Python).
     */
    public void recordEnd(Event event, boolean success) {
        Objects.requireNonNull(event, "event");
        State current = state;
        Long start = current.starts.remove(StartKey.of(event));
        long now = nanoClock.getAsLong();
        long latency = start == null ? 0 : Math.max(0, now - start);
        typeState(current, event.eventType()).record(latency, success, now);
    }

    /**
     * Ends this attempt of {@code event} as failed: the same as {@code recordEnd(event, false)}. It
     * is an end, not an extra error mark: do not call both for one attempt, or it counts twice.
     */
    public void recordError(Event event) {
        recordEnd(event, false);
    }

    /**
     * Forgets the starts recorded more than {@code maxAge} ago that never ended (D21: they would be
     * kept for ever), e.g. of events lost with a crashed handler.
     *
     * @return how many starts were dropped
     * @throws IllegalArgumentException when {@code maxAge} is negative
     */
    public int expireStartsOlderThan(Duration maxAge) {
        Objects.requireNonNull(maxAge, "maxAge");
        if (maxAge.isNegative()) {
            throw new IllegalArgumentException("maxAge must not be negative, got " + maxAge);
        }
        long maxAgeNanos = saturatedNanos(maxAge);
        ConcurrentHashMap<StartKey, Long> starts = state.starts;
        long now = nanoClock.getAsLong();
        int dropped = 0;
        for (Map.Entry<StartKey, Long> entry : starts.entrySet()) {
            if (now - entry.getValue() > maxAgeNanos && starts.remove(entry.getKey(), entry.getValue())) {
                dropped++;
            }
        }
        return dropped;
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    /** Events started with {@link #recordStart(Event)} and not ended yet. */
    public int inProgress() {
        return state.starts.size();
    }

    // ---- reading ---------------------------------------------------------------------------

    /** Processed events (successes and errors). */
    public long totalEvents() {
        State current = state;
        long total = 0;
        for (int i = 0; i < TYPE_COUNT; i++) {
            TypeState typeState = current.types.get(i);
            if (typeState != null) {
                total += typeState.count();
            }
        }
        return total;
    }

    /** Processed events that failed. */
    public long totalErrors() {
        return sum(state, TypeStateCounter.ERRORS);
    }

    /** Retries counted with {@link #recordRetry(EventType)}. */
    public long totalRetries() {
        return sum(state, TypeStateCounter.RETRIES);
    }

    /** Dead letters counted with {@link #recordDeadLetter(EventType)}. */
    public long totalDeadLetters() {
        return sum(state, TypeStateCounter.DEAD_LETTERS);
    }

    /** Retries counted for {@code type}. */
    public long retryCount(EventType type) {
        Objects.requireNonNull(type, "type");
        TypeState typeState = state.types.get(type.ordinal());
        return typeState == null ? 0 : typeState.retries.sum();
    }

    /** Dead letters counted for {@code type}. */
    public long deadLetterCount(EventType type) {
        Objects.requireNonNull(type, "type");
        TypeState typeState = state.types.get(type.ordinal());
        return typeState == null ? 0 : typeState.deadLetters.sum();
    }

    private enum TypeStateCounter {
        ERRORS, RETRIES, DEAD_LETTERS;

        LongAdder of(TypeState typeState) {
            return switch (this) {
                case ERRORS -> typeState.errors;
                case RETRIES -> typeState.retries;
                case DEAD_LETTERS -> typeState.deadLetters;
            };
        }
    }

    private static long sum(State state, TypeStateCounter counter) {
        long total = 0;
        for (int i = 0; i < TYPE_COUNT; i++) {
            TypeState typeState = state.types.get(i);
            if (typeState != null) {
                total += counter.of(typeState).sum();
            }
        }
        return total;
    }

    /** Seconds since construction or the last {@link #reset()}, on the monotonic clock. */
    public double uptimeSeconds() {
        return (nanoClock.getAsLong() - state.startNanos) / 1_000_000_000.0;
    }

    /** {@link #totalEvents()} / {@link #uptimeSeconds()}; 0.0 when no time has passed. */
    public double eventsPerSecond() {
        double uptime = uptimeSeconds();
        return uptime > 0 ? totalEvents() / uptime : 0.0;
    }

    /**
     * A snapshot of the statistics of the type with wire value {@code eventTypeValue}; empty when
     * no event of that type was processed.
     *
     * @throws IllegalArgumentException when the value is not an {@link EventType} value
     */
    public Optional<EventStats> getStats(String eventTypeValue) {
        Objects.requireNonNull(eventTypeValue, "eventTypeValue");
        return getStats(EventType.fromString(eventTypeValue));
    }

    /** A snapshot of the statistics of {@code type}; empty when no event of it was processed. */
    public Optional<EventStats> getStats(EventType type) {
        Objects.requireNonNull(type, "type");
        State current = state;
        TypeState typeState = current.types.get(type.ordinal());
        return typeState == null || typeState.count() == 0
                ? Optional.empty() : Optional.of(typeState.snapshot(current));
    }

    /**
     * Snapshots of every type with at least one processed event, keyed by wire value, in
     * {@link EventType} declaration order. Unmodifiable.
     */
    public Map<String, EventStats> getAllStats() {
        State current = state;
        Map<String, EventStats> all = new LinkedHashMap<>();
        for (int i = 0; i < TYPE_COUNT; i++) {
            TypeState typeState = current.types.get(i);
            if (typeState != null && typeState.count() > 0) {
                all.put(typeState.type.value(), typeState.snapshot(current));
            }
        }
        return Collections.unmodifiableMap(all);
    }

    /**
     * The latency at {@code percentile} (0 to 100) over all types, in milliseconds within 0.1%;
     * empty when nothing was processed.
     *
     * @throws IllegalArgumentException when {@code percentile} is outside 0..100 or NaN
     */
    public OptionalDouble latencyPercentileMs(double percentile) {
        LatencyHistograms.checkPercentile(percentile);
        return LatencyHistograms.percentileMs(mergedLatencies(state), percentile);
    }

    private static PackedHistogram mergedLatencies(State state) {
        PackedHistogram merged = LatencyHistograms.newCompact();
        for (int i = 0; i < TYPE_COUNT; i++) {
            TypeState typeState = state.types.get(i);
            if (typeState != null) {
                merged.add(typeState.latencies);
            }
        }
        return merged;
    }

    /**
     * The Python summary, keys in order: {@code total_events}, {@code total_errors},
     * {@code error_rate} (percentage, a double, 0.0 without events), {@code events_per_second},
     * {@code uptime_seconds}, {@code in_progress}, {@code event_types}, {@code by_type} (wire value
     * to {@link EventStats#toMap()}); then, added by linebus, {@code total_retries},
     * {@code total_dead_letters}, {@code p50_latency_ms}, {@code p99_latency_ms},
     * {@code p999_latency_ms} (over all types; null without events). Unmodifiable.
     */
    public Map<String, Object> getSummary() {
        State current = state;
        Map<String, EventStats> all = getAllStats();
        long events = 0;
        long errors = 0;
        Map<String, Object> byType = new LinkedHashMap<>();
        for (EventStats stats : all.values()) {
            events += stats.count();
            errors += stats.errorCount();
            byType.put(stats.eventType(), stats.toMap());
        }
        double uptime = (nanoClock.getAsLong() - current.startNanos) / 1_000_000_000.0;
        PackedHistogram latencies = mergedLatencies(current);
        Map<String, Object> summary = new LinkedHashMap<>(16);
        summary.put("total_events", events);
        summary.put("total_errors", errors);
        summary.put("error_rate", events == 0 ? 0.0 : errors * 100.0 / events);
        summary.put("events_per_second", uptime > 0 ? events / uptime : 0.0);
        summary.put("uptime_seconds", uptime);
        summary.put("in_progress", (long) current.starts.size());
        summary.put("event_types", (long) all.size());
        summary.put("by_type", Collections.unmodifiableMap(byType));
        summary.put("total_retries", sum(current, TypeStateCounter.RETRIES));
        summary.put("total_dead_letters", sum(current, TypeStateCounter.DEAD_LETTERS));
        summary.put("p50_latency_ms", EventStats.boxed(LatencyHistograms.percentileMs(latencies, 50.0)));
        summary.put("p99_latency_ms", EventStats.boxed(LatencyHistograms.percentileMs(latencies, 99.0)));
        summary.put("p999_latency_ms", EventStats.boxed(LatencyHistograms.percentileMs(latencies, 99.9)));
        return Collections.unmodifiableMap(summary);
    }

    /**
     * Clears all statistics, counters and starts and restarts the uptime clock. Events recorded
     * concurrently with the reset may land on either side of it.
     */
    public void reset() {
        state = new State(nanoClock.getAsLong());
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "EventMetrics(total=%d, errors=%d, eps=%.2f)",
                totalEvents(), totalErrors(), eventsPerSecond());
    }
}
