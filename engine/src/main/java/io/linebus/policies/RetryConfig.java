package io.linebus.policies;

/**
 * The numbers behind a {@link RetryPolicy}: how many retries, and the exponential backoff between
 * them. Immutable; a policy with other numbers is a new policy. Delays are in seconds.
 *
 * @param maxRetries retries allowed after the first attempt (0 = none), {@code >= 0}
 * @param initialDelay delay before the first retry, {@code >= 0} and finite
 * @param maxDelay upper bound of every delay, jitter included (D12: the cap applies after the
 *     jitter), {@code >= initialDelay} and finite
 * @param exponentialBase multiplier per attempt, {@code >= 1} and finite
 * @param jitter whether to add random noise to each delay
 * @param jitterFactor noise range as a fraction of the delay ({@code ±delay × factor}), in {@code [0, 1]}
 */
public record RetryConfig(int maxRetries, double initialDelay, double maxDelay, double exponentialBase,
        boolean jitter, double jitterFactor) {

    public static final int DEFAULT_MAX_RETRIES = 3;
    public static final double DEFAULT_INITIAL_DELAY = 1.0;
    public static final double DEFAULT_MAX_DELAY = 60.0;
    public static final double DEFAULT_EXPONENTIAL_BASE = 2.0;
    public static final boolean DEFAULT_JITTER = true;
    public static final double DEFAULT_JITTER_FACTOR = 0.1;

    private static final RetryConfig DEFAULTS = new RetryConfig(DEFAULT_MAX_RETRIES, DEFAULT_INITIAL_DELAY,
            DEFAULT_MAX_DELAY, DEFAULT_EXPONENTIAL_BASE, DEFAULT_JITTER, DEFAULT_JITTER_FACTOR);

    /**
     * @throws IllegalArgumentException when a number is out of its range (see the components)
     */
    public RetryConfig {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0, got " + maxRetries);
        }
        requireFiniteNonNegative("initialDelay", initialDelay);
        requireFiniteNonNegative("maxDelay", maxDelay);
        if (maxDelay < initialDelay) {
            throw new IllegalArgumentException("maxDelay (" + maxDelay + " s) must be >= initialDelay ("
                    + initialDelay + " s)");
        }
        if (!(exponentialBase >= 1.0) || Double.isInfinite(exponentialBase)) {
            throw new IllegalArgumentException("exponentialBase must be a finite number >= 1, got " + exponentialBase);
        }
        if (!(jitterFactor >= 0.0 && jitterFactor <= 1.0)) {
            throw new IllegalArgumentException("jitterFactor must be between 0 and 1, got " + jitterFactor);
        }
    }

    private static void requireFiniteNonNegative(String name, double seconds) {
        if (!(seconds >= 0.0) || Double.isInfinite(seconds)) {
            throw new IllegalArgumentException(name + " must be a finite number of seconds >= 0, got " + seconds);
        }
    }

    /** Python's defaults: 3 retries, 1 s initial delay, 60 s cap, base 2, jitter on with factor 0.1. */
    public static RetryConfig defaults() {
        return DEFAULTS;
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder(DEFAULTS);
    }

    /** A builder starting from this config. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds a {@link RetryConfig}; properties left unset keep their starting values. */
    public static final class Builder {
        private int maxRetries;
        private double initialDelay;
        private double maxDelay;
        private double exponentialBase;
        private boolean jitter;
        private double jitterFactor;

        private Builder(RetryConfig start) {
            maxRetries = start.maxRetries;
            initialDelay = start.initialDelay;
            maxDelay = start.maxDelay;
            exponentialBase = start.exponentialBase;
            jitter = start.jitter;
            jitterFactor = start.jitterFactor;
        }

        public Builder maxRetries(int value) {
            maxRetries = value;
            return this;
        }

        /** Seconds. */
        public Builder initialDelay(double value) {
            initialDelay = value;
            return this;
        }

        /** Seconds. */
        public Builder maxDelay(double value) {
            maxDelay = value;
            return this;
        }

        public Builder exponentialBase(double value) {
            exponentialBase = value;
            return this;
        }

        public Builder jitter(boolean value) {
            jitter = value;
            return this;
        }

        public Builder jitterFactor(double value) {
            jitterFactor = value;
            return this;
        }

        /**
         * @throws IllegalArgumentException when a number is out of its range
         */
        public RetryConfig build() {
            return new RetryConfig(maxRetries, initialDelay, maxDelay, exponentialBase, jitter, jitterFactor);
        }
    }
}
