package io.linebus.bus;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.Sequence;
import io.linebus.models.Event;
import io.linebus.transports.Acknowledgement;
import io.linebus.transports.Refusal;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hand-off between publishers and the journal, both sides of it: a publisher stages its event's
 * record in its slot ({@link #stage}, so encoding runs on the publishers, in parallel); stage 1, one
 * thread in ring order, appends each new event before any handler sees it and records its index;
 * a {@link Durability#JOURNALED} publisher waits for that ({@link #awaitJournaled}); an acknowledged
 * message is told safe once its last event is appended and the batch has ended (after the
 * journal's sync, when it syncs).
 *
 * <p>An append that fails refuses the event under {@code JOURNALED} (its publisher gets the error) and
 * in an acknowledged message (told refused): no handler sees it. Under {@link Durability#ACCEPTED}
 * its publisher has already returned, so it is handled unjournaled and the failure is logged.
 */
final class JournalStage implements EventHandler<EventSlot> {
    private static final Logger LOG = LoggerFactory.getLogger(JournalStage.class);

    private final String busName;
    private final EventJournal journal;
    private final boolean journaledDurability;
    private final BusLifecycle lifecycle;
    /** The sequence of the processor running this stage: JOURNALED publishers wait on it. */
    private Sequence journaled;
    /** Append failures of JOURNALED publishes, by ring sequence, until their publisher reads them. */
    private final Map<Long, RuntimeException> refusedSequences = new ConcurrentHashMap<>();

    // Confined to the journal thread.
    private long failureCount;
    /** Why an earlier event of the acknowledged message now being appended failed, or null. */
    private RuntimeException messageFailure;
    /** Acknowledgements to tell when the batch ends, with the index or failure of their message. */
    private Acknowledgement[] toTell = new Acknowledgement[16];
    private long[] tellIndex = new long[16];
    private RuntimeException[] tellFailure = new RuntimeException[16];
    private int telling;

    JournalStage(String busName, EventJournal journal, Durability durability, BusLifecycle lifecycle) {
        this.busName = busName;
        this.journal = journal;
        this.journaledDurability = durability == Durability.JOURNALED;
        this.lifecycle = lifecycle;
    }

    /** Called once by the wiring, with the sequence of the processor that runs this stage. */
    void bind(Sequence processorSequence) {
        this.journaled = processorSequence;
    }

    // ---------------------------------------------------------------- the publisher's side

    /** Encodes the event's record on the publishing thread (see {@link EventJournal#newStagedRecord()}). */
    void stage(EventSlot slot, Event event) {
        slot.stageFailure = null;
        try {
            slot.staged.stage(event);
        } catch (RuntimeException e) {
            slot.stageFailure = e; // reported by the journal thread, in ring order, as an append failure
        }
    }

    /**
     * Waits until the journal stage is past {@code ringSequence}. Through a stop that gives up, it
     * waits until the stop has ended, so that the event ends one way only: journaled (and swept with
     * the others), or not journaled, when this throws and the sweep passes over it.
     *
     * @throws IllegalStateException when the append failed (the event was refused: no handler sees
     *     it) or the bus stopped before the journal got to it
     */
    void awaitJournaled(long ringSequence, Event event) {
        for (int attempt = 0; journaled.get() < ringSequence; attempt++) {
            BusState state = lifecycle.state();
            if (state == BusState.STOPPED) {
                throw new BusStoppedException("Bus '" + busName + "' stopped before event " + event.id()
                        + " was journaled");
            }
            if (state.compareTo(BusState.RECOVERING) < 0) {
                throw notStarted();
            }
            Waiting.backOff(attempt);
        }
        RuntimeException appendFailure = refusedSequences.remove(ringSequence);
        if (appendFailure != null) {
            throw new IllegalStateException("Event " + event.id() + " could not be journaled and was not accepted: "
                    + appendFailure.getMessage(), appendFailure);
        }
    }

    /** {@code JOURNALED} publishers wait for the journal thread, which runs once the bus is started. */
    void checkPublisherMayWait() {
        if (journaledDurability && lifecycle.state().compareTo(BusState.RECOVERING) < 0) {
            throw notStarted();
        }
    }

    private IllegalStateException notStarted() {
        return new IllegalStateException("Durability.JOURNALED: start bus '" + busName
                + "' before publishing (nothing is journaled before start)");
    }

    // ---------------------------------------------------------------- the journal thread's side

    @Override
    public void onEvent(EventSlot slot, long ringSequence, boolean endOfBatch) {
        if (slot.event != null && slot.kind == EventSlot.NEW) {
            if (!lifecycle.abandoned()) {
                appendOne(slot, ringSequence);
            } else if (journaledDurability && !slot.acknowledged()) {
                // Not journaled: its publisher must not return as if it were (the sweep passes over it).
                slot.markRefused();
                refusedSequences.put(ringSequence, new BusStoppedException("Bus '" + busName
                        + "' stopped before the event was journaled"));
            }
        }
        if (endOfBatch) {
            endBatch();
        }
    }

    private void appendOne(EventSlot slot, long ringSequence) {
        RuntimeException failure = null;
        try {
            slot.journalIndex = append(slot);
        } catch (RuntimeException e) {
            slot.journalIndex = EventJournal.NO_INDEX;
            failure = e;
            failureCount++;
            LOG.error("Bus {}: journal append failed for event {} ({} failures so far)", busName, slot.event.id(),
                    failureCount, e);
        }
        if (slot.acknowledged()) {
            if (failure != null) {
                slot.markRefused();
                messageFailure = failure;
            }
            Acknowledgement ack = slot.ack;
            if (ack != null) { // the message's last event
                slot.ack = null;
                queueTelling(ack, slot.journalIndex, messageFailure);
                messageFailure = null;
            }
        } else if (failure != null && journaledDurability) {
            slot.markRefused();
            refusedSequences.put(ringSequence, failure);
        }
    }

    /** Writes the record its publisher staged, or, with a journal that does not stage, the whole event. */
    private long append(EventSlot slot) {
        if (slot.staged == null) {
            return journal.append(slot.event);
        }
        if (slot.stageFailure != null) {
            throw slot.stageFailure;
        }
        return slot.staged.append();
    }

    private void endBatch() {
        RuntimeException syncFailure = null;
        try {
            journal.endOfBatch();
        } catch (RuntimeException e) {
            syncFailure = e;
            LOG.error("Bus {}: the journal's end of batch (flush or sync) failed; {} acknowledged messages are refused",
                    busName, telling, e);
        }
        for (int i = 0; i < telling; i++) {
            RuntimeException failure = tellFailure[i] != null ? tellFailure[i] : syncFailure;
            tell(toTell[i], tellIndex[i], failure);
            toTell[i] = null;
            tellFailure[i] = null;
        }
        telling = 0;
    }

    private void queueTelling(Acknowledgement ack, long index, RuntimeException failure) {
        if (telling == toTell.length) {
            toTell = Arrays.copyOf(toTell, telling * 2);
            tellIndex = Arrays.copyOf(tellIndex, telling * 2);
            tellFailure = Arrays.copyOf(tellFailure, telling * 2);
        }
        toTell[telling] = ack;
        tellIndex[telling] = index;
        tellFailure[telling] = failure;
        telling++;
    }

    private void tell(Acknowledgement ack, long index, RuntimeException failure) {
        if (failure == null) {
            Acknowledgements.tellSafe(busName, ack, index);
        } else {
            Acknowledgements.tellRefused(busName, ack, new Refusal(Refusal.Reason.JOURNAL_FAILED, "Bus '" + busName
                    + "' could not journal the message: " + failure.getMessage(), failure));
        }
    }
}
