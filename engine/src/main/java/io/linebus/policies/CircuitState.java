package io.linebus.policies;

/** The state of a {@link CircuitBreaker}. */
public enum CircuitState {
    /** Normal operation: calls proceed. */
    CLOSED("closed"),
    /** Blocking: calls are refused until the reset timeout has passed. */
    OPEN("open"),
    /** Probing: a limited number of trial calls decide between closing and re-opening. */
    HALF_OPEN("half_open");

    private final String value;

    CircuitState(String value) {
        this.value = value;
    }

    /** The Python value, e.g. {@code half_open}. */
    public String value() {
        return value;
    }

    /**
     * The state whose Python value is {@code value}.
     *
     * @throws IllegalArgumentException for null or an unknown value
     */
    public static CircuitState fromValue(String value) {
        for (CircuitState state : values()) {
            if (state.value.equals(value)) {
                return state;
            }
        }
        throw new IllegalArgumentException("Unknown circuit state: " + value
                + " (expected one of closed, open, half_open)");
    }
}
