package io.linebus.bus;

import io.linebus.handlers.BaseHandler;
import io.linebus.models.Event;
import io.linebus.models.EventType;
import io.linebus.policies.DeadLetterQueue;
import io.linebus.policies.ErrorPolicy;
import io.linebus.telemetry.EventMetrics;
import io.linebus.transports.BaseTransport;
import io.linebus.transports.EventPublisher;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both buses share: their handlers, transports, callbacks, error policy, metrics and
 * lifecycle, and how these are registered. The buses differ in how they dispatch.
 */
abstract class BusBase implements EventPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(BusBase.class);

    final String name;
    final ErrorPolicy errorPolicy;
    final EventMetrics metrics;
    final HandlerTable handlers;
    final BusCallbacks callbacks = new BusCallbacks();
    final List<BaseTransport> transports = new CopyOnWriteArrayList<>();
    final BusLifecycle lifecycle;

    /**
     * @param errorPolicy null for a default policy with an in-memory dead letter queue
     * @param metrics null for new metrics
     * @param uniqueHandlerNames whether handler names must be unique (they key journal checkpoints)
     */
    BusBase(String name, ErrorPolicy errorPolicy, EventMetrics metrics, boolean uniqueHandlerNames) {
        this.name = name;
        this.errorPolicy = errorPolicy != null ? errorPolicy : new ErrorPolicy();
        this.metrics = metrics != null ? metrics : new EventMetrics();
        this.handlers = new HandlerTable(this.errorPolicy, uniqueHandlerNames);
        this.lifecycle = new BusLifecycle(name);
    }

    /** True while the bus runs. */
    public abstract boolean isRunning();

    @Override
    public String name() {
        return name;
    }

    public int handlerCount() {
        return handlers.size();
    }

    public int transportCount() {
        return transports.size();
    }

    /** Where this bus records its metrics. */
    public EventMetrics metrics() {
        return metrics;
    }

    /** The error policy in force (a default one when none was given). */
    public ErrorPolicy errorPolicy() {
        return errorPolicy;
    }

    /** Where events that failed for good end up. */
    public DeadLetterQueue deadLetterQueue() {
        return errorPolicy.deadLetterQueue();
    }

    /**
     * Registers a handler; it sees events dispatched from now on ({@code onStart} is not called for a
     * handler registered while the bus runs). Registering the same handler twice changes nothing.
     *
     * @throws IllegalArgumentException when handler names must be unique (a journal is configured) and
     *     the name is taken
     */
    public void registerHandler(BaseHandler handler) {
        if (handlers.register(handler, this::registering)) {
            LOG.info("Bus {}: registered handler {}", name, handler.name());
        }
    }

    /** Prepares a newly registered handler's state before any dispatch can see it (nothing by default). */
    void registering(HandlerState handler) {
    }

    /** Unregisters a handler; its pending retries are dead-lettered. Returns false when it was not registered. */
    public boolean unregisterHandler(BaseHandler handler) {
        boolean removed = handlers.unregister(handler);
        if (removed) {
            LOG.info("Bus {}: unregistered handler {}", name, handler.name());
        }
        return removed;
    }

    /** The handlers indexed for this type plus the catch-all ones, in priority order (disabled ones included). */
    public List<BaseHandler> getHandlers(EventType eventType) {
        return handlers.getHandlers(eventType);
    }

    /**
     * Registers a transport and attaches it to this bus; a transport registered while the bus runs is
     * started at once (D19: the same on both buses; its exception propagates, and it stays registered).
     * One registered while {@code start()} runs on another thread waits for it, and is started then.
     */
    public void registerTransport(BaseTransport transport) throws Exception {
        Objects.requireNonNull(transport, "transport");
        synchronized (lifecycle.lock()) {
            transport.attach(this);
            transports.add(transport);
            LOG.info("Bus {}: registered transport {}", name, transport.name());
            if (isRunning()) {
                transport.start();
            }
        }
    }

    /**
     * Stops (when the bus runs) and removes a transport; false when it was not registered. When its stop
     * throws, the exception propagates and the transport stays registered.
     */
    public boolean unregisterTransport(BaseTransport transport) throws Exception {
        Objects.requireNonNull(transport, "transport");
        synchronized (lifecycle.lock()) {
            if (!transports.contains(transport)) {
                return false;
            }
            if (isRunning()) {
                transport.stop();
            }
            transports.remove(transport);
            transport.attach(null);
        }
        LOG.info("Bus {}: unregistered transport {}", name, transport.name());
        return true;
    }

    /**
     * Adds a callback that sees every newly published event before its handlers, on the thread that
     * dispatches it (also when no handler matches; not for retries or recovery). Exceptions are logged
     * and contained.
     */
    public void onEvent(Consumer<Event> callback) {
        callbacks.addEventCallback(callback);
    }

    /** Adds a callback that sees every failed handler call (each attempt). Exceptions are logged and contained. */
    public void onError(BiConsumer<Event, Throwable> callback) {
        callbacks.addErrorCallback(callback);
    }
}
