package io.linebus.transports;

import io.linebus.models.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A transport driven by the test: it connects when started, and events "arrive" when the test
 * injects them. Failures, disconnections and errors can be simulated.
 *
 * <p>Unlike pyWATS' mock (D18: transport plumbing), {@link #start()} on a connected mock changes
 * nothing, and an event counts as published only once a bus has taken it: {@link #injectedEvents()}
 * lists every event injected, {@link #publishedEvents()} only those delivered.
 */
public class MockTransport extends BaseTransport {
    private static final Logger LOG = LoggerFactory.getLogger(MockTransport.class);
    public static final String DEFAULT_NAME = "mock";

    private final boolean autoConnect;
    private final List<Event> injected = new ArrayList<>();
    private final List<Event> published = new ArrayList<>();
    private volatile boolean failOnStart;
    private volatile boolean failOnInject;
    private volatile Duration injectDelay = Duration.ZERO;

    public MockTransport() {
        this(DEFAULT_NAME, true);
    }

    public MockTransport(String name) {
        this(name, true);
    }

    /**
     * @param autoConnect whether {@link #start()} connects (else it stays {@code CONNECTING})
     */
    public MockTransport(String name, boolean autoConnect) {
        super(name);
        this.autoConnect = autoConnect;
    }

    /** A copy of every event injected, in order. */
    public synchronized List<Event> injectedEvents() {
        return List.copyOf(injected);
    }

    /** A copy of the injected events a bus has taken, in order. */
    public synchronized List<Event> publishedEvents() {
        return List.copyOf(published);
    }

    /** The number of events a bus has taken. */
    public synchronized int eventCount() {
        return published.size();
    }

    /**
     * Connects (when auto-connect is on). Does nothing when already connected.
     *
     * @throws TransportException when configured to fail; the state is then {@code ERROR}
     */
    @Override
    public void start() {
        LOG.info("Mock transport {} starting", name());
        if (failOnStart) {
            setState(TransportState.ERROR);
            throw new TransportException("Mock transport configured to fail");
        }
        if (isConnected()) {
            return;
        }
        setState(TransportState.CONNECTING);
        if (autoConnect) {
            setState(TransportState.CONNECTED);
        }
    }

    @Override
    public void stop() {
        LOG.info("Mock transport {} stopping", name());
        setState(TransportState.DISCONNECTED);
    }

    /**
     * Delivers an event as if it had arrived: recorded as injected, then published to the bus.
     *
     * @throws IllegalStateException when configured to fail on inject, when not connected, or when no
     *     bus takes the event
     */
    public void injectEvent(Event event) {
        Objects.requireNonNull(event, "event");
        if (failOnInject) {
            throw new IllegalStateException("Mock transport configured to fail on inject");
        }
        if (!isConnected()) {
            throw new IllegalStateException("Transport not connected");
        }
        synchronized (this) {
            injected.add(event);
        }
        publishEvent(event);
        synchronized (this) {
            published.add(event);
        }
    }

    /** {@link #injectEvent(Event)} after the configured inject delay, off the caller's thread. */
    public CompletionStage<Void> injectEventAsync(Event event) {
        Objects.requireNonNull(event, "event");
        long delayNanos = injectDelay.toNanos();
        return CompletableFuture.runAsync(() -> injectEvent(event),
                CompletableFuture.delayedExecutor(delayNanos, TimeUnit.NANOSECONDS));
    }

    /** Injects each event in order; stops at the first failure (earlier ones stay injected). */
    public void injectEvents(List<Event> events) {
        Objects.requireNonNull(events, "events");
        for (Event event : events) {
            injectEvent(event);
        }
    }

    /** Sets both failure switches (an omitted one is reset, as in pyWATS). */
    public void configureFailure(boolean failOnStart, boolean failOnInject) {
        this.failOnStart = failOnStart;
        this.failOnInject = failOnInject;
    }

    /** The delay {@link #injectEventAsync(Event)} waits before injecting. */
    public void setInjectDelay(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("Inject delay must not be negative, got " + delay);
        }
        this.injectDelay = delay;
    }

    /** Drops the connection (announced) when connected. */
    public void simulateDisconnect() {
        if (isConnected()) {
            setState(TransportState.DISCONNECTED);
        }
    }

    /** Reconnects (announced) when not connected, also after {@link #stop()}. */
    public void simulateReconnect() {
        if (!isConnected()) {
            setState(TransportState.RECONNECTING);
            setState(TransportState.CONNECTED);
        }
    }

    /** Goes to {@code ERROR} (announcing the disconnection when it was connected), then announces the error. */
    public void simulateError(Throwable error) {
        Objects.requireNonNull(error, "error");
        setState(TransportState.ERROR);
        notifyError(error);
    }

    /** Forgets the recorded events. */
    public synchronized void clear() {
        injected.clear();
        published.clear();
    }

    /** Forgets the recorded events, resets the failure switches and delay, and disconnects. */
    public void reset() {
        clear();
        configureFailure(false, false);
        injectDelay = Duration.ZERO;
        setState(TransportState.DISCONNECTED);
    }

    /** The base stats plus {@code injected_count} and {@code published_count}. */
    @Override
    public synchronized Map<String, Object> getStats() {
        Map<String, Object> stats = super.getStats();
        stats.put("injected_count", injected.size());
        stats.put("published_count", published.size());
        return stats;
    }

    @Override
    public synchronized String toString() {
        return "MockTransport(name=" + name() + ", state=" + state().value() + ", events=" + published.size() + ")";
    }
}
