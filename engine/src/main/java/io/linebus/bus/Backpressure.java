package io.linebus.bus;

/** What {@link AsyncEventBus#publish} does when the ring is full. Nothing is ever dropped silently. */
public enum Backpressure {
    /** Wait until a slot is free (the default): a fast producer slows to the handlers' pace. */
    BLOCK,
    /** Throw {@link java.util.concurrent.RejectedExecutionException} at once. */
    FAIL
}
