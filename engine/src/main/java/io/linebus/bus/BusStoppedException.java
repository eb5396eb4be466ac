package io.linebus.bus;

/**
 * The reason recorded with events that were dead-lettered because their bus stopped before they
 * could be handled (retries not yet due, events left in the ring when the stop timeout ran out).
 */
public final class BusStoppedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public BusStoppedException(String message) {
        super(message);
    }
}
