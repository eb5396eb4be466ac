package io.linebus.handlers;

import io.linebus.models.Event;
import java.util.Arrays;
import java.util.Objects;

/**
 * An ordered middleware pipeline: the first middleware added runs first and wraps the ones added
 * after it. A middleware that does not call its {@code next} stops the chain there.
 *
 * <p>The chain on its own ends in a terminal that returns {@code null}, so its result is
 * {@code null} unless a middleware returns something. To end it in a real handler, use
 * {@link #execute(Event, NextHandler)} or run it as a handler with {@link ChainHandler} (D24: a
 * chain the buses can run).
 *
 * <p>Safe for concurrent use: middlewares may be added or cleared while the chain runs; each run
 * uses the middlewares present when it began.
 */
public final class HandlerChain {
    private static final ChainMiddleware[] EMPTY = new ChainMiddleware[0];
    private static final NextHandler NULL_TERMINAL = event -> null;

    private volatile ChainMiddleware[] middlewares = EMPTY;

    /**
     * Appends a middleware; it runs after the ones added before it.
     *
     * @return this chain, for chaining
     */
    public HandlerChain add(ChainMiddleware middleware) {
        Objects.requireNonNull(middleware, "middleware");
        synchronized (this) {
            ChainMiddleware[] grown = Arrays.copyOf(middlewares, middlewares.length + 1);
            grown[grown.length - 1] = middleware;
            middlewares = grown;
        }
        return this;
    }

    /**
     * Runs the chain on {@code event}.
     *
     * @return what the first middleware returned; {@code null} for an empty chain
     * @throws Exception whatever a middleware throws (including a {@link ValidationException})
     */
    public Object execute(Event event) throws Exception {
        return execute(event, NULL_TERMINAL);
    }

    /**
     * Runs the chain on {@code event} with {@code terminal} as the innermost "next": the terminal
     * receives the event as the last middleware passed it on, and its result travels back out
     * through the middlewares. An empty chain calls the terminal directly.
     *
     * @throws Exception whatever a middleware or the terminal throws
     */
    public Object execute(Event event, NextHandler terminal) throws Exception {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(terminal, "terminal");
        return proceed(middlewares, 0, event, terminal);
    }

    private static Object proceed(ChainMiddleware[] chain, int index, Event event, NextHandler terminal)
            throws Exception {
        if (index == chain.length) {
            return terminal.handle(event);
        }
        return chain[index].process(event, next -> proceed(chain, index + 1,
                Objects.requireNonNull(next, "event passed to next"), terminal));
    }

    /** Removes every middleware. */
    public synchronized void clear() {
        middlewares = EMPTY;
    }

    /** The number of middlewares. */
    public int size() {
        return middlewares.length;
    }

    /** {@code HandlerChain(middlewares=<n>)}. */
    @Override
    public String toString() {
        return "HandlerChain(middlewares=" + middlewares.length + ")";
    }
}
