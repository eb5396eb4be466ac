package io.linebus.bus;

import com.lmax.disruptor.EventHandler;

/**
 * Stage 3, with a journal and several shards only: runs once every shard is done with a slot, in
 * ring order, so that it knows up to which journal index everything is settled; it writes the
 * handler checkpoints and clears the slot. (A single shard sees every slot in order and does this
 * itself.)
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
