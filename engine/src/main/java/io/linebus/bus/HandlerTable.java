package io.linebus.bus;

import io.linebus.handlers.BaseHandler;
import io.linebus.handlers.HandlerRegistry;
import io.linebus.models.EventType;
import io.linebus.policies.ErrorPolicy;
import java.util.Arrays;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A bus's handlers: the {@link HandlerRegistry} for the public queries, plus per-type array
 * snapshots of {@link HandlerState}s, rebuilt on every (un)registration, so that dispatch looks
 * handlers up without locking or allocating.
 */
final class HandlerTable {
    private static final HandlerState[] NONE = new HandlerState[0];

    private final HandlerRegistry registry = new HandlerRegistry();
    private final Map<BaseHandler, HandlerState> states = new IdentityHashMap<>();
    private final ErrorPolicy errorPolicy;
    private final boolean uniqueNames;
    private volatile HandlerState[][] byType = emptySnapshot();
    private volatile HandlerState[] all = NONE;

    /**
     * @param uniqueNames whether names must be unique (they key journal checkpoints)
     */
    HandlerTable(ErrorPolicy errorPolicy, boolean uniqueNames) {
        this.errorPolicy = errorPolicy;
        this.uniqueNames = uniqueNames;
    }

    /**
     * Registers a handler, handing its new state to {@code beforeVisible} while no dispatch can see it yet.
     *
     * @return false when the handler was registered already
     * @throws IllegalArgumentException when names must be unique and this one is taken
     */
    synchronized boolean register(BaseHandler handler, Consumer<HandlerState> beforeVisible) {
        Objects.requireNonNull(handler, "handler");
        if (states.containsKey(handler)) {
            registry.register(handler); // logs the duplicate, changes nothing
            return false;
        }
        if (uniqueNames) {
            for (HandlerState existing : states.values()) {
                if (existing.name.equals(handler.name())) {
                    throw new IllegalArgumentException("Handler names must be unique when a journal is configured"
                            + " (they key the checkpoints): '" + handler.name() + "' is already registered");
                }
            }
        }
        HandlerState state = new HandlerState(handler, errorPolicy.circuitBreakerFor(handler.name()).orElse(null));
        beforeVisible.accept(state);
        registry.register(handler);
        states.put(handler, state);
        rebuild();
        return true;
    }

    /** The result of {@code action}, run while no handler can be registered or unregistered. */
    synchronized <T> T withRegistrationsHeld(Supplier<T> action) {
        return action.get();
    }

    /** @return false when the handler was not registered */
    synchronized boolean unregister(BaseHandler handler) {
        Objects.requireNonNull(handler, "handler");
        HandlerState removed = states.remove(handler);
        if (removed == null) {
            return false;
        }
        removed.registered = false;
        registry.unregister(handler);
        rebuild();
        return true;
    }

    /** The handlers for a type (typed and catch-all) in priority order. The array is shared: never modify it. */
    HandlerState[] forType(EventType type) {
        return byType[type.ordinal()];
    }

    /** A lookup for one dispatch thread: see {@link Lookup}. */
    Lookup newLookup() {
        return new Lookup();
    }

    /**
     * {@link #forType} for one dispatch thread, which takes the table's snapshot once per batch
     * ({@link #refresh}) and remembers its last answer: consecutive events are mostly of one type.
     * Following slot, type, ordinal and the volatile snapshot afresh for every event was a sizeable
     * share of a shard's cost per event ({@code StageCosts}; perf-results/README.md). Not
     * thread-safe.
     *
     * <p>Refreshed after the shard has seen its batch published, it misses no (un)registration that
     * happened before any event of the batch was published: those events are handled by the handlers
     * registered when their publisher published them, as with a lookup per event.
     */
    final class Lookup {
        private HandlerState[][] snapshot = byType;
        private EventType type;
        private HandlerState[] handlers;

        private Lookup() {
        }

        /** Takes the table as it is now; call at the start of each batch. */
        void refresh() {
            HandlerState[][] current = byType;
            if (current != snapshot) {
                snapshot = current;
                type = null;
            }
        }

        /** As {@link HandlerTable#forType}, in the table as of the last {@link #refresh}. */
        HandlerState[] forType(EventType type) {
            if (type != this.type) {
                this.type = type;
                handlers = snapshot[type.ordinal()];
            }
            return handlers;
        }
    }

    /** Every handler in priority order. The array is shared: never modify it. */
    HandlerState[] all() {
        return all;
    }

    /**
     * The registered handler with this name.
     *
     * @throws IllegalArgumentException when none is registered under it
     */
    HandlerState byName(String handlerName) {
        Objects.requireNonNull(handlerName, "handlerName");
        for (HandlerState state : all) {
            if (state.name.equals(handlerName)) {
                return state;
            }
        }
        throw new IllegalArgumentException("No handler named '" + handlerName + "' is registered");
    }

    List<BaseHandler> getHandlers(EventType type) {
        return registry.getHandlers(Objects.requireNonNull(type, "eventType"));
    }

    int size() {
        return registry.handlerCount();
    }

    private void rebuild() {
        HandlerState[][] snapshot = new HandlerState[EventType.values().length][];
        for (EventType type : EventType.values()) {
            BaseHandler[] handlers = registry.handlersFor(type);
            HandlerState[] forType = new HandlerState[handlers.length];
            for (int i = 0; i < forType.length; i++) {
                forType[i] = states.get(handlers[i]);
            }
            snapshot[type.ordinal()] = forType;
        }
        HandlerState[] sorted = states.values().toArray(NONE);
        Arrays.sort(sorted, Comparator.comparingInt(state -> state.handler.priority()));
        all = sorted;
        byType = snapshot;
    }

    private static HandlerState[][] emptySnapshot() {
        HandlerState[][] empty = new HandlerState[EventType.values().length][];
        Arrays.fill(empty, NONE);
        return empty;
    }
}
