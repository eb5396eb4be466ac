package io.linebus.bus;

import io.linebus.models.Event;
import io.linebus.models.EventType;
import io.linebus.transports.Acknowledgement;

/**
 * One preallocated ring slot. The gate fills it (a reference to the event and what dispatch needs to
 * know of it); settling clears it so that the ring never keeps handled events alive. A slot whose
 * {@link #event} is null was published empty (a claim refused because the bus was closing): every
 * stage passes over it.
 */
final class EventSlot {
    /** A newly published event: journaled, then dispatched to every matching handler (or to {@link #target}). */
    static final byte NEW = 0;
    /** A retry of one (event, handler) pair: not journaled again, dispatched to {@link #target} only. */
    static final byte RETRY = 1;
    /** An event replayed from the journal after a restart, to the handlers that had not completed it. */
    static final byte RECOVERY = 2;

    /** The bits of {@link #marks}. */
    private static final byte TIMED = 1;
    private static final byte DISPATCHED = 2;
    private static final byte FAILED = 4;
    private static final byte REFUSED = 8;
    private static final byte ACKNOWLEDGED = 16;

    /** This slot's journal record, encoded by the publisher; null without a journal or one that stages. */
    final EventJournal.StagedRecord staged;
    /**
     * Why staging {@link #event} failed, for the journal stage to report as an append failure; else
     * null. Set, or reset, wherever a new event is staged; read only for those.
     */
    RuntimeException stageFailure;
    Event event;
    /** {@link #event}'s type, read by its publisher, so that dispatch finds the handlers without touching the event. */
    EventType type;
    byte kind;
    int shard;
    long journalIndex = EventJournal.NO_INDEX;
    HandlerState target;
    /**
     * With a journal, on the last slot of a message published with an acknowledgement: what the
     * journal stage tells once the message is appended. Null otherwise, and once told.
     */
    Acknowledgement ack;
    /**
     * Without a journal, on every slot of a message published with an acknowledgement: what its
     * dispatch reports to. Null otherwise, and once reported.
     */
    MessageTracker tracker;
    /** When it was published; set, with {@link #sampleShift}, only for a {@linkplain #timed() timed} event. */
    long publishNanos;
    /** A timed event's latency stands for 2^this events. */
    byte sampleShift;
    /**
     * What is known of the event, as bits: {@link #TIMED}, {@link #DISPATCHED}, {@link #FAILED},
     * {@link #REFUSED}. One byte, so that the publisher resets them all with one store.
     */
    private byte marks;

    EventSlot(EventJournal.StagedRecord staged) {
        this.staged = staged;
    }

    /**
     * Fills the slot for an event that is not timed; {@link #timeFrom} may follow. Every field a
     * consumer reads is set here or marked unset (fields are stored on every publish, so this stores
     * as few as it can: {@link #stageFailure} is reset where a record is staged).
     */
    void set(Event event, byte kind, int shard, long journalIndex, HandlerState target) {
        this.event = event;
        this.type = event.eventType();
        this.kind = kind;
        this.shard = shard;
        this.journalIndex = journalIndex;
        this.target = target;
        this.marks = 0;
    }

    /** Times this event from now, its latency standing for {@code stride} (a power of two) events. */
    void timeFrom(long nowNanos, long stride) {
        this.publishNanos = nowNanos;
        this.sampleShift = (byte) Long.numberOfTrailingZeros(stride);
        this.marks |= TIMED;
    }

    /** Its latency is timed: {@link #publishNanos} and {@link #sampleShift} are set. */
    boolean timed() {
        return (marks & TIMED) != 0;
    }

    /** Its shard has run its handlers. */
    boolean dispatched() {
        return (marks & DISPATCHED) != 0;
    }

    void markDispatched() {
        marks |= DISPATCHED;
    }

    /** A handler failed it, or could not take it. */
    boolean failed() {
        return (marks & FAILED) != 0;
    }

    void markFailed() {
        marks |= FAILED;
    }

    /** Part of a message published with an acknowledgement. */
    boolean acknowledged() {
        return (marks & ACKNOWLEDGED) != 0;
    }

    void markAcknowledged() {
        marks |= ACKNOWLEDGED;
    }

    /**
     * Refused: its journal append failed under {@link Durability#JOURNALED} or as part of an
     * acknowledged message; no handler sees it.
     */
    boolean refused() {
        return (marks & REFUSED) != 0;
    }

    void markRefused() {
        marks |= REFUSED;
    }

    /** Settles the slot: drops its references, so that the ring keeps no handled event alive. */
    void clear() {
        event = null;
        target = null;
    }
}
