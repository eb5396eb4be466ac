package io.linebus.transports;

import java.util.Objects;

/**
 * Why a bus refused a message (see {@link Acknowledgement#refused}).
 *
 * @param reason what kind of refusal it is: a source may settle each kind its own way
 * @param message a sentence for logs, naming the bus
 * @param cause the underlying failure (a journal's exception), or null
 */
public record Refusal(Reason reason, String message, Throwable cause) {
    /** The kinds of refusal. */
    public enum Reason {
        /** The bus is stopping or stopped, or stopped before the message was safe. */
        BUS_STOPPING,
        /** The ring was full and the bus's backpressure is {@code FAIL}. */
        RING_FULL,
        /** A journal append (or its sync) failed: the message is not durable. */
        JOURNAL_FAILED
    }

    public Refusal {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return reason + ": " + message;
    }
}
