package io.linebus.bus;

/**
 * What settling a slot means, chosen once when the bus is wired: without a journal the slot is
 * cleared ({@link #CLEAR_SLOT}); with one, the journal checkpoints advance over it
 * ({@link Checkpoints}). It runs on the last stage to see the slot: the single dispatch shard, or
 * the {@link SettleStage} after several.
 */
interface Settlement {
    /** Without a journal: drop the slot's references. */
    Settlement CLEAR_SLOT = (slot, sequence, endOfBatch) -> slot.clear();

    /** Settles one slot that every shard is done with; called in ring order, on one thread. */
    void settle(EventSlot slot, long sequence, boolean endOfBatch);
}
