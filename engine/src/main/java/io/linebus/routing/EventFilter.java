package io.linebus.routing;

import io.linebus.models.Event;
import io.linebus.models.EventType;
import io.linebus.models.PayloadValues;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A composable condition on events (type, source, payload, custom predicates).
 *
 * <p><b>Immutable (D23: one composition semantics).</b> {@code new EventFilter()} matches
 * everything; every builder method and every combinator returns a <em>new</em> filter with one more
 * condition and leaves this one unchanged, so a filter can be shared between threads and reused as
 * a building block:
 *
 * <pre>{@code
 * EventFilter faults = new EventFilter().byType(EventType.ASSET_FAULT);
 * EventFilter lineA = faults.bySource("line-a");          // faults is unchanged
 * EventFilter critical = faults.payloadEquals("severity", "critical").or(lineA);
 * }</pre>
 *
 * <p>Python differed: its builders changed the filter in place, {@code a & b} copied the
 * conditions while {@code a | b} and {@code ~a} kept live references. With immutable filters the
 * three compositions mean the same thing at any later time.
 *
 * <p><b>Payload equality (D23: numbers compare by value).</b> {@link #payloadEquals} and
 * {@link #payloadIn} compare as JSON would: numbers by value ({@code 1L} equals {@code 1.0}, an
 * {@code Integer 1} equals a payload's {@code Long 1}), maps and lists element by element. Booleans
 * are not numbers: unlike Python, {@code true} does not equal {@code 1}.
 *
 * <p><b>Failures.</b> {@link #matches(Event)} is false when any condition throws (logged as a
 * warning with the stack trace), also inside {@link #or} and {@link #negate()}: a condition that
 * throws never turns into a match by negation.
 */
public final class EventFilter implements Predicate<Event> {
    private static final Logger LOG = LoggerFactory.getLogger(EventFilter.class);

    private final List<Predicate<Event>> conditions;

    /** A filter without conditions: it matches every event. */
    public EventFilter() {
        this.conditions = List.of();
    }

    private EventFilter(List<Predicate<Event>> conditions) {
        this.conditions = conditions;
    }

    /**
     * Events of one of {@code types}.
     *
     * @throws IllegalArgumentException when no type is given (Python's filter then matched
     *     nothing, which is never what a caller means: D23, an empty {@code byType()} is rejected)
     */
    public EventFilter byType(EventType... types) {
        Set<EventType> set = typeSet(types, "byType");
        return with(event -> set.contains(event.eventType()));
    }

    /** Events of none of {@code types}; no types excludes nothing. */
    public EventFilter excludeType(EventType... types) {
        Set<EventType> set = types.length == 0 ? EnumSet.noneOf(EventType.class) : typeSet(types, "excludeType");
        return with(event -> !set.contains(event.eventType()));
    }

    /**
     * Events whose source is one of {@code sources}.
     *
     * @throws IllegalArgumentException when no source is given (it would match nothing)
     */
    public EventFilter bySource(String... sources) {
        Set<String> set = stringSet(sources, "bySource");
        if (set.isEmpty()) {
            throw new IllegalArgumentException("bySource needs at least one source; "
                    + "a filter without sources would match nothing");
        }
        return with(event -> set.contains(event.source()));
    }

    /** Events whose source is none of {@code sources}; no sources excludes nothing. */
    public EventFilter excludeSource(String... sources) {
        Set<String> set = stringSet(sources, "excludeSource");
        return with(event -> !set.contains(event.source()));
    }

    /** Events for which {@code predicate} is true. */
    public EventFilter where(Predicate<Event> predicate) {
        Objects.requireNonNull(predicate, "predicate");
        return with(predicate);
    }

    /** Events whose payload has {@code key} (its value may be {@code null}). */
    public EventFilter hasPayloadKey(String key) {
        Objects.requireNonNull(key, "key");
        return with(event -> event.payload().containsKey(key));
    }

    /**
     * Events whose payload value at {@code key} equals {@code value} (see the class documentation
     * for the equality). A missing key reads as {@code null}, so {@code payloadEquals(k, null)}
     * also matches events without {@code k}, as in Python.
     *
     * @param value a payload value (null, String, Boolean, a number, a Map or a List of these)
     * @throws IllegalArgumentException when {@code value} cannot occur in a payload
     */
    public EventFilter payloadEquals(String key, Object value) {
        Objects.requireNonNull(key, "key");
        Object expected = PayloadValues.freezeValue(value, "value");
        return with(event -> PayloadEquality.valuesEqual(event.payload().get(key), expected));
    }

    /**
     * Events whose payload value at {@code key} equals one of {@code values} (same equality as
     * {@link #payloadEquals}; a missing key reads as {@code null}). The values are copied; an
     * empty collection matches nothing.
     *
     * @throws IllegalArgumentException when a value cannot occur in a payload
     */
    public EventFilter payloadIn(String key, Collection<?> values) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(values, "values");
        List<Object> allowed = new ArrayList<>(values.size());
        int index = 0;
        for (Object value : values) {
            allowed.add(PayloadValues.freezeValue(value, "values[" + index++ + "]"));
        }
        return with(event -> {
            Object actual = event.payload().get(key);
            for (Object candidate : allowed) {
                if (PayloadEquality.valuesEqual(actual, candidate)) {
                    return true;
                }
            }
            return false;
        });
    }

    /**
     * Whether {@code event} passes every condition, in the order they were added (none: true).
     * A condition that throws makes the answer false and is logged as a warning.
     */
    public boolean matches(Event event) {
        Objects.requireNonNull(event, "event");
        try {
            return evaluate(event);
        } catch (Exception failure) {
            LOG.warn("Filter condition error on event {}: {}", event.id(), failure.toString(), failure);
            return false;
        }
    }

    /** Same as {@link #matches(Event)}. */
    @Override
    public boolean test(Event event) {
        return matches(event);
    }

    /** A new filter with this filter's conditions followed by {@code other}'s. */
    public EventFilter and(EventFilter other) {
        Objects.requireNonNull(other, "other");
        List<Predicate<Event>> combined = new ArrayList<>(conditions.size() + other.conditions.size());
        combined.addAll(conditions);
        combined.addAll(other.conditions);
        return new EventFilter(List.copyOf(combined));
    }

    /** A new filter with one condition: this filter or {@code other} matches. */
    public EventFilter or(EventFilter other) {
        Objects.requireNonNull(other, "other");
        return new EventFilter(List.of(event -> evaluate(event) || other.evaluate(event)));
    }

    /** A new filter with one condition: this filter does not match. */
    @Override
    public EventFilter negate() {
        return new EventFilter(List.of(event -> !evaluate(event)));
    }

    /** The number of conditions. */
    public int conditionCount() {
        return conditions.size();
    }

    /** {@code EventFilter(conditions=<n>)}. */
    @Override
    public String toString() {
        return "EventFilter(conditions=" + conditions.size() + ")";
    }

    /** The conditions without the failure guard, so that composites see a failure as such. */
    private boolean evaluate(Event event) {
        for (Predicate<Event> condition : conditions) {
            if (!condition.test(event)) {
                return false;
            }
        }
        return true;
    }

    private EventFilter with(Predicate<Event> condition) {
        List<Predicate<Event>> grown = new ArrayList<>(conditions.size() + 1);
        grown.addAll(conditions);
        grown.add(condition);
        return new EventFilter(List.copyOf(grown));
    }

    private static Set<EventType> typeSet(EventType[] types, String method) {
        Objects.requireNonNull(types, "types");
        if (types.length == 0) {
            throw new IllegalArgumentException(method + " needs at least one event type; "
                    + "a filter without types would match nothing");
        }
        EnumSet<EventType> set = EnumSet.noneOf(EventType.class);
        for (EventType type : types) {
            set.add(Objects.requireNonNull(type, "types contains null"));
        }
        return set;
    }

    private static Set<String> stringSet(String[] sources, String method) {
        Objects.requireNonNull(sources, "sources");
        for (String source : sources) {
            Objects.requireNonNull(source, method + ": sources contains null");
        }
        return Set.copyOf(Arrays.asList(sources));
    }
}
