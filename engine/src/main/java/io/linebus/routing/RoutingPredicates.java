package io.linebus.routing;

import io.linebus.models.Event;
import io.linebus.models.EventType;
import java.util.function.Predicate;

/**
 * Predicate factories for {@link RoutingRule}s, as the Python router module offers them. Each
 * returns a one-condition {@link EventFilter}, with the same rules and equality.
 */
public final class RoutingPredicates {
    private RoutingPredicates() {
    }

    /**
     * Events of one of {@code types}.
     *
     * @throws IllegalArgumentException when no type is given
     */
    public static Predicate<Event> byType(EventType... types) {
        return new EventFilter().byType(types);
    }

    /**
     * Events from one of {@code sources}.
     *
     * @throws IllegalArgumentException when no source is given
     */
    public static Predicate<Event> bySource(String... sources) {
        return new EventFilter().bySource(sources);
    }

    /**
     * Events whose payload value at {@code key} equals {@code value} (numbers by value; a missing
     * key reads as {@code null}).
     *
     * @throws IllegalArgumentException when {@code value} cannot occur in a payload
     */
    public static Predicate<Event> byPayload(String key, Object value) {
        return new EventFilter().payloadEquals(key, value);
    }

    /** Events whose payload has {@code key}. */
    public static Predicate<Event> byPayloadExists(String key) {
        return new EventFilter().hasPayloadKey(key);
    }
}
