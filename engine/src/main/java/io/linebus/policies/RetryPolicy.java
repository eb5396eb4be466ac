package io.linebus.policies;

import io.linebus.models.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a failed event is tried again, and how long to wait before the next attempt
 * (exponential backoff with jitter). The buses ask {@link #shouldRetry} after each failure of a
 * handler and schedule the retry of that handler after {@link #getDelay} (D1: only the
 * failed handler is retried; D2: the backoff is applied, never an immediate or recursive retry).
 *
 * <p>Safe for concurrent use: the exception filters and predicates are copy-on-write, so they may
 * be added while a bus is consulting the policy. The jitter source must be thread-safe too
 * ({@code new Random(seed)::nextDouble} is); by default it is {@link ThreadLocalRandom}.
 */
public class RetryPolicy {
    private static final Logger LOG = LoggerFactory.getLogger(RetryPolicy.class);
    private static final DoubleSupplier THREAD_LOCAL_UNIFORM = () -> ThreadLocalRandom.current().nextDouble();

    private final RetryConfig config;
    private final DoubleSupplier uniform01;
    private final Set<Class<? extends Throwable>> retryOnTypes = new CopyOnWriteArraySet<>();
    private final Set<Class<? extends Throwable>> noRetryOnTypes = new CopyOnWriteArraySet<>();
    private final List<BiPredicate<Event, Throwable>> predicates = new CopyOnWriteArrayList<>();

    /** A policy with {@link RetryConfig#defaults()}. */
    public RetryPolicy() {
        this(RetryConfig.defaults());
    }

    /** A policy with the default config but {@code maxRetries} retries. */
    public RetryPolicy(int maxRetries) {
        this(RetryConfig.builder().maxRetries(maxRetries).build());
    }

    /**
     * A policy with the given numbers, in the order of Python's constructor.
     *
     * @throws IllegalArgumentException when a number is out of range (see {@link RetryConfig})
     */
    public RetryPolicy(int maxRetries, double initialDelay, double maxDelay, double exponentialBase,
            boolean jitter, double jitterFactor) {
        this(new RetryConfig(maxRetries, initialDelay, maxDelay, exponentialBase, jitter, jitterFactor));
    }

    public RetryPolicy(RetryConfig config) {
        this(config, THREAD_LOCAL_UNIFORM);
    }

    /**
     * @param uniform01 the jitter source: each call returns a number in {@code [0, 1]} (tests pass a
     *     seeded {@code Random}); called once per {@link #getDelay} when jitter is on
     */
    public RetryPolicy(RetryConfig config, DoubleSupplier uniform01) {
        this.config = Objects.requireNonNull(config, "config");
        this.uniform01 = Objects.requireNonNull(uniform01, "uniform01");
    }

    public RetryConfig config() {
        return config;
    }

    public int maxRetries() {
        return config.maxRetries();
    }

    /**
     * Restricts retries to errors that are instances of one of these types (subclasses included).
     * Calls accumulate; {@link #noRetryOn} wins over this.
     *
     * @throws IllegalArgumentException when no type is given
     */
    @SafeVarargs
    public final RetryPolicy retryOn(Class<? extends Throwable>... types) {
        if (types == null) {
            throw new NullPointerException("types");
        }
        List<Class<? extends Throwable>> copy = new ArrayList<>(types.length);
        for (Class<? extends Throwable> type : types) {
            copy.add(type);
        }
        retryOnTypes.addAll(checkedTypes(copy, "retryOn"));
        return this;
    }

    /**
     * Never retries errors that are instances of one of these types (subclasses included), even
     * when {@link #retryOn} lists a supertype. Calls accumulate.
     *
     * @throws IllegalArgumentException when no type is given
     */
    @SafeVarargs
    public final RetryPolicy noRetryOn(Class<? extends Throwable>... types) {
        if (types == null) {
            throw new NullPointerException("types");
        }
        List<Class<? extends Throwable>> copy = new ArrayList<>(types.length);
        for (Class<? extends Throwable> type : types) {
            copy.add(type);
        }
        noRetryOnTypes.addAll(checkedTypes(copy, "noRetryOn"));
        return this;
    }

    // The callers copy their varargs array element by element: handing the array itself to another
    // method is what @SafeVarargs forbids (javac warns about it).
    private static List<Class<? extends Throwable>> checkedTypes(List<Class<? extends Throwable>> types, String method) {
        if (types.isEmpty()) {
            throw new IllegalArgumentException(method + " needs at least one exception type");
        }
        for (int i = 0; i < types.size(); i++) {
            Objects.requireNonNull(types.get(i), "types[" + i + "]");
        }
        return types;
    }

    /**
     * Adds a condition every retry must meet: {@code predicate(event, error)} returning false
     * vetoes the retry; one that throws vetoes it too (logged as a warning).
     */
    public RetryPolicy addPredicate(BiPredicate<Event, Throwable> predicate) {
        predicates.add(Objects.requireNonNull(predicate, "predicate"));
        return this;
    }

    /**
     * Whether the event that just failed with {@code error} should be tried again. In this order:
     * false when the event's retry count has reached {@code maxRetries} (so a bus makes at most
     * {@code 1 + maxRetries} attempts); false when the error is a "never retry" type; false when
     * "retry only on" types are set and the error is none of them; false when a predicate returns
     * false or throws; true otherwise.
     */
    public boolean shouldRetry(Event event, Throwable error) {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(error, "error");
        if (event.metadata().retryCount() >= config.maxRetries()) {
            return false;
        }
        if (isInstanceOfAny(error, noRetryOnTypes)) {
            return false;
        }
        if (!retryOnTypes.isEmpty() && !isInstanceOfAny(error, retryOnTypes)) {
            return false;
        }
        for (BiPredicate<Event, Throwable> predicate : predicates) {
            try {
                if (!predicate.test(event, error)) {
                    return false;
                }
            } catch (Throwable predicateError) {
                if (predicateError instanceof VirtualMachineError fatal) {
                    throw fatal;
                }
                LOG.warn("Retry predicate failed for event {}; not retrying", ShortIds.of(event), predicateError);
                return false;
            }
        }
        return true;
    }

    private static boolean isInstanceOfAny(Throwable error, Set<Class<? extends Throwable>> types) {
        for (Class<? extends Throwable> type : types) {
            if (type.isInstance(error)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Seconds to wait before retrying the event that just failed:
     * {@code initialDelay × exponentialBase ^ retryCount}, plus up to {@code ±jitterFactor} of it
     * when jitter is on, then capped at {@code maxDelay} (after the jitter, so it never exceeds the
     * cap, D12: jitter cannot exceed {@code maxDelay}) and never negative.
     */
    public double getDelay(Event event) {
        Objects.requireNonNull(event, "event");
        int attempt = event.metadata().retryCount();
        // Capped before the jitter as well, so that a huge power never turns into infinity or NaN.
        double delay = config.initialDelay() == 0.0 ? 0.0
                : Math.min(config.initialDelay() * Math.pow(config.exponentialBase(), attempt), config.maxDelay());
        if (config.jitter()) {
            double uniform = uniform01.getAsDouble();
            if (!(uniform >= 0.0 && uniform <= 1.0)) {
                throw new IllegalStateException("The jitter source must return a number in [0, 1], got " + uniform);
            }
            delay += (2.0 * uniform - 1.0) * delay * config.jitterFactor();
        }
        return Math.max(0.0, Math.min(delay, config.maxDelay()));
    }

    /** {@link #getDelay} as a {@link Duration} (nanosecond precision). */
    public Duration getDelayDuration(Event event) {
        return Duration.ofNanos(toNanos(getDelay(event)));
    }

    private static long toNanos(double seconds) {
        double nanos = seconds * 1e9;
        return nanos >= Long.MAX_VALUE ? Long.MAX_VALUE : Math.round(nanos);
    }

    /**
     * Blocks the calling thread for {@link #getDelay} seconds.
     *
     * @throws InterruptedException when the thread is interrupted while waiting
     */
    public void waitSync(Event event) throws InterruptedException {
        double delay = getDelay(event);
        LOG.debug("Waiting {} s before retrying event {}", delay, ShortIds.of(event));
        TimeUnit.NANOSECONDS.sleep(toNanos(delay));
    }

    /**
     * A stage that completes after {@link #getDelay} seconds, timed by {@code scheduler}; already
     * complete when the delay is 0. Cancelling the stage's future cancels the scheduled wake-up. If
     * the scheduler rejects the task (e.g. it is shut down) the stage fails with its
     * {@link RejectedExecutionException}.
     */
    public CompletionStage<Void> waitAsync(Event event, ScheduledExecutorService scheduler) {
        Objects.requireNonNull(scheduler, "scheduler");
        double delay = getDelay(event);
        if (delay == 0.0) {
            return CompletableFuture.completedFuture(null);
        }
        LOG.debug("Scheduling retry of event {} in {} s", ShortIds.of(event), delay);
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            Runnable complete = () -> done.complete(null);
            ScheduledFuture<?> wakeUp = scheduler.schedule(complete, toNanos(delay), TimeUnit.NANOSECONDS);
            done.whenComplete((ignored, failure) -> {
                if (done.isCancelled()) {
                    wakeUp.cancel(false);
                }
            });
        } catch (RejectedExecutionException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    @Override
    public String toString() {
        return "RetryPolicy(max_retries=" + config.maxRetries() + ", initial_delay=" + config.initialDelay()
                + ", max_delay=" + config.maxDelay() + ")";
    }
}
