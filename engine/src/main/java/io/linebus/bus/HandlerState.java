package io.linebus.bus;

import io.linebus.handlers.BaseHandler;
import io.linebus.handlers.AsyncHandler;
import io.linebus.models.Event;
import io.linebus.policies.CircuitBreaker;

/**
 * What a bus keeps per registered handler: its breaker, how to call it, and its
 * {@link HandlerProgress} through the journal.
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
    /** How far it has come through the journal. */
    final HandlerProgress progress = new HandlerProgress();

    HandlerState(BaseHandler handler, CircuitBreaker breaker) {
        this.handler = handler;
        this.name = handler.name();
        // A handler with its own non-blocking handleAsync is called through it (see BaseHandler's
        // "Invocation").
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
}
