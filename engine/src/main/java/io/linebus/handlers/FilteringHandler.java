package io.linebus.handlers;

import io.linebus.models.Event;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A handler that, on top of the type check, only accepts events that pass every filter added with
 * {@link #addFilter(Predicate)}. An {@link io.linebus.routing.EventFilter} is a {@code Predicate}
 * and can be passed directly.
 *
 * <p>An exception thrown by a filter propagates out of {@link #canHandle(Event)}, as in Python.
 * The buses guard {@code canHandle} per handler (D5: a throwing filter cannot break dispatch): they
 * log the failure, treat it as this handler's failure on that event, and go on with the other
 * handlers. Callers of {@code canHandle} outside the buses must expect the exception.
 *
 * <p>Filters may be added from any thread at any time; {@code canHandle} sees a consistent set.
 */
public abstract class FilteringHandler extends BaseHandler {
    @SuppressWarnings("unchecked")
    private static final Predicate<Event>[] NO_FILTERS = (Predicate<Event>[]) new Predicate<?>[0];

    // Copy-on-write array: filters are added rarely and read for every event, without allocation.
    private volatile Predicate<Event>[] filters = NO_FILTERS;

    protected FilteringHandler() {
        super();
    }

    protected FilteringHandler(String name) {
        super(name);
    }

    protected FilteringHandler(String name, int priority, boolean enabled) {
        super(name, priority, enabled);
    }

    /**
     * Adds a filter, evaluated after the ones added before it.
     *
     * @return this handler, for chaining
     */
    public FilteringHandler addFilter(Predicate<Event> filter) {
        Objects.requireNonNull(filter, "filter");
        synchronized (this) {
            Predicate<Event>[] grown = Arrays.copyOf(filters, filters.length + 1);
            grown[grown.length - 1] = filter;
            filters = grown;
        }
        return this;
    }

    /** The number of filters added so far. */
    public int filterCount() {
        return filters.length;
    }

    /**
     * The base rules (enabled, event type), then every filter in insertion order; the first
     * {@code false} stops. No filters: the base rules alone decide.
     *
     * @throws RuntimeException whatever a filter throws (see the class documentation)
     */
    @Override
    public boolean canHandle(Event event) {
        if (!super.canHandle(event)) {
            return false;
        }
        for (Predicate<Event> filter : filters) {
            if (!filter.test(event)) {
                return false;
            }
        }
        return true;
    }
}
