package io.linebus.bus;

import com.lmax.disruptor.dsl.ProducerType;
import java.util.Objects;

/** Builds an {@link AsyncEventBus} ({@link AsyncEventBus#builder()}); every setting has a default. */
public final class AsyncEventBusBuilder extends BusBuilder<AsyncEventBusBuilder> {
    int ringSize = AsyncEventBus.DEFAULT_RING_SIZE;
    WaitStrategyKind waitStrategy = WaitStrategyKind.SLEEPING;
    ProducerType producerType = ProducerType.MULTI;
    int dispatchThreads = 1;
    Backpressure backpressure = Backpressure.BLOCK;
    int maxConcurrent = AsyncEventBus.DEFAULT_MAX_CONCURRENT;
    int retryCapacity = AsyncEventBus.DEFAULT_RETRY_CAPACITY;
    EventJournal journal;
    Durability durability = Durability.ACCEPTED;

    AsyncEventBusBuilder() {
        super(AsyncEventBus.DEFAULT_NAME);
    }

    @Override
    AsyncEventBusBuilder self() {
        return this;
    }

    /** Ring capacity in events: a power of two, at least 2 (default 65,536). */
    public AsyncEventBusBuilder ringSize(int value) {
        if (value < 2 || Integer.bitCount(value) != 1) {
            throw new IllegalArgumentException("ringSize must be a power of two >= 2, got " + value);
        }
        ringSize = value;
        return this;
    }

    public AsyncEventBusBuilder waitStrategy(WaitStrategyKind value) {
        waitStrategy = Objects.requireNonNull(value, "waitStrategy");
        return this;
    }

    /**
     * {@code MULTI} (default) for publishers on several threads; {@code SINGLE} only when exactly one
     * thread publishes, transports included (and then no retry policy or journal, whose retries and
     * recovered events the bus publishes from its own threads).
     */
    public AsyncEventBusBuilder producerType(ProducerType value) {
        producerType = Objects.requireNonNull(value, "producerType");
        return this;
    }

    /** The number of dispatch shards, each a thread (default 1). */
    public AsyncEventBusBuilder dispatchThreads(int value) {
        if (value < 1 || value > 256) {
            throw new IllegalArgumentException("dispatchThreads must be in 1..256, got " + value);
        }
        dispatchThreads = value;
        return this;
    }

    public AsyncEventBusBuilder backpressure(Backpressure value) {
        backpressure = Objects.requireNonNull(value, "backpressure");
        return this;
    }

    /** How many {@code AsyncHandler} calls may be in flight at once (default 100). */
    public AsyncEventBusBuilder maxConcurrent(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("maxConcurrent must be >= 1, got " + value);
        }
        maxConcurrent = value;
        return this;
    }

    /**
     * How many retries may wait for their delay at once (default 65,536): a retry beyond that is
     * dead-lettered with the reason and counted ({@link AsyncEventBus#retriesOverflowed()}), so a
     * failure storm cannot fill memory.
     */
    public AsyncEventBusBuilder retryCapacity(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("retryCapacity must be >= 1, got " + value);
        }
        retryCapacity = value;
        return this;
    }

    /** Null: no journal stage. */
    public AsyncEventBusBuilder journal(EventJournal value) {
        journal = value;
        return this;
    }

    public AsyncEventBusBuilder durability(Durability value) {
        durability = Objects.requireNonNull(value, "durability");
        return this;
    }

    /**
     * @throws IllegalStateException for {@code JOURNALED} durability without a journal, or a
     *     {@code SINGLE} producer with a retry policy or a journal (the bus's own threads then
     *     publish retries and recovered events into the ring too)
     */
    public AsyncEventBus build() {
        if (producerType == ProducerType.SINGLE && (retryPolicy != null || journal != null)) {
            throw new IllegalStateException("producerType SINGLE allows one publishing thread only, but with a "
                    + (retryPolicy != null ? "retry policy" : "journal") + " the bus itself publishes "
                    + (retryPolicy != null ? "retries" : "recovered events") + " too: use ProducerType.MULTI");
        }
        return new AsyncEventBus(this);
    }
}
