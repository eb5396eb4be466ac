package io.linebus.bus;

import com.lmax.disruptor.EventFactory;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.ProducerType;

/**
 * How the {@link AsyncEventBus}'s consumer threads wait for new events: the trade between latency
 * and the CPU an idle bus burns. Whatever the kind, a consumer waits for its next slot to be
 * published, not only claimed, and lets events that come back to back gather into a batch for up
 * to 2 µs, which keeps it out of lockstep with its publishers (see {@link PublishedSlotWaitStrategy}).
 */
public enum WaitStrategyKind {
    /**
     * Yield a few times, then block on a monitor until a publisher signals: next to no CPU when
     * idle; an event that finds its consumer blocked pays a wake-up. Publishers signal only when a
     * consumer is blocked (see {@link BlockingWhenIdleWaitStrategy}; the Disruptor's own
     * {@code BlockingWaitStrategy} locks on every publish). With one producer as fast as
     * {@link #SLEEPING}; the choice where the bus is idle most of the time.
     */
    BLOCKING,
    /**
     * Yield, then sleep for moments that grow from 50 µs to 1 ms while nothing comes: little CPU
     * when idle, low latency under load; an event after a quiet spell waits up to 1 ms. See
     * {@link SleepingBackoffWaitStrategy}.
     *
     * <p>The default, chosen by measurement: with one producer it and {@link #BLOCKING} are level,
     * and with more producer threads than cores it held up better or as well (idle CPU of each kind
     * and the runs behind the choice: perf-results/README.md).
     */
    SLEEPING,
    /** Spin, then yield: low latency, one busy core per consumer thread. */
    YIELDING,
    /** Spin: the lowest latency, one busy core per consumer thread even when idle. */
    BUSY_SPIN;

    /**
     * A new ring whose consumers wait in this way: the Disruptor ring the {@link AsyncEventBus} runs
     * on, for baselines and tools that compare against a bare ring with the same waiting. A consumer of
     * the ring's first stage waits until its slot is published, not only claimed, and lets events that
     * come back to back gather (see {@link PublishedSlotWaitStrategy}).
     */
    public <E> RingBuffer<E> newRing(ProducerType producerType, EventFactory<E> factory, int size) {
        PublishedSlotWaitStrategy strategy = create(producerType);
        RingBuffer<E> ring = RingBuffer.create(producerType, factory, size, strategy);
        strategy.watch(ring);
        return ring;
    }

    /** A new wait strategy of this kind, for a ring of {@code producerType}, not yet watching it. */
    PublishedSlotWaitStrategy create(ProducerType producerType) {
        return switch (this) {
            case BLOCKING -> new BlockingWhenIdleWaitStrategy(producerType);
            case SLEEPING -> new SleepingBackoffWaitStrategy();
            case YIELDING -> new SpinningWaitStrategy(SpinningWaitStrategy.YIELDING_SPIN_TRIES);
            case BUSY_SPIN -> new SpinningWaitStrategy(Integer.MAX_VALUE);
        };
    }
}
