package io.linebus.journal;

import io.linebus.models.Event;
import java.time.Instant;
import java.util.Objects;

/**
 * An event as the journal holds it.
 *
 * @param index the event's journal index
 * @param appendTime when the journal appended it (microsecond precision)
 * @param event the event
 */
public record JournaledEvent(long index, Instant appendTime, Event event) {
    public JournaledEvent {
        Objects.requireNonNull(appendTime, "appendTime");
        Objects.requireNonNull(event, "event");
    }
}
