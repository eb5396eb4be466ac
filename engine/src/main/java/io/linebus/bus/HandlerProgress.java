package io.linebus.bus;

import java.util.TreeMap;

/**
 * How far one handler has come through the journal: the checkpoint it recovers from, the one last
 * saved, and the journal indices it has not completed yet because a retry or an asynchronous call
 * of theirs is still in flight (its checkpoint stays below the lowest of them).
 */
final class HandlerProgress {
    /** Journal events with an index above this are replayed to the handler on start. */
    volatile long recoveryCheckpoint = EventJournal.NO_INDEX;
    /** Confined to the thread that saves checkpoints (the settling one; the stop's once halted). */
    long savedCheckpoint = EventJournal.NO_INDEX;
    /** Journal indices with a retry or an asynchronous call in flight, with their counts. */
    private final TreeMap<Long, Integer> outstanding = new TreeMap<>();

    /** Whether recovery must hand it the event at this index: it had not completed it. */
    boolean owes(long journalIndex) {
        return journalIndex > recoveryCheckpoint;
    }

    synchronized void track(long journalIndex) {
        if (journalIndex != EventJournal.NO_INDEX) {
            outstanding.merge(journalIndex, 1, Integer::sum);
        }
    }

    synchronized void untrack(long journalIndex) {
        if (journalIndex != EventJournal.NO_INDEX) {
            outstanding.computeIfPresent(journalIndex, (index, count) -> count == 1 ? null : count - 1);
        }
    }

    /** The highest index such that this handler has completed every event up to it. */
    synchronized long completedUpTo(long lastSettledIndex) {
        if (outstanding.isEmpty()) {
            return lastSettledIndex;
        }
        return Math.min(lastSettledIndex, outstanding.firstKey() - 1);
    }
}
