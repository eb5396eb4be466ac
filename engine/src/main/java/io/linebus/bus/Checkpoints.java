package io.linebus.bus;

import com.lmax.disruptor.Cursored;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal checkpoints of a bus's handlers, and the {@link Settlement} of a journaled bus: as
 * slots settle in ring order, the highest journal index up to which every event is settled moves
 * on, and each handler's checkpoint follows it, held below the events of its retries and
 * asynchronous calls still in flight ({@link HandlerProgress}). Checkpoints are saved at most every
 * {@link #INTERVAL_NANOS} while events flow, and whenever the ring empties; not while recovered
 * events are still in the ring (their handlers' checkpoints would jump over them).
 */
final class Checkpoints implements Settlement {
    private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);
    /** How often, at most, checkpoints are written while events flow. */
    static final long INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final String busName;
    private final EventJournal journal;
    private final HandlerTable handlers;
    private final PendingWork pending;
    private final BusLifecycle lifecycle;
    private final Cursored ring;
    /** Set once start has loaded the checkpoints (see {@link #registering}). */
    private volatile boolean loaded;

    // Confined to the settling thread once running (the stop's, once halted).
    private long lastSettledIndex = EventJournal.BEFORE_FIRST;
    private long lastSavedNanos;

    Checkpoints(String busName, EventJournal journal, HandlerTable handlers, PendingWork pending, BusLifecycle lifecycle,
            Cursored ring) {
        this.busName = busName;
        this.journal = journal;
        this.handlers = handlers;
        this.pending = pending;
        this.lifecycle = lifecycle;
        this.ring = ring;
    }

    @Override
    public void settle(EventSlot slot, long sequence, boolean endOfBatch) {
        if (lifecycle.abandoned()) {
            return; // the stop's sweep settles it
        }
        if (slot.event != null) {
            if (slot.kind == EventSlot.NEW && slot.journalIndex != EventJournal.NO_INDEX) {
                lastSettledIndex = slot.journalIndex;
            } else if (slot.kind == EventSlot.RECOVERY) {
                pending.recoveryEnds();
            }
            slot.clear();
        }
        if (endOfBatch) {
            long now = System.nanoTime();
            boolean ringEmpty = ring.getCursor() == sequence;
            if ((ringEmpty || now - lastSavedNanos >= INTERVAL_NANOS) && !pending.recovering()) {
                save();
                lastSavedNanos = now;
            }
        }
    }

    /**
     * Loads each handler's checkpoint, while no handler can register. A handler with none starts at
     * the journal's end (it is new); the others get, on start, the events after their checkpoint.
     *
     * @return the lowest checkpoint below the journal's end, or {@code Long.MAX_VALUE} when nothing is to be replayed
     */
    long load() {
        return handlers.withRegistrationsHeld(() -> {
            long end = journalEnd();
            lastSettledIndex = end;
            long lowest = Long.MAX_VALUE;
            for (HandlerState handler : handlers.all()) {
                long checkpoint = journal.loadCheckpoint(handler.name);
                if (checkpoint == EventJournal.NO_INDEX || checkpoint > end) {
                    checkpoint = end;
                    journal.saveCheckpoint(handler.name, end);
                }
                handler.progress.recoveryCheckpoint = checkpoint;
                handler.progress.savedCheckpoint = checkpoint;
                if (checkpoint < end) {
                    lowest = Math.min(lowest, checkpoint);
                }
            }
            loaded = true;
            return lowest;
        });
    }

    /** After a failed start: the next start loads them again. */
    void unload() {
        loaded = false;
    }

    /**
     * A handler registered once the checkpoints are loaded starts at the journal's end, as a new
     * handler on start does, and its checkpoint is saved at once: until then a crash would make it
     * look new after the restart and skip what it had not completed, and recovery replays of older
     * events under way are not for it.
     */
    void registering(HandlerState handler) {
        if (!loaded || lifecycle.state() == BusState.STOPPED) {
            return; // before start, load() reads its checkpoint; after stop, there is nothing to keep
        }
        try {
            long end = journalEnd();
            journal.saveCheckpoint(handler.name, end);
            handler.progress.recoveryCheckpoint = end;
            handler.progress.savedCheckpoint = end;
        } catch (RuntimeException e) {
            LOG.warn("Bus {}: could not save the first checkpoint of handler {} (it gets one with the next"
                    + " checkpoints saved)", busName, handler.name, e);
        }
    }

    /** Saves every handler's checkpoint that moved; on the settling thread, or the stop's once halted. */
    void save() {
        for (HandlerState handler : handlers.all()) {
            HandlerProgress progress = handler.progress;
            long completed = progress.completedUpTo(lastSettledIndex);
            if (completed > progress.savedCheckpoint) {
                try {
                    journal.saveCheckpoint(handler.name, completed);
                    progress.savedCheckpoint = completed;
                } catch (RuntimeException e) {
                    LOG.error("Bus {}: saving the checkpoint of handler {} failed", busName, handler.name, e);
                }
            }
        }
    }

    /**
     * The checkpoint of a handler that starts now: the journal's last index. On an empty journal it is
     * {@link EventJournal#BEFORE_FIRST}, not no checkpoint at all: a crash before its first save must
     * not make it look new (and skip what it never completed).
     */
    private long journalEnd() {
        long last = journal.lastIndex();
        return last == EventJournal.NO_INDEX ? EventJournal.BEFORE_FIRST : last;
    }
}
