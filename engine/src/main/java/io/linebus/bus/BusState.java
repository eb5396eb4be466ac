package io.linebus.bus;

/**
 * Where a bus is in its life. A bus only moves forward through these states (a failed start goes
 * back to where it was; the synchronous bus may start again once {@link #STOPPED}), and
 * {@link BusLifecycle} is the one place that moves it. Each state says what it admits.
 */
enum BusState {
    /** Built: handlers and transports may be registered; the asynchronous bus takes events into its ring. */
    NEW(true, false),
    /** {@code start()} runs the handlers' {@code onStart}; no consumer runs yet. */
    STARTING(true, false),
    /** Consumers run; the asynchronous bus replays what handlers had not completed, then transports start. */
    RECOVERING(true, true),
    /** Started: events, retries and transports flow. */
    RUNNING(true, true),
    /** {@code stop()} stops the transports, which may still publish their last events. */
    STOPPING(true, true),
    /** New events are refused; what is in the ring and the retries already due finish. */
    DRAINING(false, true),
    /**
     * The stop ran out of time, or has halted the consumers: no handler is called any more, claims
     * leave their slots untouched, and the stop's sweep settles what is left.
     */
    ABANDONED(false, false),
    /** Stopped; the asynchronous bus never starts again. */
    STOPPED(false, false);

    // Fields, not comparisons of the order: the gate asks twice per publish.
    private final boolean acceptsNew;
    private final boolean consuming;

    BusState(boolean acceptsNew, boolean consuming) {
        this.acceptsNew = acceptsNew;
        this.consuming = consuming;
    }

    /** Whether a newly published event is taken. */
    boolean acceptsNew() {
        return acceptsNew;
    }

    /** Whether the consumers run and take retries and recovered events. */
    boolean consuming() {
        return consuming;
    }
}
