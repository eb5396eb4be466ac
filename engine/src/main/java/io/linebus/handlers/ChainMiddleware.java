package io.linebus.handlers;

import io.linebus.models.Event;

/**
 * One link of a {@link HandlerChain}: it receives the event and the rest of the chain, and may
 * pass the event on (possibly replaced), return a result of its own, or stop the chain by not
 * calling {@code next}. Implementations must be safe for concurrent use: one chain may run on
 * several threads at once.
 */
public abstract class ChainMiddleware {
    /**
     * Processes {@code event}. The default passes it on unchanged and returns what the rest of the
     * chain returns.
     */
    public Object process(Event event, NextHandler next) throws Exception {
        return next.handle(event);
    }
}
