package io.linebus.bus;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import io.linebus.transports.Refusal;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stop's last step on the ring, once its consumers are halted and the bus is
 * {@link BusState#ABANDONED}: every slot still holding an event is settled in exactly one way. An
 * event no handler has taken is dead-lettered with a {@link BusStoppedException} (D6: nothing is
 * lost silently), or, when it was not journaled and belongs to an acknowledged message (told refused:
 * its broker delivers it again) or to a {@link Durability#JOURNALED} publisher (told it was not
 * accepted), passed over; a retry is dead-lettered. Then the ring is freed (its
 * tails moved to the cursor), so that publishers still waiting for room claim, see the state, and
 * are refused without touching a slot.
 */
final class RingSweep {
    private static final Logger LOG = LoggerFactory.getLogger(RingSweep.class);
    /** How long the sweep waits for claims in flight to be published before it reads their slots. */
    private static final long PUBLISH_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** How long unpublished sequences up to the ring's end may look like a claim waiting for room. */
    private static final long STRADDLING_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final String busName;
    private final Pipeline pipeline;
    private final HandlerInvoker invoker;
    private final PendingWork pending;
    private final boolean journaledDurability;

    RingSweep(String busName, Pipeline pipeline, HandlerInvoker invoker, PendingWork pending,
            boolean journaledDurability) {
        this.busName = busName;
        this.pipeline = pipeline;
        this.invoker = invoker;
        this.pending = pending;
        this.journaledDurability = journaledDurability;
    }

    /** @return how many events were dead-lettered or refused */
    int sweep() {
        RingBuffer<EventSlot> ring = pipeline.ring();
        long cursor = ring.getCursor();
        awaitClaimsInFlight(ring, cursor);
        int swept = 0;
        for (int index = 0; index < ring.getBufferSize(); index++) {
            EventSlot slot = ring.get(index);
            if (slot.event != null && !slot.dispatched() && settle(slot)) {
                swept++;
            }
            if (slot.ack != null) {
                swept++;
                tellRefused(slot);
            }
            slot.clear();
            slot.tracker = null;
        }
        for (Sequence tail : pipeline.tails()) {
            tail.set(cursor);
        }
        return swept;
    }

    /**
     * Publishers between claim and publish finish filling their slots first (claims made from now on
     * see the state and leave theirs untouched). Claims beyond the ring's length past the oldest
     * unsettled slot are publishers still waiting for room: they have no slot yet. A claim of several
     * slots that straddles that end waits too, although some of its sequences lie inside: when the
     * unpublished sequences run up to that end and a claim lies beyond it, they are taken for such a
     * claim after a short wait.
     */
    private void awaitClaimsInFlight(RingBuffer<EventSlot> ring, long cursor) {
        long settled = ring.getMinimumGatingSequence();
        long end = settled + ring.getBufferSize();
        long last = Math.min(cursor, end);
        long start = System.nanoTime();
        for (long sequence = settled + 1; sequence <= last; sequence++) {
            for (int attempt = 0; !ring.isAvailable(sequence); attempt++) {
                long waited = System.nanoTime() - start;
                if (cursor > end && waited >= STRADDLING_WAIT_NANOS && noneAvailable(ring, sequence, last)) {
                    return; // a claim waiting for room: it will see the state and leave its slots untouched
                }
                if (waited >= PUBLISH_WAIT_NANOS) {
                    LOG.warn("Bus {}: sequence {} was claimed but not published within {} ms; sweeping without it",
                            busName, sequence, TimeUnit.NANOSECONDS.toMillis(PUBLISH_WAIT_NANOS));
                    return;
                }
                Waiting.backOff(attempt);
            }
        }
    }

    private static boolean noneAvailable(RingBuffer<EventSlot> ring, long from, long to) {
        for (long sequence = from; sequence <= to; sequence++) {
            if (ring.isAvailable(sequence)) {
                return false;
            }
        }
        return true;
    }

    /** @return whether the event was dead-lettered or its message refused */
    private boolean settle(EventSlot slot) {
        switch (slot.kind) {
            case EventSlot.RETRY -> {
                slot.target.progress.untrack(slot.journalIndex);
                pending.end();
                deadLetter(slot);
                if (slot.tracker != null) {
                    slot.tracker.end(); // a handler took it before: dead-lettered is finished
                }
                return true;
            }
            case EventSlot.RECOVERY -> {
                pending.recoveryEnds();
                deadLetter(slot);
                return true;
            }
            default -> {
                if (slot.refused()) {
                    return false; // its refusal was told already
                }
                if (slot.tracker != null) {
                    slot.tracker.refuse(stopped());
                    return true;
                }
                if (slot.journalIndex == EventJournal.NO_INDEX && (slot.acknowledged() || journaledDurability)) {
                    // Not journaled: its message is refused through its last slot, or its JOURNALED
                    // publisher is told it was not accepted (JournalStage.awaitJournaled).
                    return false;
                }
                deadLetter(slot);
                return true;
            }
        }
    }

    private void deadLetter(EventSlot slot) {
        invoker.deadLetter(slot.target, slot.event,
                new BusStoppedException("Bus '" + busName + "' stopped before the event was handled"), false);
    }

    private void tellRefused(EventSlot slot) {
        Acknowledgements.tellRefused(busName, slot.ack, stopped());
        slot.ack = null;
    }

    private Refusal stopped() {
        return Acknowledgements.stopping(busName, "stopped before the message was safe");
    }
}
