package io.linebus.policies;

import io.linebus.models.Event;
import java.util.Objects;

/**
 * A policy that retries without waiting: {@link #getDelay} is always 0. The retry decision is the
 * base policy's, so exception filters and predicates still apply.
 */
public class ImmediateRetryPolicy extends RetryPolicy {

    /** Three retries. */
    public ImmediateRetryPolicy() {
        this(RetryConfig.DEFAULT_MAX_RETRIES);
    }

    /**
     * @throws IllegalArgumentException when {@code maxRetries} is negative
     */
    public ImmediateRetryPolicy(int maxRetries) {
        super(RetryConfig.builder().maxRetries(maxRetries).initialDelay(0.0).jitter(false).build());
    }

    /** Always 0.0. */
    @Override
    public double getDelay(Event event) {
        Objects.requireNonNull(event, "event");
        return 0.0;
    }
}
