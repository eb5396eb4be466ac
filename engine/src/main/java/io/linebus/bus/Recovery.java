package io.linebus.bus;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Crash recovery of a journaled bus: on start, the events after each handler's checkpoint are
 * re-entered into the ring for the handlers that had not completed them (at least once, nothing
 * lost). It runs on the starting thread, once the consumers run and before the transports start.
 */
final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    private final String busName;
    private final EventJournal journal;
    private final Checkpoints checkpoints;
    private final HandlerTable handlers;
    private final SlotGate gate;
    private final PendingWork pending;
    /** The lowest checkpoint loaded by {@link #prepare}, or {@code Long.MAX_VALUE}: nothing to replay. */
    private long replayAfter = Long.MAX_VALUE;

    Recovery(String busName, EventJournal journal, Checkpoints checkpoints, HandlerTable handlers, SlotGate gate,
            PendingWork pending) {
        this.busName = busName;
        this.journal = journal;
        this.checkpoints = checkpoints;
        this.handlers = handlers;
        this.gate = gate;
        this.pending = pending;
    }

    /** Loads the checkpoints; before the consumers start. */
    void prepare() {
        replayAfter = checkpoints.load();
    }

    /** Replays what handlers had not completed; the consumers run. */
    void replay() {
        if (replayAfter == Long.MAX_VALUE) {
            return;
        }
        long[] replayed = new long[1];
        journal.readAfter(replayAfter, (index, event) -> {
            for (HandlerState handler : handlers.forType(event.eventType())) {
                if (handler.progress.owes(index)) {
                    pending.recoveryBegins();
                    if (gate.publishRecovered(event, index)) {
                        replayed[0]++;
                    } else {
                        pending.recoveryEnds(); // stays journaled: the next start replays it
                    }
                    return;
                }
            }
        });
        if (replayed[0] > 0) {
            LOG.info("Bus {}: replaying {} journaled events that handlers had not completed", busName, replayed[0]);
        }
    }
}
