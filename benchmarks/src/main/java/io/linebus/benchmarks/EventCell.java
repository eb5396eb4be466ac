package io.linebus.benchmarks;

import io.linebus.models.Event;

/** A slot of the bare Disruptor baseline: a reference to the event, as the bus's slot holds one. */
public final class EventCell {
    Event event;
}
