package io.linebus.transports;

import io.linebus.models.Event;
import java.util.List;

/**
 * What a transport publishes into: the bus it is registered with. Both buses implement it, so
 * transports depend on this interface and never on a bus class (the bus package depends on this
 * one, not the other way round).
 */
public interface EventPublisher {
    /** The publisher's name, for logs. */
    String name();

    /**
     * Takes one event. The synchronous bus handles it on this thread; the asynchronous bus takes it
     * into its ring, waiting for room when full.
     *
     * @throws IllegalStateException when the bus does not accept events (stopped)
     */
    void publish(Event event);

    /**
     * Takes the events of one message and reports, exactly once, whether they are safe (a source
     * may then acknowledge its broker) or refused (it must not: the broker redelivers). Never waits
     * for the outcome.
     *
     * @param events at least one, in the message's order
     * @param acknowledgement called once, from a bus thread (or this one, for a refusal at the door)
     * @throws IllegalArgumentException for no events, or more than the bus can take as one message
     */
    void publish(List<Event> events, Acknowledgement acknowledgement);
}
