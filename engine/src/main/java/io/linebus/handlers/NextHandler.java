package io.linebus.handlers;

import io.linebus.models.Event;

/** The rest of a {@link HandlerChain}, as seen by one {@link ChainMiddleware}. */
@FunctionalInterface
public interface NextHandler {
    /**
     * Runs the rest of the chain on {@code event}.
     *
     * @return what the rest of the chain returned, possibly {@code null}
     */
    Object handle(Event event) throws Exception;
}
