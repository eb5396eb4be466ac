package io.linebus.testing;

import io.linebus.handlers.BaseHandler;
import io.linebus.models.Event;
import io.linebus.models.EventType;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A handler for tests: records every call (attempts included) and every success, and fails on
 * demand: always, the first time it sees an event, or when a {@link Behavior} says so.
 */
public class RecordingHandler extends BaseHandler {
    /** What the handler does for an event, after recording the call; may throw. */
    @FunctionalInterface
    public interface Behavior {
        void apply(Event event) throws Exception;
    }

    private final List<EventType> types;
    private final List<Event> calls = new CopyOnWriteArrayList<>();
    private final List<Event> handled = new CopyOnWriteArrayList<>();
    private final List<String> callThreads = new CopyOnWriteArrayList<>();
    private final Set<String> seenOnce = ConcurrentHashMap.newKeySet();
    private final AtomicInteger starts = new AtomicInteger();
    private final AtomicInteger stops = new AtomicInteger();
    private volatile Behavior behavior = event -> { };
    private volatile boolean failFirstAttempt;

    public RecordingHandler(String name, EventType... types) {
        this(name, DEFAULT_PRIORITY, types);
    }

    public RecordingHandler(String name, int priority, EventType... types) {
        super(name, priority, true);
        this.types = List.of(types);
    }

    /** Runs {@code behavior} on every call (after recording it). */
    public RecordingHandler behave(Behavior behavior) {
        this.behavior = behavior;
        return this;
    }

    /** Fails every call with an {@link IllegalStateException}. */
    public RecordingHandler failAlways() {
        return behave(event -> {
            throw new IllegalStateException(name() + " always fails");
        });
    }

    /** Fails the first attempt at each event id, succeeds afterwards. */
    public RecordingHandler failFirstAttempt() {
        this.failFirstAttempt = true;
        return this;
    }

    @Override
    public List<EventType> eventTypes() {
        return types;
    }

    @Override
    public Object handle(Event event) throws Exception {
        calls.add(event);
        callThreads.add(Thread.currentThread().getName());
        if (failFirstAttempt && seenOnce.add(event.id())) {
            throw new IllegalStateException(name() + " fails the first attempt at " + event.id());
        }
        behavior.apply(event);
        handled.add(event);
        return null;
    }

    @Override
    public void onStart() {
        starts.incrementAndGet();
    }

    @Override
    public void onStop() {
        stops.incrementAndGet();
    }

    /** Every call, attempts included, in call order. */
    public List<Event> calls() {
        return List.copyOf(calls);
    }

    /** The events handled successfully, in order. */
    public List<Event> handled() {
        return List.copyOf(handled);
    }

    public int handledCount() {
        return handled.size();
    }

    public List<String> callThreads() {
        return List.copyOf(callThreads);
    }

    public int starts() {
        return starts.get();
    }

    public int stops() {
        return stops.get();
    }
}
