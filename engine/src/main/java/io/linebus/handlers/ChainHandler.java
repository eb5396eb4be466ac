package io.linebus.handlers;

import io.linebus.models.Event;
import io.linebus.models.EventType;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Runs a {@link HandlerChain} as a handler (D24: a chain the buses can run): registered with a bus
 * like any handler, it passes each event through the chain's middlewares into a terminal, and
 * reports the terminal's result, or any middleware's or the terminal's exception (a
 * {@link ValidationException} included) as its failure, so the bus retries or dead-letters it.
 *
 * <p>The chain is used live: middlewares added to it later apply to later events.
 *
 * <p>With a terminal {@link BaseHandler} (which is then not registered itself), the chain handler
 * takes over the terminal's event types, priority and {@link BaseHandler#canHandle(Event)}
 * (so a {@link FilteringHandler}'s filters still apply, and disabling either one stops
 * delivery), and forwards {@code onStart}, {@code onStop} and {@code onError} to it. The
 * terminal's {@code handle} runs on the calling thread; an {@link AsyncHandler} terminal is
 * waited for.
 */
public final class ChainHandler extends BaseHandler {
    private final HandlerChain chain;
    private final BaseHandler terminalHandler;
    private final NextHandler terminal;
    private final List<EventType> types;

    /**
     * A handler that runs {@code chain} into {@code terminal}.
     *
     * @param name the handler's name; {@code null} or empty takes the terminal's name
     */
    public ChainHandler(String name, HandlerChain chain, BaseHandler terminal) {
        super(name == null || name.isEmpty() ? Objects.requireNonNull(terminal, "terminal").name() : name,
                Objects.requireNonNull(terminal, "terminal").priority(), true);
        this.chain = Objects.requireNonNull(chain, "chain");
        this.terminalHandler = terminal;
        this.terminal = terminal::handle;
        this.types = List.copyOf(terminal.eventTypeSnapshot());
    }

    /**
     * A handler that runs {@code chain} into a plain function.
     *
     * @param name the handler's name; {@code null} or empty falls back to {@code ChainHandler}
     * @param priority lower runs earlier
     * @param types the event types it wants; empty means every event
     */
    public ChainHandler(String name, int priority, Collection<EventType> types, HandlerChain chain,
            NextHandler terminal) {
        super(name, priority, true);
        Objects.requireNonNull(types, "types");
        for (EventType type : types) {
            Objects.requireNonNull(type, "types contains null");
        }
        this.types = List.copyOf(types);
        this.chain = Objects.requireNonNull(chain, "chain");
        this.terminal = Objects.requireNonNull(terminal, "terminal");
        this.terminalHandler = null;
    }

    public HandlerChain chain() {
        return chain;
    }

    @Override
    public List<EventType> eventTypes() {
        return types;
    }

    /** The base rules, then (with a terminal handler) the terminal's own {@code canHandle}. */
    @Override
    public boolean canHandle(Event event) {
        return super.canHandle(event) && (terminalHandler == null || terminalHandler.canHandle(event));
    }

    /** Runs the chain into the terminal and returns its result (or a middleware's own). */
    @Override
    public Object handle(Event event) throws Exception {
        return chain.execute(event, terminal);
    }

    @Override
    public void onStart() throws Exception {
        if (terminalHandler == null) {
            super.onStart();
        } else {
            terminalHandler.onStart();
        }
    }

    @Override
    public void onStop() throws Exception {
        if (terminalHandler == null) {
            super.onStop();
        } else {
            terminalHandler.onStop();
        }
    }

    @Override
    public void onError(Event event, Throwable error) {
        if (terminalHandler == null) {
            super.onError(event, error);
        } else {
            terminalHandler.onError(event, error);
        }
    }
}
