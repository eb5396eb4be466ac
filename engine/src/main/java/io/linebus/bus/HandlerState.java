package io.linebus.bus;

import io.linebus.handlers.BaseHandler;
import io.linebus.handlers.AsyncHandler;
import io.linebus.models.Event;
import io.linebus.policies.CircuitBreaker;
import java.util.TreeMap;

/**
 * What the {@link AsyncEventBus} keeps per registered handler: its breaker, how to call it, and
 * the journal indices it has not completed yet (for its checkpoint).
 */
final class HandlerState {
    final BaseHandler handler;
    final String name;
    final boolean async;
    final CircuitBreaker breaker;
    /** Its {@code canHandle} is {@link BaseHandler}'s own: enabled, and of one of its types. */
    private final boolean baseCanHandle;

    /** Cleared on unregistration, so that a pending retry for it is dead-lettered instead of run. */
    volatile boolean registered = true;
    /** Journal events with an index above this are replayed to the handler on start. */
    volatile long recoveryCheckpoint = EventJournal.NO_INDEX;
    long savedCheckpoint = EventJournal.NO_INDEX;
    /** Journal indices with a retry or an asynchronous call in flight, with their counts. */
    private final TreeMap<Long, Integer> outstanding = new TreeMap<>();

    HandlerState(BaseHandler handler, CircuitBreaker breaker) {
        this.handler = handler;
        this.name = handler.name();
        // A handler with its own non-blocking handleAsync is called through it (spec §0.7).
        this.async = handler instanceof AsyncHandler || overrides(handler, "handleAsync");
        this.breaker = breaker;
        this.baseCanHandle = !overrides(handler, "canHandle");
    }

    private static boolean overrides(BaseHandler handler, String method) {
        try {
            return handler.getClass().getMethod(method, Event.class).getDeclaringClass() != BaseHandler.class;
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("BaseHandler." + method + "(Event) not found", e);
        }
    }

    /** Whether the handler takes this event (enabled, filters); may throw what a filter throws. */
    boolean accepts(Event event) {
        return handler.canHandle(event);
    }

    /**
     * As {@link #accepts}, for an event whose type the handler is registered for (the bus's per-type
     * table guarantees it): with {@link BaseHandler}'s own {@code canHandle}, being enabled is all
     * that is left to check.
     */
    boolean acceptsOfItsType(Event event) {
        return baseCanHandle ? handler.enabled() : handler.canHandle(event);
    }

    synchronized void track(long journalIndex) {
        if (journalIndex != EventJournal.NO_INDEX) {
            outstanding.merge(journalIndex, 1, Integer::sum);
        }
    }

    synchronized void untrack(long journalIndex) {
        if (journalIndex != EventJournal.NO_INDEX) {
            outstanding.computeIfPresent(journalIndex, (index, count) -> count == 1 ? null : count - 1);
        }
    }

    /** The highest index such that this handler has completed every event up to it. */
    synchronized long completedUpTo(long lastReleasedIndex) {
        if (outstanding.isEmpty()) {
            return lastReleasedIndex;
        }
        return Math.min(lastReleasedIndex, outstanding.firstKey() - 1);
    }
}
