package io.linebus.policies;

import java.util.Objects;

/**
 * The error recorded for an event that a handler did not get because that handler's circuit
 * breaker was open (see {@link ErrorPolicy#handleCircuitOpen}).
 */
public final class CircuitOpenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String handlerName;

    public CircuitOpenException(String handlerName) {
        super("Circuit breaker of handler " + Objects.requireNonNull(handlerName, "handlerName") + " is open");
        this.handlerName = handlerName;
    }

    /** The handler whose breaker was open. */
    public String handlerName() {
        return handlerName;
    }
}
