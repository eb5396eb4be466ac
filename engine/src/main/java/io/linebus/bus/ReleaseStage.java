package io.linebus.bus;

import com.lmax.disruptor.EventHandler;

/**
 * Stage 3: runs once every shard is done with a slot: records the event's metrics, settles retry
 * bookkeeping, advances journal checkpoints, and clears the slot.
 */
final class ReleaseStage implements EventHandler<EventSlot> {
    private final AsyncEventBus bus;

    ReleaseStage(AsyncEventBus bus) {
        this.bus = bus;
    }

    @Override
    public void onEvent(EventSlot slot, long sequence, boolean endOfBatch) {
        bus.release(slot, sequence, endOfBatch);
    }
}
