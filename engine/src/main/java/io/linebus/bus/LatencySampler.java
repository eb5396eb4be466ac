package io.linebus.bus;

import com.lmax.disruptor.Sequence;
import java.util.concurrent.TimeUnit;

/**
 * Chooses which events of one dispatch shard are timed from publish to handled. Timing an event
 * costs two clock reads and a histogram update between publisher and shard, more than the rest of
 * its dispatch (perf-results/README.md). So a shard times every event while few flow, and one
 * in a power-of-two stride as the rate grows, keeping to about {@link #SAMPLES_PER_SECOND}. Each
 * timed event carries its stride as a weight, so that the statistics stay per event.
 *
 * <p>An event is timed when its ring sequence, scrambled, is a multiple of the stride: a plain
 * {@code sequence % stride} would line up with traffic that cycles through units (and so shards)
 * in a fixed order, and time some units and never the others.
 *
 * <p>Publisher threads call {@link #strideFor}; only the shard's thread calls {@link #countHandled}.
 */
final class LatencySampler {
    /** About how many events a second a busy shard times. */
    static final long SAMPLES_PER_SECOND = 20_000;
    /** How often, at most, the stride follows the rate. */
    static final long WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** The widest stride: one event in this many. */
    static final long MAX_STRIDE = 1L << 16;
    /** Fibonacci hashing: consecutive sequences spread over the top bits. */
    private static final long SCRAMBLE = 0x9E3779B97F4A7C15L;
    private static final int SCRAMBLED_BITS = Long.numberOfTrailingZeros(MAX_STRIDE);

    /** The stride minus one; a padded sequence, as every publish reads it and the shard writes it. */
    private final Sequence strideMask = new Sequence(0L);
    private long windowStartNanos;
    private long windowEvents;

    LatencySampler(long nowNanos) {
        this.windowStartNanos = nowNanos;
    }

    /**
     * Whether the event published at {@code sequence} is timed.
     *
     * @return how many events its latency stands for, or 0 when it is not timed
     */
    long strideFor(long sequence) {
        long mask = strideMask.get();
        return ((sequence * SCRAMBLE) >>> (Long.SIZE - SCRAMBLED_BITS) & mask) == 0 ? mask + 1 : 0L;
    }

    /** Counts events the shard has handled, and once a window sets the stride from their rate. */
    void countHandled(long events, long nowNanos) {
        windowEvents += events;
        long elapsed = nowNanos - windowStartNanos;
        if (elapsed < WINDOW_NANOS) {
            return;
        }
        double perSecond = windowEvents * 1e9 / elapsed;
        long stride = (long) Math.min(MAX_STRIDE, Math.max(1.0, perSecond / SAMPLES_PER_SECOND));
        strideMask.set(Long.highestOneBit(stride) - 1L); // rounded down: never fewer samples than the target
        windowStartNanos = nowNanos;
        windowEvents = 0L;
    }

    /** The current stride, for tests. */
    long stride() {
        return strideMask.get() + 1L;
    }
}
