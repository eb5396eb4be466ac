package io.linebus.policies;

import io.linebus.models.Event;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * What happens to an event that failed for good: it is dead-lettered with the handler's name,
 * counted against that handler's circuit breaker, and reported to the failure callbacks.
 *
 * <p><b>Circuit breakers.</b> The breaker given to the constructor is a template: each handler
 * name gets its own breaker with the template's settings ({@link #circuitBreakerFor(String)}),
 * created on first use and kept, so one failing handler never blocks the others (D4: one breaker
 * per handler). The buses ask {@link #canProcess(String)} before running a handler, report
 * {@link #recordSuccess(String)} and {@link #handleFailure(Event, Throwable, String)}, and
 * dead-letter what a handler skipped with {@link #handleCircuitOpen(Event, String)}. Calls that
 * name no handler ({@link #canProcess()}, {@link #recordSuccess()},
 * {@link #handleFailure(Event, Throwable)}) use the given breaker itself, as Python's single shared
 * breaker.
 *
 * <p><b>Logging.</b> This policy is the one place a dead letter is reported at WARN or ERROR (the
 * queues log each entry at DEBUG only, and summarize their evictions the same way), through one
 * {@link DeadLetterLog}: the first dead letter after a quiet period gets a line of its own (ERROR with
 * the stack trace for a handler's failure, WARN without for the others), and those that follow within
 * its window (10 s by default) are counted and reported in one summary line per window, per handler
 * and error type. A failure storm thus costs the dispatch thread a line per window instead of a stack
 * trace per event. The last counts of a storm show with the next dead letter, or on
 * {@link #flushLog()}.
 *
 * <p>Safe for concurrent use.
 */
public final class ErrorPolicy {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorPolicy.class);

    private final DeadLetterQueue deadLetterQueue;
    private final CircuitBreaker breakerTemplate;
    private final Map<String, CircuitBreaker> handlerBreakers = new ConcurrentHashMap<>();
    private final List<BiConsumer<Event, Throwable>> failureCallbacks = new CopyOnWriteArrayList<>();
    private final DeadLetterLog deadLetterLog;

    /** A policy with a new {@link InMemoryDeadLetterQueue} and no circuit breaker. */
    public ErrorPolicy() {
        this(null, null);
    }

    /**
     * A policy without circuit breaker.
     *
     * @param deadLetterQueue the queue to use (even when empty, D3: a caller's empty queue is
     *     kept), or null for a new {@link InMemoryDeadLetterQueue}
     */
    public ErrorPolicy(DeadLetterQueue deadLetterQueue) {
        this(deadLetterQueue, null);
    }

    /**
     * @param deadLetterQueue the queue to use (even when empty, D3: a caller's empty queue is
     *     kept), or null for a new {@link InMemoryDeadLetterQueue}
     * @param breakerTemplate the settings of the per-handler breakers (and the breaker for calls
     *     that name no handler), or null for none
     */
    public ErrorPolicy(DeadLetterQueue deadLetterQueue, CircuitBreaker breakerTemplate) {
        this(deadLetterQueue, breakerTemplate, DeadLetterLog.DEFAULT_WINDOW, System::nanoTime);
    }

    /**
     * As {@link #ErrorPolicy(DeadLetterQueue, CircuitBreaker)}, with the window of its
     * {@link DeadLetterLog} and the clock it reads (a monotonic nanosecond counter such as
     * {@link System#nanoTime()}; tests pass a fake one).
     *
     * @throws IllegalArgumentException when {@code logWindow} is not positive
     */
    public ErrorPolicy(DeadLetterQueue deadLetterQueue, CircuitBreaker breakerTemplate, Duration logWindow,
            LongSupplier nanoClock) {
        this.deadLetterLog = new DeadLetterLog(LOG, "events dead-lettered", logWindow, nanoClock);
        // A null check, not Python's truthiness, which replaced a caller's still-empty queue
        // (D3: a caller's empty queue is kept).
        this.deadLetterQueue = deadLetterQueue != null ? deadLetterQueue : new InMemoryDeadLetterQueue();
        this.breakerTemplate = breakerTemplate;
    }

    /** The queue failed events go to. */
    public DeadLetterQueue deadLetterQueue() {
        return deadLetterQueue;
    }

    /** The breaker given to the constructor (the template), if any. */
    public Optional<CircuitBreaker> circuitBreaker() {
        return Optional.ofNullable(breakerTemplate);
    }

    /**
     * The breaker of this handler: always the same instance for a name, created from the template
     * on first use; empty when the policy has no circuit breaker.
     */
    public Optional<CircuitBreaker> circuitBreakerFor(String handlerName) {
        Objects.requireNonNull(handlerName, "handlerName");
        return Optional.ofNullable(breakerOrNull(handlerName));
    }

    /** A snapshot of the per-handler breakers created so far, by handler name. */
    public Map<String, CircuitBreaker> circuitBreakers() {
        return Map.copyOf(handlerBreakers);
    }

    /** The handler's breaker, the template when no handler is named, or null without template. */
    private CircuitBreaker breakerOrNull(String handlerName) {
        if (breakerTemplate == null || handlerName == null) {
            return breakerTemplate;
        }
        return handlerBreakers.computeIfAbsent(handlerName, name -> breakerTemplate.newInstance());
    }

    /** Adds a callback run with every event that failed for good (exceptions are logged and swallowed). */
    public ErrorPolicy onFailure(BiConsumer<Event, Throwable> callback) {
        failureCallbacks.add(Objects.requireNonNull(callback, "callback"));
        return this;
    }

    /** As {@link #handleFailure(Event, Throwable, String)} for a failure not tied to a handler. */
    public void handleFailure(Event event, Throwable error) {
        handleFailure(event, error, null);
    }

    /**
     * Logs the summary of the dead letters counted since the last line, if any, now rather than with
     * the next dead letter: when the bus stops, for example, so that a storm's last counts are not
     * left unreported.
     */
    public void flushLog() {
        deadLetterLog.flush();
    }

    /**
     * Handles an event that failed for good: logs it as an error (or counts it for the
     * {@link DeadLetterLog} summary while a storm goes on), adds it to the dead letter queue
     * with the handler name, records a failure on the handler's breaker (the template breaker when
     * {@code handlerName} is null), then runs the failure callbacks. The breaker and the callbacks
     * are served even when the dead letter queue throws; its exception is rethrown at the end.
     *
     * @param handlerName the handler that failed, or null when not tied to one
     */
    public void handleFailure(Event event, Throwable error, String handlerName) {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(error, "error");
        if (deadLetterLog.record(Level.ERROR, event, error, handlerName) && LOG.isErrorEnabled()) {
            if (handlerName == null) {
                LOG.error("Event {} failed permanently: {}", ShortIds.of(event), error.toString(), error);
            } else {
                LOG.error("Event {} failed permanently in handler {}: {}", ShortIds.of(event), handlerName,
                        error.toString(), error);
            }
        }
        RuntimeException deadLetterFailure = addToQueue(event, error, handlerName);
        CircuitBreaker breaker = breakerOrNull(handlerName);
        if (breaker != null) {
            boolean wasOpen = breaker.isOpen();
            breaker.recordFailure();
            if (!wasOpen && breaker.isOpen()) {
                LOG.warn("Circuit breaker opened{}: {}", handlerName == null ? "" : " for handler " + handlerName,
                        breaker);
            }
        }
        runCallbacks(event, error);
        if (deadLetterFailure != null) {
            throw deadLetterFailure;
        }
    }

    /**
     * Handles an event that a handler did not get because its breaker was open: adds it to the
     * dead letter queue with a {@link CircuitOpenException} and the handler name, and runs the
     * failure callbacks, but records nothing on the breaker. (Recording a failure while OPEN
     * would restart the cool-down with every skipped event, so under steady traffic the
     * handler's circuit would never be probed again.)
     *
     * @throws RuntimeException what the dead letter queue threw, after the callbacks ran
     */
    public void handleCircuitOpen(Event event, String handlerName) {
        Objects.requireNonNull(handlerName, "handlerName");
        deadLetter(event, new CircuitOpenException(handlerName), handlerName);
    }

    /**
     * Dead-letters an event whose failure is not its handler's doing (its breaker was open, the bus
     * stopped before it could run, the handler was unregistered): the entry is added and the failure
     * callbacks run, but no breaker is charged. It is logged as a warning, or counted while a storm
     * goes on.
     *
     * @param handlerName the handler the event was meant for, or null
     */
    public void deadLetter(Event event, Throwable error, String handlerName) {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(error, "error");
        if (deadLetterLog.record(Level.WARN, event, error, handlerName) && LOG.isWarnEnabled()) {
            // The error as text: its stack (an open circuit, a stopped bus) says nothing about the event.
            if (handlerName == null) {
                LOG.warn("Event {} dead-lettered: {}", ShortIds.of(event), error.toString());
            } else {
                LOG.warn("Event {} dead-lettered for handler {}: {}", ShortIds.of(event), handlerName,
                        error.toString());
            }
        }
        RuntimeException deadLetterFailure = addToQueue(event, error, handlerName);
        runCallbacks(event, error);
        if (deadLetterFailure != null) {
            throw deadLetterFailure;
        }
    }

    /** Adds the entry; returns what the queue threw (logged), or null. */
    private RuntimeException addToQueue(Event event, Throwable error, String handlerName) {
        try {
            deadLetterQueue.add(event, error, handlerName);
            return null;
        } catch (RuntimeException e) {
            LOG.error("Could not add event {} to the dead letter queue", ShortIds.of(event), e);
            return e;
        }
    }

    private void runCallbacks(Event event, Throwable error) {
        for (BiConsumer<Event, Throwable> callback : failureCallbacks) {
            try {
                callback.accept(event, error);
            } catch (Throwable callbackError) {
                if (callbackError instanceof VirtualMachineError fatal) {
                    throw fatal;
                }
                LOG.error("Failure callback failed for event {}", ShortIds.of(event), callbackError);
            }
        }
    }

    /** As {@link #handleFailureAsync(Event, Throwable, String)} for a failure not tied to a handler. */
    public CompletionStage<Void> handleFailureAsync(Event event, Throwable error) {
        return handleFailureAsync(event, error, null);
    }

    /**
     * {@link #handleFailure(Event, Throwable, String)} for asynchronous callers. The callbacks are
     * plain consumers, so the work runs on the calling thread and the returned stage is already
     * complete: normally, or exceptionally when the dead letter queue threw.
     *
     * @throws NullPointerException for a null event or error (not deferred to the stage)
     */
    public CompletionStage<Void> handleFailureAsync(Event event, Throwable error, String handlerName) {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(error, "error");
        try {
            handleFailure(event, error, handlerName);
            return CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Whether work not tied to a handler may go ahead: the template breaker's
     * {@link CircuitBreaker#canProceed()} (which takes a half-open trial slot), true without one.
     */
    public boolean canProcess() {
        return breakerTemplate == null || breakerTemplate.canProceed();
    }

    /**
     * Whether this handler may run: its breaker's {@link CircuitBreaker#canProceed()} (which takes
     * a half-open trial slot, so report the outcome), true without circuit breaker.
     */
    public boolean canProcess(String handlerName) {
        Objects.requireNonNull(handlerName, "handlerName");
        CircuitBreaker breaker = breakerOrNull(handlerName);
        return breaker == null || breaker.canProceed();
    }

    /** Records a success on the template breaker, if any. */
    public void recordSuccess() {
        if (breakerTemplate != null) {
            breakerTemplate.recordSuccess();
        }
    }

    /** Records a success on this handler's breaker, if the policy has circuit breakers. */
    public void recordSuccess(String handlerName) {
        Objects.requireNonNull(handlerName, "handlerName");
        CircuitBreaker breaker = breakerOrNull(handlerName);
        if (breaker != null) {
            breaker.recordSuccess();
        }
    }

    /** {@code ErrorPolicy(dlq_size=<n>, circuit=<template breaker or None>)}. */
    @Override
    public String toString() {
        return "ErrorPolicy(dlq_size=" + deadLetterQueue.size() + ", circuit="
                + (breakerTemplate == null ? "None" : breakerTemplate.toString()) + ")";
    }
}
