package io.linebus.bus;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;

/**
 * How the {@link AsyncEventBus}'s consumer threads wait for new events: the trade between latency
 * and the CPU an idle bus burns.
 */
public enum WaitStrategyKind {
    /** Park on a lock until signalled: no CPU when idle, the highest wake-up latency. */
    BLOCKING,
    /**
     * Spin, then yield, then park for short moments: little CPU when idle, low latency. The default,
     * chosen by measurement: it gives the bus its best throughput and latency in
     * {@code perf-results/SUMMARY.md} (2 cores).
     */
    SLEEPING,
    /** Spin, then yield: low latency, one busy core per consumer thread. */
    YIELDING,
    /** Spin: the lowest latency, one busy core per consumer thread even when idle. */
    BUSY_SPIN;

    /** A new Disruptor wait strategy of this kind. */
    public WaitStrategy create() {
        return switch (this) {
            case BLOCKING -> new BlockingWaitStrategy();
            case SLEEPING -> new SleepingWaitStrategy();
            case YIELDING -> new YieldingWaitStrategy();
            case BUSY_SPIN -> new BusySpinWaitStrategy();
        };
    }
}
