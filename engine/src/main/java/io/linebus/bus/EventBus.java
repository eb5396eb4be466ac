package io.linebus.bus;

import io.linebus.lifecycle.LifecycleComponent;
import io.linebus.models.Event;
import io.linebus.policies.ErrorPolicy;
import io.linebus.policies.RetryPolicy;
import io.linebus.transports.Acknowledgement;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The synchronous event bus: {@link #publish(Event)} runs the matching handlers one after another,
 * in priority order, on the caller's thread; {@link #publishAsync(Event)} hands the event to
 * bounded queues served by worker threads.
 *
 * <ul>
 *   <li><b>Threads.</b> Handlers are called by publishing threads, by the {@code maxWorkers} queue
 *       workers (events are spread over them by partition key, so one unit's queued events keep their
 *       order), and by the retry thread; a handler shared by several of them must be thread-safe (D7:
 *       which threads call handlers is said).
 *   <li><b>Failures.</b> As on {@link AsyncEventBus}: only the failed (event, handler) pair is retried
 *       (D1: no other handler sees it again), after the policy's delay, on the retry thread and never by
 *       recursion (D2: no publisher waits for a retry); exhausted retries are dead-lettered with the
 *       handler's name; open circuit breakers are honoured (D4: one breaker per handler); exceptions from
 *       {@code canHandle}, {@code onError} and callbacks are contained (D5: what user code throws is
 *       contained). A queue worker outlives even a {@link VirtualMachineError} from a handler: such an
 *       error is not retried but logged, and the event is dead-lettered without a handler name.
 *   <li><b>Retries.</b> The asynchronous bus's {@link RetryAgent}: a retry waits on its timer wheel,
 *       then runs on the agent's thread, one at a time. At most {@code retryCapacity} wait at once; one
 *       more is dead-lettered with a {@link java.util.concurrent.RejectedExecutionException} rather than
 *       held without bound. The thread starts with the first retry, also on a bus never started, and a
 *       stop ends it; it is a daemon, so an unstarted bus need not be stopped.
 *   <li><b>Lifecycle.</b> One {@link BusState}, as on the asynchronous bus, but a stopped bus may start
 *       again. {@code publish} works on a bus that was never started; {@code publishAsync} needs a
 *       running bus (D25: it never silently runs on the caller's thread). A failed start rolls back; stop
 *       runs every step and reports all failures together (D10: no step is skipped because an earlier
 *       one failed). The queues survive a restart; what a stop could not finish within its timeout, and
 *       retries not yet due, are dead-lettered with a {@link BusStoppedException}.
 * </ul>
 */
@SuppressWarnings("try") // close() may throw what handlers' and transports' stop hooks throw
public final class EventBus extends BusBase implements LifecycleComponent, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);

    public static final String DEFAULT_NAME = "default";
    public static final int DEFAULT_MAX_WORKERS = 4;
    public static final int DEFAULT_QUEUE_CAPACITY = 10_000;
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(5);
    /** Queued events not yet handled, plus retries not yet run. */
    private final AtomicLong outstanding = new AtomicLong();
    private final HandlerInvoker invoker;
    private final DirectRetries retries;
    private final QueueWorkers workers;

    /** A bus named {@code "default"} with every default setting. */
    public EventBus() {
        this(builder());
    }

    public EventBus(String name) {
        this(builder().name(name));
    }

    /**
     * A bus with the pyWATS constructor's settings.
     *
     * @param maxWorkers the number of threads serving {@link #publishAsync(Event)}
     * @param retryPolicy may be null: failed handlers are not retried
     * @param errorPolicy may be null: a default policy with an in-memory dead letter queue
     */
    public EventBus(String name, int maxWorkers, RetryPolicy retryPolicy, ErrorPolicy errorPolicy) {
        this(builder().name(name).maxWorkers(maxWorkers).retryPolicy(retryPolicy).errorPolicy(errorPolicy));
    }

    private EventBus(Builder builder) {
        super(builder.name, builder.errorPolicy, builder.metrics, false);
        this.retries = new DirectRetries(name, lifecycle, outstanding, builder.retryCapacity);
        this.invoker = new HandlerInvoker(name, builder.retryPolicy, errorPolicy, metrics, callbacks, retries);
        retries.bind(invoker);
        this.workers = new QueueWorkers(name, lifecycle, builder.maxWorkers, builder.queueCapacity, builder.partitionKey,
                this::publish, invoker, outstanding);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** True between a successful {@link #start()} and the beginning of {@link #stop()}. */
    @Override
    public boolean isRunning() {
        return lifecycle.state() == BusState.RUNNING;
    }

    /** Events waiting in the queues. */
    public int queueSize() {
        return workers.size();
    }

    /** Retries waiting for their delay (at most the builder's {@code retryCapacity}). */
    public int pendingRetries() {
        return retries.agent().depth();
    }

    /** Retries dead-lettered because {@code retryCapacity} retries were waiting already. */
    public long retriesOverflowed() {
        return retries.agent().overflowed();
    }

    // ---------------------------------------------------------------- publishing

    /**
     * Runs the event's handlers on this thread, in priority order. A handler's failure never reaches the
     * caller: it is retried later or dead-lettered.
     */
    @Override
    public void publish(Event event) {
        Objects.requireNonNull(event, "event");
        long start = System.nanoTime();
        callbacks.notifyEvent(event);
        boolean success = true;
        for (HandlerState handler : handlers.forType(event.eventType())) {
            success &= invoker.invokeBlocking(handler, event, EventJournal.NO_INDEX);
        }
        metrics.recordProcessed(event.eventType(), System.nanoTime() - start, success);
    }

    /**
     * Runs the handlers of each event of one message on this thread, then tells the acknowledgement
     * safe. Each handler has then had its first attempt; a retry it scheduled is still pending, in
     * memory, and a crash would lose it: a source that needs crash safety publishes into a journaled
     * {@link AsyncEventBus}.
     *
     * @throws IllegalArgumentException for no events
     * @throws NullPointerException for a null event, before any handler runs (the acknowledgement is not called)
     */
    @Override
    public void publish(List<Event> events, Acknowledgement acknowledgement) {
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(acknowledgement, "acknowledgement");
        if (events.isEmpty()) {
            throw new IllegalArgumentException("A message must have at least one event");
        }
        for (Event event : events) {
            Objects.requireNonNull(event, "events must not contain null");
        }
        for (Event event : events) {
            publish(event);
        }
        Acknowledgements.tellSafe(name, acknowledgement, EventJournal.NO_INDEX);
    }

    /**
     * Runs one handler for the event on this thread, as {@link #publish(Event)} runs all of them. This is
     * how dead letters are handed back without the handlers that succeeded seeing them twice:
     * {@code deadLetterQueue.requeue(bus::publishTo)}.
     *
     * @param handlerName the handler's name, or null for every handler
     * @throws IllegalArgumentException when no handler has that name
     */
    public void publishTo(String handlerName, Event event) {
        if (handlerName == null) {
            publish(event);
            return;
        }
        Objects.requireNonNull(event, "event");
        HandlerState handler = handlers.byName(handlerName);
        long start = System.nanoTime();
        callbacks.notifyEvent(event);
        boolean success = invoker.invokeTargeted(handler, event, EventJournal.NO_INDEX);
        metrics.recordProcessed(event.eventType(), System.nanoTime() - start, success);
    }

    /**
     * Queues the event for a worker thread; waits while that worker's queue is full, until the bus stops.
     *
     * @throws IllegalStateException when the bus is not running (D25: never run on the caller's thread instead), when it stops before the event is
     *     queued (also while waiting for room), or when interrupted while waiting
     */
    public void publishAsync(Event event) {
        Objects.requireNonNull(event, "event");
        if (!isRunning()) {
            throw new IllegalStateException("Bus '" + name + "' is not running; start it before publishAsync"
                    + " (or call publish to handle event " + event.id() + " on this thread)");
        }
        workers.enqueue(event);
    }

    /**
     * Waits until every queued event and every retry has been handled.
     *
     * @return false when the timeout passed first
     */
    public boolean awaitIdle(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (outstanding.get() != 0) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            LockSupport.parkNanos(200_000L);
        }
        return true;
    }

    // ---------------------------------------------------------------- lifecycle

    /**
     * Starts the bus: every handler's {@code onStart} (priority order), the transports, then the queue
     * workers. A failure rolls back what was started, returns the bus to where it was (never started,
     * or stopped) and is rethrown (D10: a failed start leaves nothing running). Starting a running bus does nothing; a stopped one starts again.
     */
    @Override
    public void start() throws Exception {
        synchronized (lifecycle.lock()) {
            BusState from = lifecycle.state();
            if (from == BusState.RUNNING) {
                LOG.warn("Bus {} already running", name);
                return;
            }
            lifecycle.moveTo(BusState.STARTING);
            List<HandlerState> started = List.of();
            try {
                started = lifecycle.startHandlers(handlers.all());
                lifecycle.startTransports(transports);
            } catch (Exception | Error e) {
                LOG.error("Bus {} failed to start; rolling back", name, e);
                lifecycle.stopHandlers(started, e);
                lifecycle.moveTo(from);
                throw e;
            }
            lifecycle.moveTo(BusState.RUNNING);
            // Last: publishAsync takes events only once running, so no rollback has workers to stop.
            workers.start();
        }
        LOG.info("Bus {} started: {} handlers, {} transports, {} workers", name, handlerCount(), transportCount(),
                workers.count());
    }

    /** Stops the bus, waiting at most {@link #DEFAULT_STOP_TIMEOUT} for the queues to drain. */
    @Override
    public void stop() throws Exception {
        stop(DEFAULT_STOP_TIMEOUT);
    }

    /**
     * Stops the bus: stops the transports, refuses new queued events, lets the workers drain the queues
     * within {@code timeout}, dead-letters what is left, ends the retries (those due run, the others are
     * dead-lettered), then calls every handler's {@code onStop}. Every step runs even when an earlier one
     * failed; the failures are thrown together at the end (D10: every step runs). Stopping a bus that is not running only
     * ends its retries and their thread. The stop waits for a retry already running on that thread.
     */
    public void stop(Duration timeout) throws Exception {
        Objects.requireNonNull(timeout, "timeout");
        Exception failure = null;
        synchronized (lifecycle.lock()) {
            if (!isRunning()) {
                retries.end(); // publish works on a bus not running, and so do its retries
                return;
            }
            lifecycle.moveTo(BusState.STOPPING);
            failure = lifecycle.stopTransports(transports, failure);
            lifecycle.moveTo(BusState.DRAINING);
            boolean drained = workers.awaitDrained(timeout);
            if (!drained) {
                lifecycle.moveTo(BusState.ABANDONED);
                workers.halt();
            }
            int left = workers.deadLetterLeft();
            if (!drained || left > 0) {
                LOG.warn("Bus {}: stop left {} queued events unfinished; dead-lettered them", name, left);
            }
            retries.end();
            failure = lifecycle.stopHandlers(handlers.all(), failure);
            lifecycle.moveTo(BusState.STOPPED);
            errorPolicy.flushLog(); // the last counts of a failure storm
        }
        LOG.info("Bus {} stopped", name);
        if (failure != null) {
            throw failure;
        }
    }

    /** Stops the bus with the default timeout. */
    @Override
    public void close() throws Exception {
        stop();
    }

    @Override
    public String toString() {
        return "EventBus(name=" + name + ", handlers=" + handlerCount() + ", transports=" + transportCount()
                + ", running=" + isRunning() + ")";
    }

    /** Builds an {@link EventBus}; every setting has a default. */
    public static final class Builder extends BusBuilder<Builder> {
        private int maxWorkers = DEFAULT_MAX_WORKERS;
        private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
        private int retryCapacity = AsyncEventBus.DEFAULT_RETRY_CAPACITY;

        private Builder() {
            super(DEFAULT_NAME);
        }

        @Override
        Builder self() {
            return this;
        }

        /** Threads serving {@code publishAsync} (default 4). */
        public Builder maxWorkers(int value) {
            if (value < 1 || value > 256) {
                throw new IllegalArgumentException("maxWorkers must be in 1..256, got " + value);
            }
            maxWorkers = value;
            return this;
        }

        /** Events the queues hold in all (default 10,000); {@code publishAsync} waits when a queue is full. */
        public Builder queueCapacity(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("queueCapacity must be >= 1, got " + value);
            }
            queueCapacity = value;
            return this;
        }

        /**
         * How many retries may wait for their delay at once (default
         * {@link AsyncEventBus#DEFAULT_RETRY_CAPACITY}); one more is dead-lettered.
         */
        public Builder retryCapacity(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("retryCapacity must be >= 1, got " + value);
            }
            retryCapacity = value;
            return this;
        }

        public EventBus build() {
            return new EventBus(this);
        }
    }
}
