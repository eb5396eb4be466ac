package io.linebus.bus;

import com.lmax.disruptor.EventHandler;
import io.linebus.models.EventType;
import io.linebus.telemetry.EventMetrics;

/**
 * Stage 2: one of the dispatch shards. It takes the slots whose partition key hashes to it, so
 * events of one key are handled in publish order, runs their handlers in priority order, and
 * accounts for them: counts per type, kept on this thread and handed to {@link EventMetrics} once
 * per batch, and the latency of the sampled events.
 */
final class DispatchShard implements EventHandler<EventSlot> {
    private static final int TYPES = EventType.values().length;

    private final AsyncEventBus bus;
    private final int shard;
    private final EventMetrics metrics;
    private final long[] processed = new long[TYPES];
    private final long[] failed = new long[TYPES];
    private boolean counted;

    DispatchShard(AsyncEventBus bus, int shard, EventMetrics metrics) {
        this.bus = bus;
        this.shard = shard;
        this.metrics = metrics;
    }

    @Override
    public void onEvent(EventSlot slot, long sequence, boolean endOfBatch) {
        if (slot.shard == shard && bus.dispatch(slot)) {
            account(slot);
            bus.settleInShard(slot, sequence, endOfBatch);
        }
        if (endOfBatch && counted) {
            flush();
        }
    }

    private void account(EventSlot slot) {
        if (slot.kind == EventSlot.RETRY || slot.refused) {
            return; // a retry is counted as a retry, a refused event never was accepted
        }
        EventType type = slot.event.eventType();
        int ordinal = type.ordinal();
        processed[ordinal]++;
        if (slot.failed) {
            failed[ordinal]++;
        }
        counted = true;
        if (slot.publishNanos != 0L) {
            metrics.recordLatency(type, Math.max(0L, System.nanoTime() - slot.publishNanos));
        }
    }

    private void flush() {
        for (int ordinal = 0; ordinal < TYPES; ordinal++) {
            if (processed[ordinal] != 0) {
                metrics.recordProcessed(EventType.ofOrdinal(ordinal), processed[ordinal], failed[ordinal]);
                processed[ordinal] = 0;
                failed[ordinal] = 0;
            }
        }
        counted = false;
    }
}
