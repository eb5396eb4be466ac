package io.linebus.bus;

import com.lmax.disruptor.EventHandler;
import io.linebus.models.EventType;
import io.linebus.telemetry.EventMetrics;

/**
 * Stage 2: one of the dispatch shards. It takes the slots whose partition key hashes to it, so
 * events of one key are handled in publish order, runs their handlers in priority order, and
 * accounts for them: counts per type, kept on this thread and handed to {@link EventMetrics} once
 * per batch (or per {@link #FLUSH_EVERY} events of a long one), and the latency of the events its
 * {@link LatencySampler} times.
 */
final class DispatchShard implements EventHandler<EventSlot> {
    private static final int TYPES = EventType.values().length;
    /** Counts reach the metrics at least this often in a long batch. */
    static final int FLUSH_EVERY = 4_096;

    private final AsyncEventBus bus;
    private final int shard;
    private final HandlerTable.Lookup handlerLookup;
    private final EventMetrics metrics;
    private final LatencySampler sampler;
    private final long[] processed = new long[TYPES];
    private final long[] failed = new long[TYPES];
    /** Events counted since the last flush. */
    private int counted;

    DispatchShard(AsyncEventBus bus, int shard, HandlerTable.Lookup handlerLookup, EventMetrics metrics,
            LatencySampler sampler) {
        this.bus = bus;
        this.shard = shard;
        this.handlerLookup = handlerLookup;
        this.metrics = metrics;
        this.sampler = sampler;
    }

    @Override
    public void onBatchStart(long batchSize, long queueDepth) {
        handlerLookup.refresh();
    }

    @Override
    public void onEvent(EventSlot slot, long sequence, boolean endOfBatch) {
        if (slot.shard == shard && bus.dispatch(slot, handlerLookup)) {
            account(slot);
            bus.settleInShard(slot, sequence, endOfBatch);
        }
        if (counted != 0 && (endOfBatch || counted >= FLUSH_EVERY)) {
            flush();
        }
    }

    private void account(EventSlot slot) {
        if (slot.kind == EventSlot.RETRY || slot.refused()) {
            return; // a retry is counted as a retry, a refused event never was accepted
        }
        EventType type = slot.type;
        int ordinal = type.ordinal();
        processed[ordinal]++;
        if (slot.failed()) {
            failed[ordinal]++;
        }
        counted++;
        if (slot.timed()) {
            metrics.recordLatency(type, Math.max(0L, System.nanoTime() - slot.publishNanos), 1L << slot.sampleShift);
        }
    }

    private void flush() {
        sampler.countHandled(counted, System.nanoTime());
        for (int ordinal = 0; ordinal < TYPES; ordinal++) {
            if (processed[ordinal] != 0) {
                metrics.recordProcessed(EventType.ofOrdinal(ordinal), processed[ordinal], failed[ordinal]);
                processed[ordinal] = 0;
                failed[ordinal] = 0;
            }
        }
        counted = 0;
    }
}
