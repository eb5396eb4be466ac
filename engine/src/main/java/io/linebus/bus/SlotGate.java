package io.linebus.bus;

import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import io.linebus.models.Event;
import io.linebus.transports.Acknowledgement;
import io.linebus.transports.Refusal;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * The only code that claims ring slots: for publish, tryPublish, {@link Backpressure#FAIL},
 * acknowledged messages, retries and recovery alike. Each claim is followed by one check of the
 * bus's state: once the bus is closing, the claim is refused and its slots are published untouched
 * (empty: every stage passes over them), so that no claim can overwrite a slot whose event the stop
 * has not settled. Otherwise it fills the slots and publishes them: claim, fill, publish.
 *
 * <p>New events are checked at the door too, before the claim, so that a stopped bus refuses them
 * without waiting for room.
 */
final class SlotGate {
    private static final int[] NO_SHARDS = new int[0];

    private final String busName;
    private final RingBuffer<EventSlot> ring;
    private final int ringSize;
    private final BusLifecycle lifecycle;
    private final Function<Event, ?> partitionKey;
    private final int shards;
    private final LatencySampler[] samplers;
    /** Null without a journal. */
    private final JournalStage journalStage;
    /** Null with a journal (whose stage tells acknowledgements in ring order). */
    private final AcknowledgementOrder acknowledgementOrder;

    SlotGate(String busName, RingBuffer<EventSlot> ring, BusLifecycle lifecycle, Function<Event, ?> partitionKey,
            LatencySampler[] samplers, JournalStage journalStage) {
        this.busName = busName;
        this.ring = ring;
        this.ringSize = ring.getBufferSize();
        this.lifecycle = lifecycle;
        this.partitionKey = partitionKey;
        this.shards = samplers.length;
        this.samplers = samplers;
        this.journalStage = journalStage;
        this.acknowledgementOrder = journalStage == null ? new AcknowledgementOrder(busName) : null;
    }

    /**
     * Publishes a new event, waiting for room ({@link Backpressure#BLOCK}).
     *
     * @return its ring sequence
     * @throws IllegalStateException when the bus is closing, before or after the claim
     */
    long publish(Event event, HandlerState target) {
        checkAccepting(event);
        int shard = shardOf(event);
        long sequence = ring.next(); // one atomic add; a stop that gives up frees the ring for it (see RingSweep)
        fillNew(sequence, event, shard, target);
        return sequence;
    }

    /**
     * Publishes a new event, or throws when the ring is full ({@link Backpressure#FAIL}).
     *
     * @return its ring sequence
     * @throws IllegalStateException when the bus is closing, before or after the claim
     * @throws RejectedExecutionException when the ring is full
     */
    long publishOrReject(Event event, HandlerState target) {
        long sequence = tryPublish(event, target);
        if (sequence < 0) {
            throw new RejectedExecutionException("Bus '" + busName + "' ring is full (" + ringSize
                    + " events); event " + event.id() + " not accepted");
        }
        return sequence;
    }

    /**
     * Publishes a new event unless the ring is full.
     *
     * @return its ring sequence, or -1 when the ring was full and the event not taken
     */
    long tryPublish(Event event, HandlerState target) {
        checkAccepting(event);
        int shard = shardOf(event);
        long sequence;
        try {
            sequence = ring.tryNext();
        } catch (InsufficientCapacityException full) {
            return -1L;
        }
        fillNew(sequence, event, shard, target);
        return sequence;
    }

    // Kept small, with the refusal out of line: a publisher's whole path then inlines into its caller.
    private void fillNew(long sequence, Event event, int shard, HandlerState target) {
        if (!lifecycle.state().acceptsNew()) {
            refuseClaimed(sequence, event);
        }
        try {
            fill(ring.get(sequence), sequence, event, EventSlot.NEW, shard, EventJournal.NO_INDEX, target);
        } finally {
            ring.publish(sequence);
        }
    }

    /** The check after the claim refused it: the slot is published untouched (empty). */
    private void refuseClaimed(long sequence, Event event) {
        ring.publish(sequence);
        throw closing(lifecycle.state(), event, " (the bus closed while it claimed its slot: waited for room, say)");
    }

    /**
     * Publishes the events of one message with its acknowledgement: claims their
     * slots at once, so they are contiguous in the ring; a refusal at the door (closing, or full
     * under {@code failWhenFull}) is told on this thread before this returns.
     */
    void publishMessage(List<Event> events, Acknowledgement acknowledgement, boolean failWhenFull) {
        int count = events.size();
        if (count == 0 || count > ringSize) {
            throw new IllegalArgumentException("A message must have 1 to " + ringSize + " events (the ring's size) on bus '"
                    + busName + "', got " + count);
        }
        int[] shardOf = shards == 1 ? NO_SHARDS : new int[count]; // before the claim: a partition key may throw
        for (int i = 0; i < count; i++) {
            Event event = Objects.requireNonNull(events.get(i), "events must not contain null");
            if (shards > 1) {
                shardOf[i] = shardOf(event);
            }
        }
        if (!lifecycle.state().acceptsNew()) {
            tellRefused(acknowledgement, stopping("is " + describe(lifecycle.state())));
            return;
        }
        long last;
        if (failWhenFull) {
            try {
                last = ring.tryNext(count);
            } catch (InsufficientCapacityException full) {
                tellRefused(acknowledgement, new Refusal(Refusal.Reason.RING_FULL, "Bus '" + busName + "' ring is full ("
                        + ringSize + " events)", null));
                return;
            }
        } else {
            last = ring.next(count);
        }
        long first = last - count + 1;
        BusState state = lifecycle.state();
        if (!state.acceptsNew()) {
            ring.publish(first, last); // untouched: empty
            tellRefused(acknowledgement, stopping("is " + describe(state)));
            return;
        }
        MessageTracker tracker = null;
        if (acknowledgementOrder != null) {
            tracker = new MessageTracker(acknowledgement, acknowledgementOrder, count);
            acknowledgementOrder.link(tracker);
        }
        try {
            for (int i = 0; i < count; i++) {
                long sequence = first + i;
                EventSlot slot = ring.get(sequence);
                fill(slot, sequence, events.get(i), EventSlot.NEW, shards == 1 ? 0 : shardOf[i], EventJournal.NO_INDEX, null);
                slot.markAcknowledged();
                slot.tracker = tracker;
                if (sequence == last && tracker == null) {
                    slot.ack = acknowledgement;
                }
            }
        } finally {
            ring.publish(first, last);
        }
    }

    /**
     * Re-enters a due retry into the ring, addressed to its handler.
     *
     * @param mayWait asked while the ring is full: whether to go on waiting for room (the retry agent,
     *     until its shutdown); a dispatch shard never waits for space that only it could free
     * @return false when it could not: the bus stopped consuming, or the ring is full and it may not wait
     */
    boolean publishRetry(RetryAgent.RetryTask task, BooleanSupplier mayWait) {
        Event event = task.event();
        int shard = shardOf(event);
        long sequence;
        for (int attempt = 0; ; attempt++) {
            if (!lifecycle.state().consuming()) {
                return false;
            }
            try {
                sequence = ring.tryNext();
                break;
            } catch (InsufficientCapacityException full) {
                if (!mayWait.getAsBoolean()) {
                    return false;
                }
                Waiting.backOff(attempt);
            }
        }
        try {
            if (!lifecycle.state().consuming()) {
                return false; // published untouched, below
            }
            EventSlot slot = ring.get(sequence);
            fill(slot, sequence, event, EventSlot.RETRY, shard, task.journalIndex(), task.target());
            slot.tracker = task.tracker();
            return true;
        } finally {
            ring.publish(sequence);
        }
    }

    /**
     * Re-enters a journaled event for the handlers that had not completed it; waits for room.
     *
     * @return false when the bus stopped consuming meanwhile
     */
    boolean publishRecovered(Event event, long journalIndex) {
        int shard = shardOf(event);
        long sequence = ring.next();
        try {
            if (!lifecycle.state().consuming()) {
                return false;
            }
            fill(ring.get(sequence), sequence, event, EventSlot.RECOVERY, shard, journalIndex, null);
            return true;
        } finally {
            ring.publish(sequence);
        }
    }

    /**
     * At the end of a stop, without a journal: tells every acknowledged message not told yet, in
     * publish order; one still open (an asynchronous call outlives the stop) is refused.
     */
    void tellOpenMessages() {
        if (acknowledgementOrder != null) {
            acknowledgementOrder.tellAll(stopping("stopped before every handler had finished the message"));
        }
    }

    private void fill(EventSlot slot, long sequence, Event event, byte kind, int shard, long journalIndex,
            HandlerState target) {
        slot.set(event, kind, shard, journalIndex, target);
        long stride = samplers[shard].strideFor(sequence);
        if (stride != 0L) {
            slot.timeFrom(System.nanoTime(), stride);
        }
        if (kind == EventSlot.NEW && slot.staged != null) {
            journalStage.stage(slot, event);
        }
    }

    private int shardOf(Event event) {
        return shards == 1 ? 0 : PartitionKeys.shardOf(partitionKey.apply(event), shards);
    }

    private void checkAccepting(Event event) {
        BusState state = lifecycle.state();
        if (!state.acceptsNew()) {
            throw closing(state, event, "");
        }
    }

    private IllegalStateException closing(BusState state, Event event, String when) {
        String message = "Bus '" + busName + "' is " + describe(state) + "; event " + event.id() + " not accepted" + when;
        return state == BusState.STOPPED || state == BusState.ABANDONED ? new BusStoppedException(message)
                : new IllegalStateException(message);
    }

    private static String describe(BusState state) {
        return state == BusState.STOPPED ? "stopped" : "stopping";
    }

    private Refusal stopping(String what) {
        return Acknowledgements.stopping(busName, what);
    }

    private void tellRefused(Acknowledgement acknowledgement, Refusal refusal) {
        Acknowledgements.tellRefused(busName, acknowledgement, refusal);
    }
}
