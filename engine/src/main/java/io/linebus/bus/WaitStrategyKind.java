package io.linebus.bus;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;
import com.lmax.disruptor.dsl.ProducerType;

/**
 * How the {@link AsyncEventBus}'s consumer threads wait for new events: the trade between latency
 * and the CPU an idle bus burns.
 */
public enum WaitStrategyKind {
    /**
     * Yield a few times, then block on a monitor until a publisher signals: no CPU when idle (0.2 % of
     * a core measured); an event that finds its consumer blocked pays a wake-up of some microseconds.
     * Publishers signal only when a consumer is blocked (see {@link BlockingWhenIdleWaitStrategy}; the
     * Disruptor's own {@code BlockingWaitStrategy} locks on every publish and ran no faster than an
     * {@code ArrayBlockingQueue}). With one producer as fast as {@link #SLEEPING}; the choice where the
     * bus is idle most of the time.
     */
    BLOCKING,
    /**
     * Yield, then sleep for moments that grow from 50 µs to 1 ms while nothing comes: little CPU when
     * idle (about 2 % of a core), low latency under load; an event after a quiet spell waits up to
     * 1 ms. See {@link SleepingBackoffWaitStrategy}.
     *
     * <p>The default, chosen by measurement (2 cores, {@code perf-results/}): with one producer it and
     * {@link #BLOCKING} are level (63–73 against 68–69 M events/s over the day's full runs), but with
     * more producer threads than cores it held up better (in one run two producers made 24 against
     * 13 M events/s, four 29 against 17 M; level in another).
     */
    SLEEPING,
    /** Spin, then yield: low latency, one busy core per consumer thread. */
    YIELDING,
    /** Spin: the lowest latency, one busy core per consumer thread even when idle. */
    BUSY_SPIN;

    /** A new Disruptor wait strategy of this kind, for a ring of {@code producerType}. */
    public WaitStrategy create(ProducerType producerType) {
        return switch (this) {
            case BLOCKING -> new BlockingWhenIdleWaitStrategy(producerType);
            case SLEEPING -> new SleepingBackoffWaitStrategy();
            case YIELDING -> new YieldingWaitStrategy();
            case BUSY_SPIN -> new BusySpinWaitStrategy();
        };
    }
}
