package io.linebus.policies;

import io.linebus.models.Event;
import java.util.Objects;

/**
 * A policy that never retries: every failure goes straight to the error policy. Its
 * {@code maxRetries} is 0; exception filters and predicates added to it are never consulted.
 */
public class NoRetryPolicy extends RetryPolicy {

    public NoRetryPolicy() {
        super(0);
    }

    /** Always false. */
    @Override
    public boolean shouldRetry(Event event, Throwable error) {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(error, "error");
        return false;
    }
}
