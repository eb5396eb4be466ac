package io.linebus.bus;

import com.lmax.disruptor.EventHandler;

/**
 * Stage 3, with a journal and several shards only: runs once every shard is done with a slot, in
 * ring order, so that its {@link Settlement} knows up to which journal index everything is
 * settled. (A single shard sees every slot in order and settles them itself.)
 */
final class SettleStage implements EventHandler<EventSlot> {
    private final Settlement settlement;

    SettleStage(Settlement settlement) {
        this.settlement = settlement;
    }

    @Override
    public void onEvent(EventSlot slot, long sequence, boolean endOfBatch) {
        settlement.settle(slot, sequence, endOfBatch);
    }
}
