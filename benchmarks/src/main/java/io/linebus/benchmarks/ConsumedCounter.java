package io.linebus.benchmarks;

import com.lmax.disruptor.Sequence;
import java.util.concurrent.TimeUnit;

/**
 * How many events a consumer has handled: written by exactly one consumer thread, read by the
 * producers, which wait on it at the end of each invocation. A Disruptor {@link Sequence} gives the
 * cache-line padding (no false sharing with the fields around it) and a release store.
 */
public final class ConsumedCounter {
    /** Spins before a waiting producer starts yielding: on two cores it must leave the consumers a CPU. */
    private static final int SPINS_BEFORE_YIELD = 1_000;
    private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final Sequence count = new Sequence(0L);

    /** Counts one event; only the one consumer thread may call it. */
    public void increment() {
        count.set(count.get() + 1L);
    }

    public long get() {
        return count.get();
    }

    /**
     * Waits until at least {@code target} events have been counted: spins with
     * {@link Thread#onSpinWait()}, then yields.
     *
     * @throws IllegalStateException when the count has not moved for a minute (a consumer died)
     */
    public void awaitAtLeast(long target) {
        long seen = count.get();
        long since = 0L;
        for (int spins = 0; seen < target; spins++) {
            if (spins < SPINS_BEFORE_YIELD) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
                if ((spins & 0xFFF) == 0) {
                    since = checkProgress(seen, since, target);
                }
            }
            long now = count.get();
            if (now != seen) {
                seen = now;
                since = 0L;
            }
        }
    }

    private long checkProgress(long seen, long since, long target) {
        long now = System.nanoTime();
        if (since == 0L) {
            return now;
        }
        if (now - since > STALL_NANOS) {
            throw new IllegalStateException("The consumer stalled at " + seen + " of " + target + " events");
        }
        return since;
    }
}
