package io.linebus.bus;

import io.linebus.transports.Acknowledgement;
import io.linebus.transports.Refusal;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One acknowledged message on a bus without a journal, where "safe" means every handler that takes
 * its events has finished with them. It counts what is still open: each of its events until
 * dispatched, and each retry and asynchronous call they started until it ends. At zero its
 * {@link AcknowledgementOrder} tells the acknowledgement, after those of the messages its thread
 * published before it.
 */
final class MessageTracker {
    private static final VarHandle OPEN;

    static {
        try {
            OPEN = MethodHandles.lookup().findVarHandle(MessageTracker.class, "open", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Acknowledgement acknowledgement;
    private final AcknowledgementOrder order;
    /** What is still open; a field of its own, not an {@code AtomicInteger}: one object per message. */
    @SuppressWarnings("unused") // through OPEN
    private volatile int open;
    /** The first reason it cannot be safe, or null. */
    private volatile Refusal refusal;

    // Guarded by the order's lock.
    /** The message its thread published before it, while that one is not told. */
    MessageTracker previous;
    /** The message its thread published after it. */
    MessageTracker next;
    /** Neighbours in the list of every message not yet told, oldest first. */
    MessageTracker older;
    MessageTracker newer;
    boolean finished;
    boolean told;

    MessageTracker(Acknowledgement acknowledgement, AcknowledgementOrder order, int events) {
        this.acknowledgement = acknowledgement;
        this.order = order;
        this.open = events;
    }

    /** A retry or an asynchronous call of one of its events begins. */
    void begin() {
        OPEN.getAndAdd(this, 1);
    }

    /** An event was dispatched, or a retry or asynchronous call of one ended. */
    void end() {
        if ((int) OPEN.getAndAdd(this, -1) == 1) {
            order.finished(this);
        }
    }

    /** One of its events will never be handled (the stop swept it): the message is refused. */
    void refuse(Refusal why) {
        if (refusal == null) {
            refusal = why;
        }
        end();
    }

    /** Marks it refused, unless something refused it already; under the order's lock. */
    void refuseUnfinished(Refusal why) {
        if (refusal == null) {
            refusal = why;
        }
        finished = true;
    }

    /** Calls the acknowledgement, containing what it throws; once (the order's lock sees to that). */
    void tell(String busName) {
        Refusal why = refusal;
        if (why == null) {
            Acknowledgements.tellSafe(busName, acknowledgement, EventJournal.NO_INDEX);
        } else {
            Acknowledgements.tellRefused(busName, acknowledgement, why);
        }
    }
}
