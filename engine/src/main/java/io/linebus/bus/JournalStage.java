package io.linebus.bus;

import com.lmax.disruptor.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 1: appends each newly published event to the journal before any handler sees it, and
 * records its index in the slot. One thread, in ring order, so indices follow publish order.
 *
 * <p>An append that fails is reported to {@link AppendFailures}: with {@link Durability#JOURNALED}
 * the event is refused (its publisher gets the error, no handler sees it); with
 * {@link Durability#ACCEPTED} its publisher has already returned, so it is handled unjournaled and
 * the failure is logged.
 */
final class JournalStage implements EventHandler<EventSlot> {
    private static final Logger LOG = LoggerFactory.getLogger(JournalStage.class);

    /** Where a failed append goes. */
    @FunctionalInterface
    interface AppendFailures {
        void failed(long sequence, EventSlot slot, RuntimeException error);
    }

    private final EventJournal journal;
    private final AppendFailures failures;
    private long failureCount;

    JournalStage(EventJournal journal, AppendFailures failures) {
        this.journal = journal;
        this.failures = failures;
    }

    @Override
    public void onEvent(EventSlot slot, long sequence, boolean endOfBatch) {
        if (slot.kind == EventSlot.NEW) {
            try {
                slot.journalIndex = append(slot);
            } catch (RuntimeException e) {
                slot.journalIndex = EventJournal.NO_INDEX;
                failureCount++;
                LOG.error("Journal append failed for event {} ({} failures so far)", slot.event.id(), failureCount, e);
                failures.failed(sequence, slot, e);
            }
        }
        if (endOfBatch) {
            journal.endOfBatch();
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
}
