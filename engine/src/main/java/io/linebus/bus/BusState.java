package io.linebus.bus;

/**
 * Where a bus is in its life. The order matters: a bus only moves forward through these states
 * (a failed start goes back to {@link #NEW}; the synchronous bus may start again once
 * {@link #STOPPED}), and {@link BusLifecycle} is the one place that moves it.
 */
enum BusState {
    /** Built: handlers and transports may be registered; the asynchronous bus takes events into its ring. */
    NEW,
    /** {@code start()} runs the handlers' {@code onStart}; no consumer runs yet. */
    STARTING,
    /** Consumers run; the asynchronous bus replays what handlers had not completed, then transports start. */
    RECOVERING,
    /** Started: events, retries and transports flow. */
    RUNNING,
    /** {@code stop()} stops the transports, which may still publish their last events. */
    STOPPING,
    /** New events are refused; what is in the ring and the retries already due finish. */
    DRAINING,
    /**
     * The stop ran out of time: consumers call no more handlers, claims leave their slots untouched,
     * and the stop's sweep settles what is left.
     */
    ABANDONED,
    /** Stopped; the asynchronous bus never starts again. */
    STOPPED;

    /** Whether a newly published event is taken. */
    boolean acceptsNew() {
        return compareTo(STOPPING) <= 0;
    }

    /** Whether the consumers run and take retries and recovered events. */
    boolean consuming() {
        return compareTo(RECOVERING) >= 0 && compareTo(DRAINING) <= 0;
    }
}
