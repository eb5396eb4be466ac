package io.linebus.handlers;

import io.linebus.models.Event;
import io.linebus.models.EventType;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A test handler for fixed types that records what it receives. */
class TypedHandler extends BaseHandler {
    private final List<EventType> types;
    final List<Event> received = new CopyOnWriteArrayList<>();

    TypedHandler(String name, EventType... types) {
        this(name, DEFAULT_PRIORITY, types);
    }

    TypedHandler(String name, int priority, EventType... types) {
        super(name, priority, true);
        this.types = List.of(types);
    }

    @Override
    public List<EventType> eventTypes() {
        return types;
    }

    @Override
    public Object handle(Event event) {
        received.add(event);
        return name();
    }
}
