package io.linebus.bus;

import io.linebus.models.Event;

/**
 * Where an {@link AsyncEventBus} makes events durable before any handler sees them, and keeps each
 * handler's progress so that a bus restarted after a crash can hand every handler what it had not
 * completed. The journal module implements it on Chronicle Queue.
 *
 * <p>Threading: {@link #append(Event)} and {@link #endOfBatch()} are called from the bus's single
 * journal thread; checkpoint methods from its release thread; {@link #readAfter} before start.
 */
public interface EventJournal {
    /** The index of nothing: an empty journal's last index, a handler without a checkpoint. */
    long NO_INDEX = -1L;

    /**
     * The checkpoint of a handler that is known but has completed nothing yet (it started on an empty
     * journal): unlike a missing checkpoint, recovery hands such a handler every event.
     */
    long BEFORE_FIRST = -2L;

    /** Appends one event and returns its index; indices only grow. */
    long append(Event event);

    /** Called after the last event of a batch the bus appended; may flush or sync. */
    default void endOfBatch() {
    }

    /** The index of the last appended event, or {@link #NO_INDEX}. */
    long lastIndex();

    /** Records that {@code handlerName} has completed every event up to {@code index} (or {@link #BEFORE_FIRST}). */
    void saveCheckpoint(String handlerName, long index);

    /** The last index recorded for {@code handlerName} (maybe {@link #BEFORE_FIRST}), or {@link #NO_INDEX} when none. */
    long loadCheckpoint(String handlerName);

    /** Reads every event with an index greater than {@code index} ({@link #NO_INDEX} or {@link #BEFORE_FIRST}: all), in order. */
    void readAfter(long index, IndexedEventConsumer consumer);

    /** Receives an event with its journal index. */
    @FunctionalInterface
    interface IndexedEventConsumer {
        void accept(long index, Event event);
    }
}
