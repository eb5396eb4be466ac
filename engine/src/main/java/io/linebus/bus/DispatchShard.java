package io.linebus.bus;

import com.lmax.disruptor.EventHandler;

/**
 * Stage 2: one of the dispatch shards. It takes the slots whose partition key hashes to it, so
 * events of one key are handled in publish order, and runs their handlers in priority order.
 */
final class DispatchShard implements EventHandler<EventSlot> {
    private final AsyncEventBus bus;
    private final int shard;

    DispatchShard(AsyncEventBus bus, int shard) {
        this.bus = bus;
        this.shard = shard;
    }

    @Override
    public void onEvent(EventSlot slot, long sequence, boolean endOfBatch) {
        if (slot.shard == shard) {
            bus.dispatch(slot);
        }
    }
}
