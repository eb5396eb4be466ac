package io.linebus.routing;

import io.linebus.models.Event;
import java.util.Objects;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A named predicate with a priority, used by {@link EventRouter}: lower priorities are tried
 * first. Immutable (Python's mutable priority could go stale in a router's order).
 *
 * @param name the rule's name, for logs
 * @param predicate which events the rule takes; an {@link EventFilter} fits
 * @param priority lower is tried earlier; {@link #DEFAULT_PRIORITY} when not given
 */
public record RoutingRule(String name, Predicate<Event> predicate, int priority) {
    private static final Logger LOG = LoggerFactory.getLogger(RoutingRule.class);

    /** Priority of rules that do not give one. */
    public static final int DEFAULT_PRIORITY = 100;

    public RoutingRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(predicate, "predicate");
    }

    /** A rule with {@link #DEFAULT_PRIORITY}. */
    public RoutingRule(String name, Predicate<Event> predicate) {
        this(name, predicate, DEFAULT_PRIORITY);
    }

    /**
     * The predicate's answer for {@code event}; a predicate that throws counts as not matching
     * (logged as a warning with the stack trace).
     */
    public boolean matches(Event event) {
        Objects.requireNonNull(event, "event");
        try {
            return predicate.test(event);
        } catch (Exception failure) {
            LOG.warn("Rule {} predicate error: {}", name, failure.toString(), failure);
            return false;
        }
    }

    /** {@code RoutingRule(name=<name>, priority=<priority>)}. */
    @Override
    public String toString() {
        return "RoutingRule(name=" + name + ", priority=" + priority + ")";
    }
}
