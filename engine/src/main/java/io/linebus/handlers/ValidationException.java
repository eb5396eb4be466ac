package io.linebus.handlers;

import java.util.Objects;

/**
 * An event failed a {@link ValidationMiddleware}'s check. Thrown instead of Python's silent drop
 * (D24: no invalid event dropped silently), so that a bus running the chain treats the event as
 * failed and dead-letters it with this message as the reason.
 */
public class ValidationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String eventId;

    /**
     * @param eventId the id of the event that failed validation
     * @param message what was wrong
     */
    public ValidationException(String eventId, String message) {
        super(message);
        this.eventId = Objects.requireNonNull(eventId, "eventId");
    }

    /** The id of the event that failed validation. */
    public String eventId() {
        return eventId;
    }
}
