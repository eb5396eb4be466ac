package io.linebus.handlers;

import io.linebus.models.Event;
import io.linebus.models.EventType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores handlers, indexes them by event type and answers "which handlers, in which order, see
 * this event". Safe for concurrent use: changes are serialized and publish a new immutable
 * snapshot; every read is a single volatile read of the current snapshot, without locking.
 *
 * <p><b>Order.</b> Handlers run in ascending {@link BaseHandler#priority()}. Among equal
 * priorities, handlers registered for the event's type come before catch-all handlers (those with
 * no event types), whatever the registration order; within each of the two groups, registration
 * order is kept. (This is Python's order, now documented: D16, registry inconsistencies.)
 *
 * <p><b>Event types (D16: one snapshot, no stale index entries).</b> A handler is indexed under
 * {@link BaseHandler#eventTypeSnapshot()}, taken at registration at the latest and deduplicated, so
 * a handler that lists a type twice runs once per event, and unregistration removes exactly what
 * registration added: {@link #getEventTypes()} never reports a type that has no handler left.
 *
 * <p><b>Hot path.</b> {@link #handlersFor(EventType)} returns the ready, priority-sorted array for
 * a type (typed and catch-all handlers together) without allocating; it is rebuilt on every
 * change.
 */
public final class HandlerRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(HandlerRegistry.class);
    private static final BaseHandler[] NO_HANDLERS = new BaseHandler[0];
    private static final int TYPE_COUNT = EventType.values().length;
    private static final Comparator<BaseHandler> BY_PRIORITY = Comparator.comparingInt(BaseHandler::priority);

    /** A handler with the types it was indexed under; kept in registration order. */
    private record Registration(BaseHandler handler, Set<EventType> types) {
    }

    /** Everything the readers see; never modified after publication. */
    private record Snapshot(
            long version,
            List<Registration> registrations,
            BaseHandler[][] byType,
            List<BaseHandler> all,
            Set<BaseHandler> members,
            Set<EventType> eventTypes) {
    }

    private volatile Snapshot snapshot = build(0, List.of());

    /**
     * Registers a handler, indexed under its event-type snapshot (read now if it was not read
     * before).
     *
     * @return true when added; false when this very handler was registered already (logged as a
     *     warning, nothing changes)
     * @throws IllegalStateException when the handler's {@code eventTypes()} is null or contains null
     */
    public boolean register(BaseHandler handler) {
        Objects.requireNonNull(handler, "handler");
        Set<EventType> types = handler.eventTypeSnapshot();
        synchronized (this) {
            Snapshot current = snapshot;
            if (current.members().contains(handler)) {
                LOG.warn("Handler {} already registered", handler.name());
                return false;
            }
            List<Registration> registrations = new ArrayList<>(current.registrations());
            registrations.add(new Registration(handler, types));
            snapshot = build(current.version() + 1, registrations);
        }
        LOG.debug("Registered handler {}", handler.name());
        return true;
    }

    /**
     * Removes a handler (by identity) from every index it was added to.
     *
     * @return false when it was not registered
     */
    public boolean unregister(BaseHandler handler) {
        Objects.requireNonNull(handler, "handler");
        synchronized (this) {
            Snapshot current = snapshot;
            if (!current.members().contains(handler)) {
                return false;
            }
            List<Registration> registrations = new ArrayList<>(current.registrations());
            registrations.removeIf(registration -> registration.handler() == handler);
            snapshot = build(current.version() + 1, registrations);
        }
        LOG.debug("Unregistered handler {}", handler.name());
        return true;
    }

    /**
     * The handlers for a type (typed and catch-all, see the class documentation for the order),
     * without any {@code canHandle} check: disabled handlers are included. An unused type gives an
     * empty list.
     *
     * @return an unmodifiable snapshot
     */
    public List<BaseHandler> getHandlers(EventType eventType) {
        return List.of(handlersFor(eventType));
    }

    /**
     * The hot-path form of {@link #getHandlers(EventType)}: the registry's own priority-sorted
     * array for {@code eventType}, returned without copying or allocating (a volatile read and an
     * array index). The array is shared by all callers and replaced, never changed, on the next
     * registration change: callers must not modify it. Disabled handlers are included; check
     * {@link BaseHandler#canHandle(Event)} per handler.
     */
    public BaseHandler[] handlersFor(EventType eventType) {
        Objects.requireNonNull(eventType, "eventType");
        return snapshot.byType()[eventType.ordinal()];
    }

    /**
     * The handlers that should receive {@code event}: {@link #getHandlers(EventType)} for its
     * type, filtered by {@link BaseHandler#canHandle(Event)}, order kept.
     *
     * @throws RuntimeException whatever a handler's {@code canHandle} throws (a
     *     {@link FilteringHandler}'s filter, for instance); the buses use
     *     {@link #handlersFor(EventType)} and guard each handler instead (D5: a throwing filter
     *     is that handler's failure)
     */
    public List<BaseHandler> getHandlersForEvent(Event event) {
        Objects.requireNonNull(event, "event");
        BaseHandler[] candidates = handlersFor(event.eventType());
        List<BaseHandler> accepted = new ArrayList<>(candidates.length);
        for (BaseHandler handler : candidates) {
            if (handler.canHandle(event)) {
                accepted.add(handler);
            }
        }
        return Collections.unmodifiableList(accepted);
    }

    /** Every registered handler, by priority (registration order among equals); a snapshot. */
    public List<BaseHandler> getAllHandlers() {
        return snapshot.all();
    }

    /**
     * The types at least one registered handler is indexed under; catch-all handlers add none.
     *
     * @return a new, modifiable {@link EnumSet}
     */
    public Set<EventType> getEventTypes() {
        Set<EventType> types = snapshot.eventTypes();
        return types.isEmpty() ? EnumSet.noneOf(EventType.class) : EnumSet.copyOf(types);
    }

    /** Removes every handler. */
    public void clear() {
        synchronized (this) {
            snapshot = build(snapshot.version() + 1, List.of());
        }
        LOG.debug("Handler registry cleared");
    }

    public int handlerCount() {
        return snapshot.registrations().size();
    }

    /** Same as {@link #handlerCount()}. */
    public int size() {
        return handlerCount();
    }

    /** Whether this very handler (identity) is registered. */
    public boolean contains(BaseHandler handler) {
        Objects.requireNonNull(handler, "handler");
        return snapshot.members().contains(handler);
    }

    /**
     * A counter that grows by one with every successful {@link #register}, {@link #unregister}
     * and every {@link #clear}. Code that derives its own structures from the registry reads it
     * before reading the handlers, and rebuilds when it changed. {@link #handlersFor(EventType)}
     * itself needs no such caching.
     */
    public long version() {
        return snapshot.version();
    }

    /** {@code HandlerRegistry(handlers=<n>, event_types=<number of indexed types>)}. */
    @Override
    public String toString() {
        Snapshot current = snapshot;
        return "HandlerRegistry(handlers=" + current.registrations().size()
                + ", event_types=" + current.eventTypes().size() + ")";
    }

    private static Snapshot build(long version, List<Registration> registrations) {
        List<BaseHandler> all = new ArrayList<>(registrations.size());
        List<BaseHandler> catchAll = new ArrayList<>();
        Set<BaseHandler> members = Collections.newSetFromMap(new IdentityHashMap<>());
        EnumSet<EventType> eventTypes = EnumSet.noneOf(EventType.class);
        for (Registration registration : registrations) {
            all.add(registration.handler());
            members.add(registration.handler());
            if (registration.types().isEmpty()) {
                catchAll.add(registration.handler());
            } else {
                eventTypes.addAll(registration.types());
            }
        }
        all.sort(BY_PRIORITY);

        BaseHandler[][] byType = new BaseHandler[TYPE_COUNT][];
        for (int ordinal = 0; ordinal < TYPE_COUNT; ordinal++) {
            EventType type = EventType.ofOrdinal(ordinal);
            List<BaseHandler> handlers = new ArrayList<>();
            for (Registration registration : registrations) {
                if (registration.types().contains(type)) {
                    handlers.add(registration.handler());
                }
            }
            // Typed first, then catch-all, then a stable sort: equal priorities keep typed first.
            handlers.addAll(catchAll);
            handlers.sort(BY_PRIORITY);
            byType[ordinal] = handlers.isEmpty() ? NO_HANDLERS : handlers.toArray(NO_HANDLERS);
        }
        return new Snapshot(version, List.copyOf(registrations), byType, List.copyOf(all),
                Collections.unmodifiableSet(members), Collections.unmodifiableSet(eventTypes));
    }
}
