package io.linebus.policies;

import io.linebus.models.Event;
import io.linebus.models.EventType;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A store of events that failed for good, with the error that ended them, for inspection, replay
 * and requeue. Entries are kept oldest first: {@link #peek()} and {@link #pop()} take the oldest,
 * {@link #getEntries()} lists the newest first. Implementations are safe for concurrent use.
 *
 * <p>{@link InMemoryDeadLetterQueue} keeps entries in memory; the journal module's
 * {@code ChronicleDeadLetterQueue} keeps them on disk across restarts.
 */
public interface DeadLetterQueue {
    /** Default bound on the number of entries kept. */
    int DEFAULT_MAX_SIZE = 10_000;

    /** Adds a dead letter without a handler name. */
    default DeadLetterEntry add(Event event, Throwable error) {
        return add(event, error, null);
    }

    /**
     * Adds a dead letter; its retry count is the event's. When the queue is full the oldest entry
     * is evicted (and reported, never silently).
     *
     * @param handlerName the handler that failed, or null when not tied to one
     * @return the stored entry
     */
    DeadLetterEntry add(Event event, Throwable error, String handlerName);

    /** The oldest entry, if any, without removing it. */
    Optional<DeadLetterEntry> peek();

    /** Removes and returns the oldest entry, if any. */
    Optional<DeadLetterEntry> pop();

    /** All entries, newest first. */
    List<DeadLetterEntry> getEntries();

    /**
     * Entries newest first, keeping only those whose event type has this wire value (when
     * {@code eventType} is non-null), then at most {@code limit} (when non-null).
     *
     * @throws IllegalArgumentException when {@code limit} is not positive
     */
    List<DeadLetterEntry> getEntries(Integer limit, String eventType);

    /** As {@link #getEntries(Integer, String)}, filtering by type constant. */
    default List<DeadLetterEntry> getEntries(Integer limit, EventType eventType) {
        return getEntries(limit, eventType == null ? null : eventType.value());
    }

    /**
     * Removes this entry (the very object {@code add}, {@code peek} or {@code getEntries} returned).
     *
     * @return false when it is no longer in the queue
     */
    boolean remove(DeadLetterEntry entry);

    /** Removes every entry and returns how many there were. */
    int clear();

    /**
     * Hands the entries, oldest first, back to {@code target} for another go, with their retry count
     * reset to 0 (same event id). An entry leaves the queue only after {@code target} took it, so a crash
     * in between can deliver it twice but never lose it. Stops at the first entry {@code target} refuses,
     * leaving it and the later ones in place, and rethrows what it threw.
     *
     * @return how many entries were handed back
     */
    default int requeue(Redelivery target) throws Exception {
        Objects.requireNonNull(target, "target");
        List<DeadLetterEntry> newestFirst = getEntries();
        int requeued = 0;
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            DeadLetterEntry entry = newestFirst.get(i);
            Event event = entry.event();
            Event fresh = new Event(event.eventType(), event.payload(), event.metadata().toBuilder().retryCount(0).build());
            target.redeliver(entry.handlerName(), fresh);
            if (remove(entry)) {
                requeued++;
            }
        }
        return requeued;
    }

    int size();

    default boolean isEmpty() {
        return size() == 0;
    }
}
