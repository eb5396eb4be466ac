package io.linebus.handlers;

import io.linebus.models.Event;
import io.linebus.models.EventType;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The base type of every handler: it declares which event types it wants ({@link #eventTypes()}),
 * processes them ({@link #handle(Event)}) and carries a name, a priority and an on/off switch plus
 * lifecycle hooks.
 *
 * <p><b>Name.</b> A {@code null} or empty name falls back to the class's simple name. Anonymous
 * classes have no simple name; they fall back to their binary name without the package, e.g.
 * {@code OrderTest$1}, which stays readable and tells two anonymous handlers apart. With a journal,
 * names identify handler checkpoints and must then be unique.
 *
 * <p><b>Priority.</b> Lower values run earlier; the default is {@link #DEFAULT_PRIORITY}.
 *
 * <p><b>Event types (D16: one snapshot, used everywhere).</b> {@link #eventTypes()} is read once,
 * on first use, into an {@link EnumSet} snapshot ({@link #eventTypeSnapshot()}); duplicates
 * collapse. The registry index, {@link #canHandle(Event)}, {@link #toString()} and unregistration
 * all use that snapshot, so they can never disagree. An empty list means "every event" (a catch-all
 * handler).
 *
 * <p><b>Invocation.</b> {@link #handle(Event)} is the blocking primary contract;
 * {@link #handleAsync(Event)} adapts it for the async bus. {@link AsyncHandler} reverses the two
 * for non-blocking handlers, {@link SyncHandler} is a parity class for the Python name.
 *
 * <p>Equality is identity: the registry compares handlers by identity.
 */
public abstract class BaseHandler {
    /** Priority of handlers that do not give one; lower runs earlier. */
    public static final int DEFAULT_PRIORITY = 100;

    private final String name;
    private final int priority;
    private final Logger logger;
    private volatile boolean enabled;
    private volatile Set<EventType> typeSnapshot;

    /** A handler named after its class, with the default priority, enabled. */
    protected BaseHandler() {
        this(null, DEFAULT_PRIORITY, true);
    }

    /**
     * A handler with the default priority, enabled.
     *
     * @param name the handler's name; {@code null} or empty falls back to the class name
     */
    protected BaseHandler(String name) {
        this(name, DEFAULT_PRIORITY, true);
    }

    /**
     * @param name the handler's name; {@code null} or empty falls back to the class name
     * @param priority lower values run earlier
     * @param enabled whether the handler receives events from the start
     */
    protected BaseHandler(String name, int priority, boolean enabled) {
        this.name = name == null || name.isEmpty() ? className() : name;
        this.priority = priority;
        this.enabled = enabled;
        this.logger = LoggerFactory.getLogger(BaseHandler.class.getName() + "." + this.name);
    }

    /**
     * A handler that runs {@code action} for each event of {@code types}: the way to register a
     * lambda without writing a class. Its {@link #handle(Event)} returns {@code null}.
     *
     * <pre>{@code
     * bus.registerHandler(BaseHandler.of("mes-forwarder", List.of(EventType.TEST_RESULT), mes::send));
     * }</pre>
     *
     * @param name the handler's name (not blank)
     * @param types the event types it wants; empty means every event
     * @throws IllegalArgumentException for a blank name
     */
    public static BaseHandler of(String name, Collection<EventType> types, EventAction action) {
        return of(name, DEFAULT_PRIORITY, types, action);
    }

    /**
     * As {@link #of(String, Collection, EventAction)}, with a priority (lower runs earlier).
     *
     * @throws IllegalArgumentException for a blank name
     */
    public static BaseHandler of(String name, int priority, Collection<EventType> types, EventAction action) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        return new ActionHandler(name, priority, types, action);
    }

    public final String name() {
        return name;
    }

    /** Lower values run earlier. */
    public final int priority() {
        return priority;
    }

    /**
     * Whether the handler receives events. A disabled handler stays registered (it still counts
     * and is still listed) but {@link #canHandle(Event)} is false, retries included.
     */
    public final boolean enabled() {
        return enabled;
    }

    /** Switches the handler on or off; visible to every thread at once. */
    public final void setEnabled(boolean value) {
        enabled = value;
    }

    /**
     * The event types this handler wants; empty means every event. Read once (see the class
     * documentation, D16: one snapshot, used everywhere); must not return {@code null} or contain
     * {@code null}.
     */
    public abstract List<EventType> eventTypes();

    /**
     * Processes one event, on the calling thread.
     *
     * @return any result, or {@code null}; the buses discard it
     * @throws Exception the handler's failure, which goes to the bus's retry and error policy
     */
    public abstract Object handle(Event event) throws Exception;

    /**
     * Processes one event without blocking the caller when the handler can; the async bus calls
     * this. The default runs {@link #handle(Event)} on the calling thread and never throws: a
     * failure (any {@code Throwable} except a {@link VirtualMachineError}) becomes a failed stage.
     */
    public CompletionStage<Object> handleAsync(Event event) {
        try {
            return CompletableFuture.completedFuture(handle(event));
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (Throwable failure) {
            return CompletableFuture.failedFuture(failure);
        }
    }

    /**
     * Whether this handler should receive {@code event}: false when disabled, true for a catch-all
     * handler, otherwise true iff the event's type is in {@link #eventTypeSnapshot()}.
     */
    public boolean canHandle(Event event) {
        Objects.requireNonNull(event, "event");
        if (!enabled) {
            return false;
        }
        Set<EventType> types = eventTypeSnapshot();
        return types.isEmpty() || types.contains(event.eventType());
    }

    /**
     * The types of {@link #eventTypes()}, read on first use and kept: an unmodifiable, deduplicated
     * {@link EnumSet} view; empty means every event (D16: the snapshot the registry indexes).
     *
     * @throws IllegalStateException when {@link #eventTypes()} returns {@code null} or contains it
     */
    public final Set<EventType> eventTypeSnapshot() {
        Set<EventType> types = typeSnapshot;
        if (types == null) {
            // Racy single check: eventTypes() may run twice on first use, both reads give one answer.
            types = readEventTypes();
            typeSnapshot = types;
        }
        return types;
    }

    private Set<EventType> readEventTypes() {
        List<EventType> declared = eventTypes();
        if (declared == null) {
            throw new IllegalStateException("eventTypes() of handler " + name + " returned null");
        }
        EnumSet<EventType> types = EnumSet.noneOf(EventType.class);
        for (EventType type : declared) {
            if (type == null) {
                throw new IllegalStateException("eventTypes() of handler " + name + " contains null");
            }
            types.add(type);
        }
        return Collections.unmodifiableSet(types);
    }

    /** Called when the bus starts; the default logs at debug level. */
    public void onStart() throws Exception {
        logger.debug("Handler {} starting", name);
    }

    /** Called when the bus stops; the default logs at debug level. */
    public void onStop() throws Exception {
        logger.debug("Handler {} stopping", name);
    }

    /**
     * Called after this handler failed on {@code event}, before the retry or dead-letter decision.
     * The default logs the error with its stack trace. The buses contain exceptions thrown here
     * (D5: a throwing {@code onError} cannot break dispatch).
     */
    public void onError(Event event, Throwable error) {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(error, "error");
        logger.error("Handler {} error processing event {}: {}", name, event.id(), error.toString(), error);
    }

    /** The logger of this handler, {@code io.linebus.handlers.BaseHandler.<name>}. */
    protected final Logger logger() {
        return logger;
    }

    /**
     * {@code <ClassName>(name=<name>, types=[<type values>], enabled=<bool>)}; {@code types=invalid}
     * when {@link #eventTypes()} breaks its contract, so that log lines about the handler still work.
     */
    @Override
    public String toString() {
        String types;
        try {
            types = eventTypeSnapshot().toString();
        } catch (IllegalStateException invalid) {
            types = "invalid";
        }
        return className() + "(name=" + name + ", types=" + types + ", enabled=" + enabled + ")";
    }

    private String className() {
        Class<?> type = getClass();
        String simple = type.getSimpleName();
        if (!simple.isEmpty()) {
            return simple;
        }
        String binary = type.getName();
        return binary.substring(binary.lastIndexOf('.') + 1);
    }

    /** The handler behind {@link #of}. */
    private static final class ActionHandler extends BaseHandler {
        private final List<EventType> types;
        private final EventAction action;

        ActionHandler(String name, int priority, Collection<EventType> types, EventAction action) {
            super(name, priority, true);
            Objects.requireNonNull(types, "types");
            for (EventType type : types) {
                Objects.requireNonNull(type, "types contains null");
            }
            this.types = List.copyOf(types);
            this.action = Objects.requireNonNull(action, "action");
        }

        @Override
        public List<EventType> eventTypes() {
            return types;
        }

        @Override
        public Object handle(Event event) throws Exception {
            action.accept(event);
            return null;
        }
    }
}
