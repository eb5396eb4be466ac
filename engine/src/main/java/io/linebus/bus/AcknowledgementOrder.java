package io.linebus.bus;

import io.linebus.transports.Refusal;

/**
 * Tells the acknowledgements of a bus without a journal in publish order per publishing thread:
 * a finished message waits for the messages its thread published before it. Messages are linked
 * per thread when published and told under one lock, which costs a lock per message, never per
 * event, and only for acknowledged publishes. Each is told once: what its events do after that (a
 * handler left behind by a stop that then fails, say) changes nothing.
 */
final class AcknowledgementOrder {
    private final String busName;
    private final ThreadLocal<MessageTracker> lastOfThread = new ThreadLocal<>();
    /** Every message not yet told, oldest first: what a stop tells before it returns. */
    private MessageTracker oldest;
    private MessageTracker newest;

    AcknowledgementOrder(String busName) {
        this.busName = busName;
    }

    /** Links a message after the last one this thread published; call before publishing its events. */
    synchronized void link(MessageTracker message) {
        MessageTracker last = lastOfThread.get();
        if (last != null && !last.told) {
            message.previous = last;
            last.next = message;
        }
        lastOfThread.set(message);
        message.older = newest;
        if (newest != null) {
            newest.newer = message;
        } else {
            oldest = message;
        }
        newest = message;
    }

    /** A message has nothing open any more: tell it, and the finished ones of its thread after it. */
    synchronized void finished(MessageTracker message) {
        if (message.told) {
            return;
        }
        message.finished = true;
        MessageTracker current = message;
        // A message's previous is unlinked once told: while it is set, that message waits for it.
        while (current != null && current.finished && current.previous == null) {
            MessageTracker after = current.next;
            tell(current);
            current = after;
        }
    }

    /**
     * At the end of a stop: every message not told yet is told now, in publish order; one still open
     * (an asynchronous call outlives the stop) is refused, since no handler may ever finish it.
     */
    synchronized void tellAll(Refusal stillOpen) {
        while (oldest != null) {
            MessageTracker message = oldest;
            if (!message.finished) {
                message.refuseUnfinished(stillOpen);
            }
            tell(message);
        }
    }

    private void tell(MessageTracker message) {
        message.tell(busName);
        message.told = true;
        if (message.next != null) {
            message.next.previous = null;
        }
        message.previous = null;
        message.next = null;
        if (message.older != null) {
            message.older.newer = message.newer;
        } else {
            oldest = message.newer;
        }
        if (message.newer != null) {
            message.newer.older = message.older;
        } else {
            newest = message.older;
        }
        message.older = null;
        message.newer = null;
    }
}
