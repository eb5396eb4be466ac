package io.linebus.lifecycle;

/**
 * States of a {@link LifecycleManager}.
 *
 * <p>Transitions: {@code CREATED|STOPPED|ERROR → STARTING → RUNNING} (success) or {@code → ERROR}
 * (a component failed to start and the started ones were rolled back); {@code CREATED|RUNNING|ERROR
 * → STOPPING → STOPPED}. {@code STARTING} and {@code STOPPING} refuse a concurrent start or stop
 * (D20: the manager guards its states).
 */
public enum LifecycleState {
    CREATED("created"),
    STARTING("starting"),
    RUNNING("running"),
    STOPPING("stopping"),
    STOPPED("stopped"),
    ERROR("error");

    private final String value;

    LifecycleState(String value) {
        this.value = value;
    }

    /** The Python value, e.g. {@code running}. */
    public String value() {
        return value;
    }

    /**
     * The state whose Python value is exactly {@code value}.
     *
     * @throws IllegalArgumentException for {@code null} or an unknown value
     */
    public static LifecycleState fromValue(String value) {
        for (LifecycleState state : values()) {
            if (state.value.equals(value)) {
                return state;
            }
        }
        throw new IllegalArgumentException("Unknown lifecycle state: " + value
                + " (allowed: created, starting, running, stopping, stopped, error)");
    }
}
