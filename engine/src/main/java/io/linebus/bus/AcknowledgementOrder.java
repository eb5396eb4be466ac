package io.linebus.bus;

/**
 * Tells the acknowledgements of a bus without a journal in publish order per publishing thread:
 * a finished message waits for the messages its thread published before it. Messages are linked
 * per thread when published and told under one lock, which costs a lock per message, never per
 * event, and only for acknowledged publishes.
 */
final class AcknowledgementOrder {
    private final ThreadLocal<MessageTracker> lastOfThread = new ThreadLocal<>();

    /** Links a message after the last one this thread published; call before publishing its events. */
    synchronized void link(MessageTracker message) {
        MessageTracker last = lastOfThread.get();
        if (last != null && !last.told) {
            message.previous = last;
            last.next = message;
        }
        lastOfThread.set(message);
    }

    /** A message has nothing open any more: tell it, and the finished ones of its thread after it. */
    synchronized void finished(MessageTracker message) {
        message.finished = true;
        MessageTracker current = message;
        while (current != null && current.finished && (current.previous == null || current.previous.told)) {
            current.tell();
            current.told = true;
            MessageTracker after = current.next;
            current.previous = null;
            current.next = null;
            current = after;
        }
    }
}
