package io.linebus.bus;

import io.linebus.models.Event;
import io.linebus.policies.ErrorPolicy;
import io.linebus.policies.RetryPolicy;
import io.linebus.telemetry.EventMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls one handler for one event and carries out what a failure means, the same way on both buses:
 * callbacks, the handler's {@code onError} (guarded, D5: a throwing {@code onError} cannot break
 * dispatch), then a retry of only this (event, handler) pair (D1: the handlers that succeeded never
 * see it again) after the policy's delay (D2: backoff, never an immediate or recursive retry) or a
 * dead letter with the handler's name (D4: one breaker per handler, every dead letter names its
 * handler). An open circuit breaker dead-letters without calling the handler.
 */
final class HandlerInvoker {
    private static final Logger LOG = LoggerFactory.getLogger(HandlerInvoker.class);

    /** Where a bus puts a retry until its delay has passed. */
    @FunctionalInterface
    interface RetryScheduling {
        /** @param tracker the acknowledged message the event belongs to, or null */
        void schedule(HandlerState handler, Event retry, long journalIndex, MessageTracker tracker, long delayNanos);
    }

    /** What {@link #admit} decided. */
    enum Admission { RUN, SKIP, FAILED }

    private final String busName;
    private final RetryPolicy retryPolicy;
    private final ErrorPolicy errorPolicy;
    private final EventMetrics metrics;
    private final BusCallbacks callbacks;
    private final RetryScheduling retries;

    HandlerInvoker(String busName, RetryPolicy retryPolicy, ErrorPolicy errorPolicy, EventMetrics metrics,
            BusCallbacks callbacks, RetryScheduling retries) {
        this.busName = busName;
        this.retryPolicy = retryPolicy;
        this.errorPolicy = errorPolicy;
        this.metrics = metrics;
        this.callbacks = callbacks;
        this.retries = retries;
    }

    /**
     * Whether the handler should run for this event: it must accept it ({@code canHandle}, guarded)
     * and its breaker must let it through. A throwing {@code canHandle} is the handler's failure; an
     * open breaker dead-letters the event for this handler.
     *
     * @param ofItsType the event came from the handler's per-type table, so its type needs no check
     */
    Admission admit(HandlerState handler, Event event, long journalIndex, MessageTracker tracker, boolean ofItsType) {
        try {
            if (!(ofItsType ? handler.acceptsOfItsType(event) : handler.accepts(event))) {
                return Admission.SKIP;
            }
        } catch (Throwable error) {
            Failures.rethrowIfFatal(error);
            fail(handler, event, journalIndex, tracker, error);
            return Admission.FAILED;
        }
        if (handler.breaker != null && !handler.breaker.canProceed()) {
            metrics.recordDeadLetter(event.eventType());
            try {
                errorPolicy.handleCircuitOpen(event, handler.name);
            } catch (RuntimeException e) {
                LOG.error("Bus {}: could not dead-letter event {} for open circuit of {}", busName, event.id(),
                        handler.name, e);
            }
            return Admission.FAILED;
        }
        return Admission.RUN;
    }

    /**
     * Runs the handler's blocking {@code handle} on this thread.
     *
     * @return false when it failed (the failure has been routed)
     */
    boolean runBlocking(HandlerState handler, Event event, long journalIndex, MessageTracker tracker) {
        try {
            handler.handler.handle(event);
        } catch (Throwable error) {
            Failures.rethrowIfFatal(error);
            fail(handler, event, journalIndex, tracker, error);
            return false;
        }
        succeed(handler);
        return true;
    }

    /** Admits and runs a handler; true when it ran and succeeded or was skipped. */
    boolean invokeBlocking(HandlerState handler, Event event, long journalIndex) {
        return switch (admit(handler, event, journalIndex, null, true)) {
            case SKIP -> true;
            case FAILED -> false;
            case RUN -> runBlocking(handler, event, journalIndex, null);
        };
    }

    /**
     * Admits and runs a handler for an event meant for it alone (a retry, a {@code publishTo}); when it
     * no longer takes the event (disabled, filtered) the event is dead-lettered, never dropped.
     *
     * @return true when it ran and succeeded
     */
    boolean invokeTargeted(HandlerState handler, Event event, long journalIndex) {
        return switch (admit(handler, event, journalIndex, null, false)) {
            case SKIP -> {
                deadLetterUntaken(handler, event);
                yield false;
            }
            case FAILED -> false;
            case RUN -> runBlocking(handler, event, journalIndex, null);
        };
    }

    /** Dead-letters an event meant for a handler that no longer takes it. */
    void deadLetterUntaken(HandlerState handler, Event event) {
        deadLetter(handler, event, new IllegalStateException("Handler " + handler.name
                + " no longer takes the event it was meant for (disabled or filtered)"), false);
    }

    void succeed(HandlerState handler) {
        if (handler.breaker != null) {
            handler.breaker.recordSuccess();
        }
    }

    /** A failed attempt: callbacks, the handler's onError, then a retry or a dead letter. */
    void fail(HandlerState handler, Event event, long journalIndex, MessageTracker tracker, Throwable error) {
        callbacks.notifyError(event, error);
        try {
            handler.handler.onError(event, error);
        } catch (Throwable hookFailure) {
            Failures.rethrowIfFatal(hookFailure);
            LOG.warn("Handler {} onError threw; continuing with the error policy", handler.name, hookFailure);
        }
        boolean retry = false;
        double delaySeconds = 0.0;
        if (retryPolicy != null) {
            try {
                retry = retryPolicy.shouldRetry(event, error);
                delaySeconds = retry ? retryPolicy.getDelay(event) : 0.0;
            } catch (Throwable policyFailure) {
                Failures.rethrowIfFatal(policyFailure);
                LOG.warn("Retry policy threw for event {}; not retrying", event.id(), policyFailure);
                retry = false;
            }
        }
        if (!retry) {
            deadLetter(handler, event, error, true);
            return;
        }
        if (handler.breaker != null) {
            handler.breaker.recordFailure();
        }
        metrics.recordRetry(event.eventType());
        retries.schedule(handler, event.withRetry(), journalIndex, tracker, (long) (Math.max(0.0, delaySeconds) * 1e9));
    }

    /**
     * Hands an event to the error policy's dead letters.
     *
     * @param handler the handler it failed in, or null
     * @param countAgainstBreaker false when the failure is not the handler's (open circuit, bus stopped)
     */
    void deadLetter(HandlerState handler, Event event, Throwable error, boolean countAgainstBreaker) {
        metrics.recordDeadLetter(event.eventType());
        String handlerName = handler == null ? null : handler.name;
        try {
            if (countAgainstBreaker) {
                errorPolicy.handleFailure(event, error, handlerName);
            } else {
                errorPolicy.deadLetter(event, error, handlerName);
            }
        } catch (Throwable policyFailure) {
            Failures.rethrowIfFatal(policyFailure);
            LOG.error("Bus {}: the error policy failed to dead-letter event {} (handler {}, error {})", busName,
                    event.id(), handlerName, error, policyFailure);
        }
    }
}
