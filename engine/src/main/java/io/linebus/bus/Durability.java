package io.linebus.bus;

/** When {@link AsyncEventBus#publish} returns. */
public enum Durability {
    /** Once the event is in the ring (the default): the fastest; a crash may lose what is not yet journaled. */
    ACCEPTED,
    /**
     * Once the journal stage has appended the event: a crash after {@code publish} returns loses
     * nothing. Needs a journal.
     */
    JOURNALED
}
