package io.linebus.benchmarks;

import io.linebus.handlers.BaseHandler;
import io.linebus.models.Event;
import io.linebus.models.EventType;
import java.util.List;

/** A linebus handler that only counts the events it gets: the bus's own cost is what is measured. */
public final class CountingHandler extends BaseHandler {
    private static final List<EventType> TYPES = List.of(BenchmarkEvents.TYPE);

    private final ConsumedCounter counter;

    public CountingHandler(ConsumedCounter counter) {
        super("counting");
        this.counter = counter;
    }

    @Override
    public List<EventType> eventTypes() {
        return TYPES;
    }

    @Override
    public Object handle(Event event) {
        counter.increment();
        return null;
    }
}
