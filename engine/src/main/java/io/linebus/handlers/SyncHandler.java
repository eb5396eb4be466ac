package io.linebus.handlers;

import io.linebus.models.Event;

/**
 * A handler whose logic is plain blocking code, named as in Python. Since
 * {@link BaseHandler#handle(Event)} is already synchronous, this only renames the method to
 * implement: {@link #handleSync(Event)}. On the async bus it runs on a dispatch thread and holds
 * that thread while it runs (D7: which threads call handlers is documented); use
 * {@link AsyncHandler} for non-blocking I/O.
 */
public abstract class SyncHandler extends BaseHandler {
    protected SyncHandler() {
        super();
    }

    protected SyncHandler(String name) {
        super(name);
    }

    protected SyncHandler(String name, int priority, boolean enabled) {
        super(name, priority, enabled);
    }

    /**
     * Processes one event on the calling thread.
     *
     * @return any result, or {@code null}
     */
    public abstract Object handleSync(Event event) throws Exception;

    @Override
    public final Object handle(Event event) throws Exception {
        return handleSync(event);
    }
}
