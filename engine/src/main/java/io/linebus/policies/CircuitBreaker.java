package io.linebus.policies;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A three-state circuit breaker that stops calls after repeated failures and probes for recovery
 * after a cool-down.
 *
 * <pre>
 * CLOSED    --(failureThreshold consecutive failures)----------------------&gt; OPEN
 * OPEN      --(resetTimeout since the last failure)------------------------&gt; HALF_OPEN
 * HALF_OPEN --(any failure)------------------------------------------------&gt; OPEN
 * HALF_OPEN --(all trial slots handed out, no decision within resetTimeout)&gt; OPEN
 * HALF_OPEN --(successThreshold successes)---------------------------------&gt; CLOSED
 * any       --(reset())----------------------------------------------------&gt; CLOSED
 * </pre>
 *
 * <p>Rules worth knowing:
 * <ul>
 *   <li>The reset timeout is evaluated in every operation (D11: breaker edge cases): a success
 *       recorded after the cool-down counts as a half-open trial even if nobody read the state in
 *       between.</li>
 *   <li>A failure recorded while OPEN restarts the cool-down from that failure (as in Python).</li>
 *   <li>{@link #canProceed()} hands out a half-open trial slot when it returns true in HALF_OPEN:
 *       asking is taking part. Callers that ask must report the outcome with
 *       {@link #recordSuccess()} or {@link #recordFailure()}.</li>
 *   <li>A half-open round cannot block forever (D11: breaker edge cases):
 *       {@code successThreshold <= halfOpenMaxCalls} is enforced, and when every trial slot has
 *       been handed out but the round reached no decision within {@code resetTimeout} of the last
 *       slot, the round counts as failed and the breaker re-opens for another cool-down.</li>
 *   <li>In CLOSED a success clears the failure count, so the threshold counts consecutive failures.</li>
 * </ul>
 *
 * <p>Every method is synchronized. Time comes from a monotonic nanosecond clock,
 * {@link System#nanoTime()} unless one is injected.
 */
public final class CircuitBreaker {
    private static final Logger LOG = LoggerFactory.getLogger(CircuitBreaker.class);

    public static final int DEFAULT_FAILURE_THRESHOLD = 5;
    public static final int DEFAULT_SUCCESS_THRESHOLD = 2;
    public static final Duration DEFAULT_RESET_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_HALF_OPEN_MAX_CALLS = 3;

    private final int failureThreshold;
    private final int successThreshold;
    private final Duration resetTimeout;
    private final long resetTimeoutNanos;
    private final int halfOpenMaxCalls;
    private final LongSupplier nanoClock;

    private CircuitState state = CircuitState.CLOSED;
    private int failureCount;
    private int successCount;
    private int halfOpenCalls;
    /** When the current cool-down started (valid while OPEN). */
    private long openedAtNanos;
    /** When the last half-open trial slot was handed out (valid while all slots are taken). */
    private long lastTrialNanos;

    /** A breaker with Python's defaults: 5 failures, 2 successes, 30 s reset timeout, 3 trial calls. */
    public CircuitBreaker() {
        this(DEFAULT_FAILURE_THRESHOLD, DEFAULT_SUCCESS_THRESHOLD, DEFAULT_RESET_TIMEOUT, DEFAULT_HALF_OPEN_MAX_CALLS);
    }

    /**
     * @throws IllegalArgumentException when a threshold or {@code halfOpenMaxCalls} is below 1,
     *     {@code successThreshold > halfOpenMaxCalls}, or {@code resetTimeout} is not positive
     */
    public CircuitBreaker(int failureThreshold, int successThreshold, Duration resetTimeout, int halfOpenMaxCalls) {
        this(failureThreshold, successThreshold, resetTimeout, halfOpenMaxCalls, System::nanoTime);
    }

    /**
     * As {@link #CircuitBreaker(int, int, Duration, int)}, reading time from {@code nanoClock}
     * (a monotonic nanosecond counter such as {@link System#nanoTime()}; tests pass a fake one).
     */
    public CircuitBreaker(int failureThreshold, int successThreshold, Duration resetTimeout, int halfOpenMaxCalls,
            LongSupplier nanoClock) {
        requireAtLeastOne("failureThreshold", failureThreshold);
        requireAtLeastOne("successThreshold", successThreshold);
        requireAtLeastOne("halfOpenMaxCalls", halfOpenMaxCalls);
        if (successThreshold > halfOpenMaxCalls) {
            // Python accepts this and then blocks forever in HALF_OPEN (D11: breaker edge cases).
            throw new IllegalArgumentException("successThreshold (" + successThreshold
                    + ") must be <= halfOpenMaxCalls (" + halfOpenMaxCalls
                    + "), otherwise the half-open trials can never close the circuit");
        }
        Objects.requireNonNull(resetTimeout, "resetTimeout");
        if (resetTimeout.isNegative() || resetTimeout.isZero()) {
            throw new IllegalArgumentException("resetTimeout must be positive, got " + resetTimeout);
        }
        this.failureThreshold = failureThreshold;
        this.successThreshold = successThreshold;
        this.resetTimeout = resetTimeout;
        this.resetTimeoutNanos = saturatedNanos(resetTimeout);
        this.halfOpenMaxCalls = halfOpenMaxCalls;
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    private static void requireAtLeastOne(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + value);
        }
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * A fresh breaker (CLOSED, no counts) with the same settings and clock. {@link ErrorPolicy}
     * uses the breaker it is given as a template and makes one of these per handler.
     */
    public CircuitBreaker newInstance() {
        return new CircuitBreaker(failureThreshold, successThreshold, resetTimeout, halfOpenMaxCalls, nanoClock);
    }

    public int failureThreshold() {
        return failureThreshold;
    }

    public int successThreshold() {
        return successThreshold;
    }

    public Duration resetTimeout() {
        return resetTimeout;
    }

    public int halfOpenMaxCalls() {
        return halfOpenMaxCalls;
    }

    /** Failures counted so far: consecutive ones in CLOSED; not cleared by OPEN → HALF_OPEN. */
    public synchronized int failureCount() {
        return failureCount;
    }

    /** The current state, after applying any transition that time has made due. */
    public synchronized CircuitState state() {
        updateState(nanoClock.getAsLong());
        return state;
    }

    public boolean isClosed() {
        return state() == CircuitState.CLOSED;
    }

    public boolean isOpen() {
        return state() == CircuitState.OPEN;
    }

    public boolean isHalfOpen() {
        return state() == CircuitState.HALF_OPEN;
    }

    /**
     * Whether a call may go ahead: always in CLOSED, never in OPEN, and in HALF_OPEN while trial
     * slots remain, in which case this call takes one.
     */
    public synchronized boolean canProceed() {
        long now = nanoClock.getAsLong();
        updateState(now);
        return switch (state) {
            case CLOSED -> true;
            case OPEN -> false;
            case HALF_OPEN -> {
                if (halfOpenCalls < halfOpenMaxCalls) {
                    halfOpenCalls++;
                    lastTrialNanos = now;
                    yield true;
                }
                yield false;
            }
        };
    }

    /**
     * Records a successful call: in HALF_OPEN it counts towards closing, in CLOSED it clears the
     * failure count, in OPEN it is ignored.
     */
    public synchronized void recordSuccess() {
        updateState(nanoClock.getAsLong());
        switch (state) {
            case HALF_OPEN -> {
                successCount++;
                if (successCount >= successThreshold) {
                    close();
                    LOG.info("Circuit breaker closed after {} successful trial calls", successThreshold);
                }
            }
            case CLOSED -> failureCount = 0;
            case OPEN -> LOG.debug("Success ignored: the circuit is open");
        }
    }

    /**
     * Records a failed call: opens the circuit at the failure threshold (CLOSED) or at once
     * (HALF_OPEN); while OPEN it restarts the cool-down.
     */
    public synchronized void recordFailure() {
        long now = nanoClock.getAsLong();
        updateState(now);
        failureCount++;
        switch (state) {
            case HALF_OPEN -> {
                open(now);
                LOG.warn("Circuit breaker re-opened: a half-open trial call failed");
            }
            case CLOSED -> {
                if (failureCount >= failureThreshold) {
                    open(now);
                    LOG.warn("Circuit breaker opened after {} consecutive failures", failureCount);
                }
            }
            case OPEN -> openedAtNanos = now;
        }
    }

    /** Back to CLOSED with every count cleared. */
    public synchronized void reset() {
        close();
    }

    private void updateState(long now) {
        if (state == CircuitState.OPEN && now - openedAtNanos >= resetTimeoutNanos) {
            enterHalfOpen();
        }
        if (state == CircuitState.HALF_OPEN && halfOpenCalls >= halfOpenMaxCalls
                && now - lastTrialNanos >= resetTimeoutNanos) {
            // Every trial slot was taken but no outcome decided the round (D11: a round must end).
            open(lastTrialNanos + resetTimeoutNanos);
            LOG.warn("Circuit breaker re-opened: the half-open trial calls reported no decision within {}",
                    resetTimeout);
            if (now - openedAtNanos >= resetTimeoutNanos) {
                enterHalfOpen();
            }
        }
    }

    private void enterHalfOpen() {
        state = CircuitState.HALF_OPEN;
        successCount = 0;
        halfOpenCalls = 0;
        LOG.info("Circuit breaker half-open: allowing up to {} trial calls", halfOpenMaxCalls);
    }

    private void open(long coolDownStart) {
        state = CircuitState.OPEN;
        openedAtNanos = coolDownStart;
    }

    private void close() {
        state = CircuitState.CLOSED;
        failureCount = 0;
        successCount = 0;
        halfOpenCalls = 0;
    }

    /** {@code CircuitBreaker(state=<value>, failures=<count>/<threshold>)}. */
    @Override
    public synchronized String toString() {
        return "CircuitBreaker(state=" + state().value() + ", failures=" + failureCount + "/" + failureThreshold + ")";
    }
}
