package io.linebus.bus;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;
import com.lmax.disruptor.dsl.ProducerType;

/**
 * How the {@link AsyncEventBus}'s consumer threads wait for new events: the trade between latency
 * and the CPU an idle bus burns.
 */
public enum WaitStrategyKind {
    /**
     * Yield a few times, then block on a monitor until a publisher signals: no CPU when idle, the
     * highest wake-up latency. Publishers signal only when a consumer is blocked (see
     * {@link BlockingWhenIdleWaitStrategy}; the Disruptor's own {@code BlockingWaitStrategy} locks on
     * every publish and ran no faster than an {@code ArrayBlockingQueue}).
     */
    BLOCKING,
    /**
     * Yield, then park for short moments: little CPU when idle, low latency. The default, chosen by
     * measurement (2 cores, {@code perf-results/SUMMARY.md}): the bus's best throughput, and
     * latency as low as the others'.
     *
     * <p>The Disruptor's {@code SleepingWaitStrategy} with 100 tries (its default is 200): yielding
     * from the start, without its first phase of 100 tight re-reads of the sequence waited for. A
     * consumer as fast as its producer that re-reads the ring's cursor in a tight loop keeps taking
     * that cache line from the producer, whose every claim then waits for it: on 2 cores the bus
     * fell into that lockstep in most runs and ran at 12 to 18 instead of 60 to 70 M events/s.
     * A yield (a system call) between reads lets the producer run ahead and the consumer take
     * events in batches.
     */
    SLEEPING,
    /** Spin, then yield: low latency, one busy core per consumer thread. */
    YIELDING,
    /** Spin: the lowest latency, one busy core per consumer thread even when idle. */
    BUSY_SPIN;

    private static final int SLEEPING_TRIES = 100;
    private static final long SLEEPING_PARK_NANOS = 100L;

    /** A new Disruptor wait strategy of this kind, for a ring of {@code producerType}. */
    public WaitStrategy create(ProducerType producerType) {
        return switch (this) {
            case BLOCKING -> new BlockingWhenIdleWaitStrategy(producerType);
            case SLEEPING -> new SleepingWaitStrategy(SLEEPING_TRIES, SLEEPING_PARK_NANOS);
            case YIELDING -> new YieldingWaitStrategy();
            case BUSY_SPIN -> new BusySpinWaitStrategy();
        };
    }
}
