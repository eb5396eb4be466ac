package io.linebus.routing;

import io.linebus.handlers.BaseHandler;
import io.linebus.models.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses a handler for an event by rules: the first matching rule, in ascending rule priority
 * (insertion order among equals), wins; when none matches, the default handler, if set.
 * Stand-alone: the buses do not use it; an application calls it, e.g. from a catch-all handler.
 *
 * <p>Safe for concurrent use: changes publish a new immutable state, routing reads it without
 * locking.
 */
public final class EventRouter {
    private static final Logger LOG = LoggerFactory.getLogger(EventRouter.class);

    private record Route(RoutingRule rule, BaseHandler handler) {
    }

    private record State(List<Route> routes, BaseHandler defaultHandler) {
    }

    private volatile State state = new State(List.of(), null);

    /**
     * Adds a rule and the handler it routes to, after the rules of lower or equal priority.
     *
     * @return this router, for chaining
     */
    public EventRouter addRule(RoutingRule rule, BaseHandler handler) {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(handler, "handler");
        synchronized (this) {
            List<Route> routes = new ArrayList<>(state.routes());
            int position = routes.size();
            while (position > 0 && routes.get(position - 1).rule().priority() > rule.priority()) {
                position--;
            }
            routes.add(position, new Route(rule, handler));
            state = new State(List.copyOf(routes), state.defaultHandler());
        }
        return this;
    }

    /**
     * Sets the handler for events no rule matches; {@code null} removes it.
     *
     * @return this router, for chaining
     */
    public synchronized EventRouter setDefaultHandler(BaseHandler handler) {
        state = new State(state.routes(), handler);
        return this;
    }

    /**
     * The handler of the first rule that matches {@code event}, else the default handler, else
     * empty. A rule whose predicate throws does not match.
     */
    public Optional<BaseHandler> route(Event event) {
        Objects.requireNonNull(event, "event");
        State current = state;
        for (Route route : current.routes()) {
            if (route.rule().matches(event)) {
                LOG.debug("Event {} matched rule: {}", shortId(event), route.rule().name());
                return Optional.of(route.handler());
            }
        }
        if (current.defaultHandler() != null) {
            LOG.debug("Event {} routed to the default handler", shortId(event));
        }
        return Optional.ofNullable(current.defaultHandler());
    }

    /**
     * The handlers of every rule that matches {@code event}, in rule order; a handler appears once
     * per matching rule; the default handler is never included.
     *
     * @return an unmodifiable list
     */
    public List<BaseHandler> getAllHandlers(Event event) {
        Objects.requireNonNull(event, "event");
        List<BaseHandler> handlers = new ArrayList<>();
        for (Route route : state.routes()) {
            if (route.rule().matches(event)) {
                handlers.add(route.handler());
            }
        }
        return List.copyOf(handlers);
    }

    /** Removes every rule and the default handler. */
    public synchronized void clear() {
        state = new State(List.of(), null);
    }

    public int ruleCount() {
        return state.routes().size();
    }

    /** {@code EventRouter(rules=<n>)}. */
    @Override
    public String toString() {
        return "EventRouter(rules=" + state.routes().size() + ")";
    }

    private static String shortId(Event event) {
        String id = event.id();
        return id.substring(0, Math.min(8, id.length()));
    }
}
