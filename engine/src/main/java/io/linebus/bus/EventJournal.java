package io.linebus.bus;

import io.linebus.models.Event;

/**
 * Where an {@link AsyncEventBus} makes events durable before any handler sees them, and keeps each
 * handler's progress so that a bus restarted after a crash can hand every handler what it had not
 * completed. The journal module implements it on Chronicle Queue.
 *
 * <p>Threading: {@link #append(Event)}, {@link StagedRecord#append()} and {@link #endOfBatch()} are
 * called from the bus's single journal thread; {@link StagedRecord#stage(Event)} from the thread
 * that publishes the event; checkpoint methods from the thread that starts the bus, the settling
 * thread (the single dispatch shard, or the settle stage) and threads registering handlers on a
 * started bus (so they must be thread-safe); {@link #readAfter} before start.
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

    /**
     * A holder for one event's record, encoded ahead of its append. The bus gives one to each ring
     * slot: the thread that publishes an event encodes it there, and the journal stage only writes
     * the record, so encoding runs on the publishers, in parallel, rather than on the one thread
     * every event passes through.
     *
     * @return a new, empty holder, or null when this journal appends whole events only (the default)
     */
    default StagedRecord newStagedRecord() {
        return null;
    }

    /**
     * One event's record between publish and append (see {@link #newStagedRecord()}). The ring hands
     * it from the publisher to the journal stage, which makes what {@link #stage} wrote visible to
     * {@link #append}.
     */
    interface StagedRecord {
        /**
         * Encodes {@code event}, replacing what was staged before.
         *
         * @throws RuntimeException when the event cannot be journaled, as {@link EventJournal#append} would
         */
        void stage(Event event);

        /** Appends the staged record, as {@link EventJournal#append} would the event, and returns its index. */
        long append();
    }

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
