package io.linebus.bus;

import com.lmax.disruptor.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 1: appends each newly published event to the journal before any handler sees it, and
 * records its index in the slot. One thread, in ring order, so indices follow publish order.
 */
final class JournalStage implements EventHandler<EventSlot> {
    private static final Logger LOG = LoggerFactory.getLogger(JournalStage.class);

    private final EventJournal journal;
    private long failures;

    JournalStage(EventJournal journal) {
        this.journal = journal;
    }

    @Override
    public void onEvent(EventSlot slot, long sequence, boolean endOfBatch) {
        if (slot.kind == EventSlot.NEW) {
            try {
                slot.journalIndex = journal.append(slot.event);
            } catch (RuntimeException e) {
                // The event is still handled; it is only missing from the journal, and we say so.
                slot.journalIndex = EventJournal.NO_INDEX;
                failures++;
                LOG.error("Journal append failed for event {} ({} failures so far); handling it unjournaled",
                        slot.event.id(), failures, e);
            }
        }
        if (endOfBatch) {
            journal.endOfBatch();
        }
    }
}
