package io.linebus.bus;

import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

/**
 * {@link WaitStrategyKind#SLEEPING}: a consumer that finds nothing yields a few times, then sleeps
 * for moments that double from {@link #FIRST_PARK_NANOS} to {@link #LAST_PARK_NANOS} while nothing
 * comes; every new wait starts over. Publishers never signal. (How a first-stage consumer waits
 * for a published slot and gathers back-to-back events: {@link PublishedSlotWaitStrategy}.)
 *
 * <p>Why not the Disruptor's {@code SleepingWaitStrategy}: it sleeps for the same short moment
 * forever, and the operating system rounds a short park up to its timer slack, so an idle consumer
 * wakes up thousands of times a second and an idle bus takes a sizeable share of a core
 * (perf-results/README.md). Doubling up to 1 ms brings that to a thousand wake-ups a second at
 * most, and costs an event that comes after a quiet spell up to 1 ms of latency; under load a
 * consumer rarely gets past its yields, so throughput and latency there are unchanged.
 *
 * <p>It yields from its first wait rather than re-reading the sequence in a tight loop: a consumer as
 * fast as its producer that spins on the ring's cursor keeps taking that cache line from the
 * producer, and the two fall into lockstep, the bus running at a fraction of its speed
 * (perf-results/README.md).
 */
final class SleepingBackoffWaitStrategy extends PublishedSlotWaitStrategy {
    /** Yields before the first sleep. */
    static final int YIELD_TRIES = 100;
    /** The first sleep: about what the operating system gives a shorter park anyway. */
    static final long FIRST_PARK_NANOS = 50_000L;
    /** The longest sleep, and so the longest an event waits after a quiet spell. */
    static final long LAST_PARK_NANOS = 1_000_000L;

    private final LongConsumer park;

    SleepingBackoffWaitStrategy() {
        this(LockSupport::parkNanos);
    }

    /** @param park sleeps for the given nanoseconds (tests record the sleeps instead) */
    SleepingBackoffWaitStrategy(LongConsumer park) {
        this.park = park;
    }

    @Override
    void idle(int tries, long sequence, Sequence cursor, SequenceBarrier barrier) {
        if (tries < YIELD_TRIES) {
            Thread.yield();
        } else {
            int doublings = Math.min(tries - YIELD_TRIES, 20); // 2^20 times the first is far past the last
            park.accept(Math.min(LAST_PARK_NANOS, FIRST_PARK_NANOS << doublings));
        }
    }
}
