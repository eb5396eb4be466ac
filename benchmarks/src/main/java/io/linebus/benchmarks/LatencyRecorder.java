package io.linebus.benchmarks;

import io.linebus.models.Event;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Records, on the one consumer thread, how late each event was handled relative to the time it was
 * meant to be sent, so that a stalled producer or ring cannot hide latency (coordinated omission).
 *
 * <p>The producer sends event {@code i} of an invocation at (or as soon as it can after) its intended
 * time {@code start + i * interval}. Events are pre-built and reused, so they cannot carry their send
 * time; each carries its position {@code i} in its payload ({@link BenchmarkEvents#POSITION}) and the
 * recorder computes the intended time from it and the invocation's {@code start} and {@code interval}.
 * The producer writes those two plain fields before publishing the invocation's first event; the ring's
 * publish (a release store) makes them visible to the consumer.
 */
public final class LatencyRecorder {
    /** Latencies above a minute are clamped: the run is broken by then anyway. */
    private static final long HIGHEST_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final Histogram histogram = new Histogram(HIGHEST_NANOS, 3);
    private final ConsumedCounter counter = new ConsumedCounter();
    private long startNanos;
    private long intervalNanos;

    /** Called by the producer before it publishes the first event of an invocation. */
    public void begin(long start, long interval) {
        startNanos = start;
        intervalNanos = interval;
    }

    /** Called on the consumer thread for each event. */
    public void record(Event event) {
        long position = (Long) event.payload().get(BenchmarkEvents.POSITION);
        long latency = System.nanoTime() - (startNanos + position * intervalNanos);
        histogram.recordValue(Math.min(Math.max(latency, 0L), HIGHEST_NANOS));
        counter.increment();
    }

    /** Waits until the consumer has recorded {@code total} events since the recorder was made. */
    public void awaitRecorded(long total) {
        counter.awaitAtLeast(total);
    }

    public long recorded() {
        return counter.get();
    }

    /**
     * The histogram the consumer writes to. Read or reset it only while no event is in flight (after
     * {@link #awaitRecorded}), which orders the consumer's writes before the caller's reads.
     */
    public Histogram histogram() {
        return histogram;
    }
}
