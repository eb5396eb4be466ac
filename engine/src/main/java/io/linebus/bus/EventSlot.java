package io.linebus.bus;

import io.linebus.models.Event;
import io.linebus.models.EventType;

/**
 * One preallocated ring slot. Publishing copies a reference into it; the release stage clears it so
 * that the ring never keeps handled events alive.
 */
final class EventSlot {
    /** A newly published event: journaled, then dispatched to every matching handler (or to {@link #target}). */
    static final byte NEW = 0;
    /** A retry of one (event, handler) pair: not journaled again, dispatched to {@link #target} only. */
    static final byte RETRY = 1;
    /** An event replayed from the journal after a restart, to the handlers that had not completed it. */
    static final byte RECOVERY = 2;

    /** This slot's journal record, encoded by the publisher; null without a journal or one that stages. */
    final EventJournal.StagedRecord staged;
    /** Why staging {@link #event} failed, for the journal stage to report as an append failure; else null. */
    RuntimeException stageFailure;
    Event event;
    /** {@link #event}'s type, read by its publisher, so that dispatch finds the handlers without touching the event. */
    EventType type;
    byte kind;
    int shard;
    long journalIndex = EventJournal.NO_INDEX;
    HandlerState target;
    /** When it was published, for the events whose latency is timed (see {@link LatencySampler}); 0 for the others. */
    long publishNanos;
    /** A timed event's latency stands for 2^this events. */
    byte sampleShift;
    /** Its shard has run its handlers. */
    boolean dispatched;
    boolean failed;
    /** Refused: its journal append failed under {@link Durability#JOURNALED}; no handler sees it. */
    boolean refused;

    EventSlot(EventJournal.StagedRecord staged) {
        this.staged = staged;
    }

    /** Fills the slot for an event that is not timed; {@link #timeFrom} may follow. */
    void set(Event event, byte kind, int shard, long journalIndex, HandlerState target) {
        this.event = event;
        this.type = event.eventType();
        this.kind = kind;
        this.shard = shard;
        this.journalIndex = journalIndex;
        this.target = target;
        this.publishNanos = 0L;
        this.dispatched = false;
        this.failed = false;
        this.refused = false;
        this.stageFailure = null;
    }

    /** Times this event from now, its latency standing for {@code stride} (a power of two) events. */
    void timeFrom(long nowNanos, long stride) {
        this.publishNanos = nowNanos;
        this.sampleShift = (byte) Long.numberOfTrailingZeros(stride);
    }

    /** Settles the slot: drops its references, so that the ring keeps no handled event alive. */
    void clear() {
        event = null;
        target = null;
    }
}
