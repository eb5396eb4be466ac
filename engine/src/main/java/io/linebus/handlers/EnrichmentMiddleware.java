package io.linebus.handlers;

import io.linebus.models.Event;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Replaces the event by an enriched version (events are immutable: the enricher returns a new
 * one, e.g. built with {@link Event#builder}) before passing it to the rest of the chain.
 * Exceptions thrown by the enricher propagate.
 */
public final class EnrichmentMiddleware extends ChainMiddleware {
    private final UnaryOperator<Event> enricher;

    public EnrichmentMiddleware(UnaryOperator<Event> enricher) {
        this.enricher = Objects.requireNonNull(enricher, "enricher");
    }

    public UnaryOperator<Event> enricher() {
        return enricher;
    }

    /**
     * Passes {@code enricher.apply(event)} on and returns what the rest of the chain returns.
     *
     * @throws IllegalStateException when the enricher returns {@code null}
     */
    @Override
    public Object process(Event event, NextHandler next) throws Exception {
        Event enriched = enricher.apply(event);
        if (enriched == null) {
            throw new IllegalStateException("Enricher returned null for event " + event.id());
        }
        return next.handle(enriched);
    }
}
