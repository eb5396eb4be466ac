package io.linebus.transports;

import io.linebus.lifecycle.LifecycleComponent;
import io.linebus.models.Event;
import io.linebus.models.EventType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base of protocol adapters (IPC-CFX over AMQP, MQTT, files, ...): a connection state machine that
 * announces its changes as system events, and the hand-off of converted events to the bus the
 * transport is registered with.
 *
 * <p>State machine (D18: every transition away from {@code CONNECTED} is announced): entering
 * {@link TransportState#CONNECTED} publishes {@link EventType#TRANSPORT_CONNECTED}; leaving it, for
 * any state, publishes {@link EventType#TRANSPORT_DISCONNECTED}; {@link #notifyError(Throwable)}
 * publishes {@link EventType#TRANSPORT_ERROR}. Each payload names the transport; the source is its
 * name.
 *
 * <p>{@link #publishEvent(Event)} and {@link #publishMessage} are thread-safe: a client library's
 * callback thread may call them. {@code publishEvent} returns once the bus has taken the event (the
 * synchronous bus: once handled), which is not yet safe from a crash; a source that acknowledges a
 * broker does so from {@link #publishMessage}'s {@link Acknowledgement}, which says when it is.
 */
public abstract class BaseTransport implements LifecycleComponent {
    public static final String DEFAULT_NAME = "transport";

    private final String name;
    private final Logger log;
    private volatile TransportState state = TransportState.DISCONNECTED;
    private volatile EventPublisher bus;
    private final List<Runnable> connectCallbacks = new CopyOnWriteArrayList<>();
    private final List<Runnable> disconnectCallbacks = new CopyOnWriteArrayList<>();
    private final List<Consumer<Throwable>> errorCallbacks = new CopyOnWriteArrayList<>();

    protected BaseTransport() {
        this(DEFAULT_NAME);
    }

    protected BaseTransport(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("Transport name must not be blank");
        }
        this.name = name;
        this.log = LoggerFactory.getLogger(BaseTransport.class.getName() + "." + name);
    }

    public String name() {
        return name;
    }

    public TransportState state() {
        return state;
    }

    public boolean isConnected() {
        return state == TransportState.CONNECTED;
    }

    /** Attaches the bus this transport publishes into (done by the bus's {@code registerTransport}); null detaches. */
    public void attach(EventPublisher publisher) {
        this.bus = publisher;
    }

    /** The bus this transport publishes into, or null when detached. */
    protected EventPublisher bus() {
        return bus;
    }

    /** Connects and starts receiving. */
    @Override
    public abstract void start() throws Exception;

    /** Stops receiving and disconnects. */
    @Override
    public abstract void stop() throws Exception;

    /**
     * Hands an event to the attached bus: the synchronous bus handles it on this thread; the asynchronous
     * bus takes it into its ring (waiting for room when full).
     *
     * @throws IllegalStateException when no bus is attached (the event is not delivered, and the caller
     *     must not acknowledge it), or when the bus refuses it (stopped)
     */
    public void publishEvent(Event event) {
        Objects.requireNonNull(event, "event");
        attachedBus(event).publish(event);
    }

    /**
     * Hands the events of one message to the attached bus, which reports through
     * {@code acknowledgement}, exactly once, when they are safe or that it refused them: a source
     * acknowledges its broker from there, never before (see {@link Acknowledgement}).
     *
     * @throws IllegalStateException when no bus is attached (the acknowledgement is not called)
     */
    public void publishMessage(List<Event> events, Acknowledgement acknowledgement) {
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(acknowledgement, "acknowledgement");
        attachedBus(events.isEmpty() ? null : events.get(0)).publish(events, acknowledgement);
    }

    private EventPublisher attachedBus(Event event) {
        EventPublisher attached = bus;
        if (attached == null) {
            throw new IllegalStateException("Transport '" + name + "' is not attached to an event bus; event "
                    + (event == null ? "" : event.id() + " ") + "not delivered");
        }
        return attached;
    }

    /** {@link #publishEvent(Event)} as a stage that fails with the same exceptions. */
    public CompletionStage<Void> publishEventAsync(Event event) {
        try {
            publishEvent(event);
            return CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Whether a bus is attached. */
    public boolean isAttached() {
        return bus != null;
    }

    /**
     * The only way subclasses change state: entering CONNECTED announces a connection, leaving it
     * announces a disconnection.
     */
    protected void setState(TransportState newState) {
        Objects.requireNonNull(newState, "newState");
        TransportState old = state;
        state = newState;
        log.debug("State changed: {} -> {}", old.value(), newState.value());
        if (newState == TransportState.CONNECTED && old != TransportState.CONNECTED) {
            notifyConnect();
        } else if (old == TransportState.CONNECTED && newState != TransportState.CONNECTED) {
            notifyDisconnect();
        }
    }

    protected void notifyConnect() {
        log.info("Transport {} connected", name);
        publishSystemEvent(EventType.TRANSPORT_CONNECTED, Map.of("transport", name));
        runGuarded(connectCallbacks, "connect");
    }

    protected void notifyDisconnect() {
        log.info("Transport {} disconnected", name);
        publishSystemEvent(EventType.TRANSPORT_DISCONNECTED, Map.of("transport", name));
        runGuarded(disconnectCallbacks, "disconnect");
    }

    /** Announces an error: a {@code TRANSPORT_ERROR} event, then the error callbacks. */
    protected void notifyError(Throwable error) {
        Objects.requireNonNull(error, "error");
        log.error("Transport {} error: {}", name, error.toString());
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("transport", name);
        payload.put("error_type", error.getClass().getSimpleName());
        payload.put("error_message", Objects.requireNonNullElse(error.getMessage(), ""));
        publishSystemEvent(EventType.TRANSPORT_ERROR, payload);
        for (Consumer<Throwable> callback : errorCallbacks) {
            try {
                callback.accept(error);
            } catch (RuntimeException e) {
                log.warn("Transport {} error callback failed", name, e);
            }
        }
    }

    /** System events report on the transport; without a bus, or on a stopped one, they are only logged. */
    private void publishSystemEvent(EventType type, Map<String, ?> payload) {
        if (!isAttached()) {
            log.debug("Transport {} has no bus; {} not published", name, type);
            return;
        }
        try {
            publishEvent(Event.create(type, payload, name));
        } catch (RuntimeException e) {
            log.warn("Transport {} could not publish {}: {}", name, type, e.getMessage());
        }
    }

    private void runGuarded(List<Runnable> callbacks, String kind) {
        for (Runnable callback : callbacks) {
            try {
                callback.run();
            } catch (RuntimeException e) {
                log.warn("Transport {} {} callback failed", name, kind, e);
            }
        }
    }

    public void onConnect(Runnable callback) {
        connectCallbacks.add(Objects.requireNonNull(callback, "callback"));
    }

    public void onDisconnect(Runnable callback) {
        disconnectCallbacks.add(Objects.requireNonNull(callback, "callback"));
    }

    public void onError(Consumer<Throwable> callback) {
        errorCallbacks.add(Objects.requireNonNull(callback, "callback"));
    }

    /** The topics or subjects this transport receives from; none by default. */
    public List<String> getSubscribedTopics() {
        return List.of();
    }

    /** {@code name}, {@code state}, {@code is_connected}. */
    public Map<String, Object> getStats() {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("name", name);
        stats.put("state", state.value());
        stats.put("is_connected", isConnected());
        return stats;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(name=" + name + ", state=" + state.value() + ")";
    }
}
