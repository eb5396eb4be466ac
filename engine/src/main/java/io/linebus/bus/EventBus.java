package io.linebus.bus;

import io.linebus.lifecycle.LifecycleComponent;
import io.linebus.models.Event;
import io.linebus.policies.ErrorPolicy;
import io.linebus.policies.RetryPolicy;
import io.linebus.transports.Acknowledgement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
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
 *       order), and by the retry thread; a handler shared by several of them must be thread-safe (D7).
 *   <li><b>Failures.</b> As on {@link AsyncEventBus}: only the failed (event, handler) pair is retried,
 *       after the policy's delay, on the retry thread and never by recursion (D1, D2); exhausted retries
 *       are dead-lettered with the handler's name; open circuit breakers are honoured (D4); exceptions
 *       from {@code canHandle}, {@code onError} and callbacks are contained (D5). A queue worker outlives
 *       even a {@link VirtualMachineError} from a handler: such an error is not retried but logged, and
 *       the event is dead-lettered without a handler name.
 *   <li><b>Retries.</b> The asynchronous bus's {@link RetryAgent}: a retry waits on its timer wheel,
 *       then runs on the agent's thread, one at a time. At most {@code retryCapacity} wait at once; one
 *       more is dead-lettered with a {@link java.util.concurrent.RejectedExecutionException} rather than
 *       held without bound. The thread starts with the first retry, also on a bus never started, and a
 *       stop ends it; it is a daemon, so an unstarted bus need not be stopped.
 *   <li><b>Lifecycle.</b> One {@link BusState}, as on the asynchronous bus, but a stopped bus may start
 *       again. {@code publish} works on a bus that was never started; {@code publishAsync} needs a
 *       running bus (D25). A failed start rolls back; stop runs every step and reports all failures
 *       together (D10). The queues survive a restart; what a stop could not finish within its timeout,
 *       and retries not yet due, are dead-lettered with a {@link BusStoppedException}.
 * </ul>
 */
@SuppressWarnings("try") // close() may throw what handlers' and transports' stop hooks throw
public final class EventBus extends BusBase implements LifecycleComponent, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);

    public static final String DEFAULT_NAME = "default";
    public static final int DEFAULT_MAX_WORKERS = 4;
    public static final int DEFAULT_QUEUE_CAPACITY = 10_000;
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(5);
    private static final long WORKER_POLL_MILLIS = 100;
    /** How long an interrupted worker may take to leave the handler it is in. */
    private static final long HALT_GRACE_MILLIS = 1_000;

    private final int maxWorkers;
    private final Function<Event, ?> partitionKey;
    private final HandlerInvoker invoker;
    private final List<BlockingQueue<Queued>> queues;
    private final RetryAgent retries;
    /** Held while the retry agent is started or ended. */
    private final Object retryStartStop = new Object();
    /** Whether the retry agent has a thread; written under {@link #retryStartStop}. */
    private volatile boolean retriesStarted;

    private final List<Thread> workers = new ArrayList<>();
    /** Queued events not yet handled, plus retries not yet run. */
    private final AtomicLong outstanding = new AtomicLong();

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
        this.maxWorkers = builder.maxWorkers;
        this.partitionKey = builder.partitionKey;
        this.invoker = new HandlerInvoker(name, builder.retryPolicy, errorPolicy, metrics, callbacks, this::scheduleRetry);
        this.retries = new RetryAgent(name, new RunRetries(), builder.retryCapacity);
        int perWorker = Math.max(1, builder.queueCapacity / maxWorkers);
        List<BlockingQueue<Queued>> perWorkerQueues = new ArrayList<>(maxWorkers);
        for (int i = 0; i < maxWorkers; i++) {
            perWorkerQueues.add(new ArrayBlockingQueue<>(perWorker));
        }
        this.queues = List.copyOf(perWorkerQueues);
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
        int size = 0;
        for (BlockingQueue<Queued> queue : queues) {
            size += queue.size();
        }
        return size;
    }

    /** Retries waiting for their delay (at most the builder's {@code retryCapacity}). */
    public int pendingRetries() {
        return retries.depth();
    }

    /** Retries dead-lettered because {@code retryCapacity} retries were waiting already. */
    public long retriesOverflowed() {
        return retries.overflowed();
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
     */
    @Override
    public void publish(List<Event> events, Acknowledgement acknowledgement) {
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(acknowledgement, "acknowledgement");
        if (events.isEmpty()) {
            throw new IllegalArgumentException("A message must have at least one event");
        }
        for (Event event : events) {
            publish(event);
        }
        try {
            acknowledgement.safe(EventJournal.NO_INDEX);
        } catch (RuntimeException e) {
            LOG.warn("Bus {}: an acknowledgement callback threw", name, e);
        }
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
     * @throws IllegalStateException when the bus is not running (D25), when it stops before the event is
     *     queued (also while waiting for room), or when interrupted while waiting
     */
    public void publishAsync(Event event) {
        Objects.requireNonNull(event, "event");
        if (!isRunning()) {
            throw new IllegalStateException("Bus '" + name + "' is not running; start it before publishAsync"
                    + " (or call publish to handle event " + event.id() + " on this thread)");
        }
        BlockingQueue<Queued> queue = queues.get(PartitionKeys.shardOf(partitionKey.apply(event), maxWorkers));
        Queued entry = new Queued(event);
        outstanding.incrementAndGet();
        try {
            // Not an unbounded put: a queue whose worker is stuck or gone may never make room, and a
            // stopped bus must not keep its publishers waiting.
            while (!queue.offer(entry, WORKER_POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                if (!isRunning()) {
                    outstanding.decrementAndGet();
                    throw new IllegalStateException("Bus '" + name + "' stopped while event " + event.id()
                            + " waited for queue room; not accepted");
                }
            }
        } catch (InterruptedException e) {
            outstanding.decrementAndGet();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for queue room; event " + event.id()
                    + " not accepted", e);
        }
        // Raced with stop: whoever removes the entry owns it; if it is still here, refuse it. The entry,
        // not the event: an equal event of another publisher may be queued too.
        if (!isRunning() && queue.remove(entry)) {
            outstanding.decrementAndGet();
            throw new IllegalStateException("Bus '" + name + "' stopped; event " + event.id() + " not accepted");
        }
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

    private void scheduleRetry(HandlerState handler, Event retry, long journalIndex, MessageTracker tracker,
            long delayNanos) {
        if (!retriesStarted) {
            startRetries();
        }
        outstanding.incrementAndGet();
        retries.schedule(new RetryAgent.RetryTask(retry, handler, journalIndex, tracker, System.nanoTime() + delayNanos));
    }

    /** Starts the retry agent for the bus's first retry, or its first since a stop. */
    private void startRetries() {
        synchronized (retryStartStop) {
            if (!retriesStarted) {
                retries.start("EventBus-" + name + "-Retry", true);
                retriesStarted = true;
            }
        }
    }

    /** Ends the retry agent: those due run, the others are dead-lettered; a later retry starts it again. */
    private void endRetries() {
        synchronized (retryStartStop) {
            if (!retriesStarted) {
                return;
            }
            int waiting = retries.depth();
            if (waiting > 0) {
                LOG.info("Bus {}: ending {} waiting retries; those it cannot run now are dead-lettered", name, waiting);
            }
            retries.shutdown();
            // Not before: a retry failing on the agent's thread while it closes must not wait for this lock.
            retriesStarted = false;
        }
    }

    /**
     * Runs a retry that is due on the agent's thread: the handler alone, as {@link #publishTo} would
     * (D1), or a dead letter when it was unregistered meanwhile. A retry that cannot run is dead-lettered
     * with the reason: it is finished, not lost.
     */
    private final class RunRetries implements RetryAgent.Sink {
        @Override
        public void publishRetry(RetryAgent.RetryTask task, boolean mayWait) {
            // mayWait is false once the agent is closed: the bus is stopping, and this may be the thread
            // that scheduled the retry, where running it would nest it in that handler call (D2). Abandoned:
            // the stop ran out of time, and no more handlers are called.
            if (!mayWait || lifecycle.abandoned()) {
                abandon(task, new BusStoppedException("Bus '" + name + "' stopped before retry "
                        + task.event().metadata().retryCount() + " could run"));
                return;
            }
            HandlerState handler = task.target();
            Event event = task.event();
            try {
                if (handler.registered) {
                    invoker.invokeTargeted(handler, event, EventJournal.NO_INDEX);
                } else {
                    invoker.deadLetter(handler, event, new IllegalStateException("Handler " + handler.name
                            + " was unregistered before its retry"), false);
                }
            } catch (VirtualMachineError fatal) {
                // As a worker does: the agent's thread would end, and every retry waiting with it.
                LOG.error("Bus {}: fatal error in retry of event {} for {}; dead-lettering it, the retry thread "
                        + "carries on", name, event.id(), handler.name, fatal);
                try {
                    invoker.deadLetter(handler, event, fatal, false);
                } catch (RuntimeException | Error again) {
                    LOG.error("Bus {}: could not dead-letter event {}", name, event.id(), again);
                }
            } finally {
                Thread.interrupted(); // a handler may leave the thread interrupted: AgentRunner takes that for a close
                outstanding.decrementAndGet();
            }
        }

        @Override
        public void abandon(RetryAgent.RetryTask task, RuntimeException reason) {
            try {
                invoker.deadLetter(task.target(), task.event(), reason, false);
            } finally {
                outstanding.decrementAndGet();
            }
        }
    }

    // ---------------------------------------------------------------- lifecycle

    /**
     * Starts the bus: every handler's {@code onStart} (priority order), the transports, then the queue
     * workers. A failure rolls back what was started, returns the bus to where it was (never started,
     * or stopped) and is rethrown (D10). Starting a running bus does nothing; a stopped one starts again.
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
            startWorkers();
        }
        LOG.info("Bus {} started: {} handlers, {} transports, {} workers", name, handlerCount(), transportCount(),
                maxWorkers);
    }

    private void startWorkers() {
        workers.clear();
        for (int i = 0; i < maxWorkers; i++) {
            BlockingQueue<Queued> queue = queues.get(i);
            Thread worker = new Thread(() -> work(queue), "EventBus-" + name + "-Worker-" + i);
            workers.add(worker);
            worker.start();
        }
    }

    /**
     * Serves one queue until the bus is no longer running and the queue is empty, or the stop gives up
     * ({@link BusState#ABANDONED}). Nothing a handler throws ends a worker: a {@link VirtualMachineError},
     * which the invoker passes up rather than retry, is logged and its event dead-lettered, since a dead
     * worker would leave its queue unserved for good.
     */
    private void work(BlockingQueue<Queued> queue) {
        while (!lifecycle.abandoned() && (isRunning() || !queue.isEmpty())) {
            Queued entry;
            try {
                entry = queue.poll(WORKER_POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                continue; // an abandoning stop interrupts; the loop condition decides
            }
            if (entry == null) {
                continue;
            }
            Event event = entry.event;
            try {
                publish(event);
            } catch (VirtualMachineError fatal) {
                LOG.error("Bus {}: fatal error on event {}; dead-lettering it, the worker carries on", name,
                        event.id(), fatal);
                try {
                    invoker.deadLetter(null, event, fatal, false);
                } catch (RuntimeException | Error again) {
                    LOG.error("Bus {}: could not dead-letter event {}", name, event.id(), again);
                }
            } catch (RuntimeException | Error e) {
                LOG.error("Bus {}: worker error on event {}", name, event.id(), e);
            } finally {
                outstanding.decrementAndGet();
            }
        }
    }

    /**
     * A queued event. Equal only to itself, unlike {@link Event}, so that a publisher that takes back its
     * event ({@link BlockingQueue#remove}) takes its own entry, never another publisher's equal event.
     */
    private static final class Queued {
        final Event event;

        Queued(Event event) {
            this.event = event;
        }
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
     * failed; the failures are thrown together at the end (D10). Stopping a bus that is not running only
     * ends its retries and their thread. The stop waits for a retry already running on that thread.
     */
    public void stop(Duration timeout) throws Exception {
        Objects.requireNonNull(timeout, "timeout");
        Exception failure = null;
        synchronized (lifecycle.lock()) {
            if (!isRunning()) {
                endRetries(); // publish works on a bus not running, and so do its retries
                return;
            }
            lifecycle.moveTo(BusState.STOPPING);
            failure = lifecycle.stopTransports(transports, failure);
            lifecycle.moveTo(BusState.DRAINING);
            boolean drained = joinWorkers(timeout);
            int left = deadLetterQueued();
            if (!drained || left > 0) {
                LOG.warn("Bus {}: stop left {} queued events unfinished; dead-lettered them", name, left);
            }
            endRetries();
            failure = lifecycle.stopHandlers(handlers.all(), failure);
            lifecycle.moveTo(BusState.STOPPED);
        }
        LOG.info("Bus {} stopped", name);
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Lets the workers drain within the timeout; then abandons the stop ({@link BusState#ABANDONED}) and
     * interrupts them. Returns true when they drained in time.
     */
    private boolean joinWorkers(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean drained = true;
        boolean interrupted = false;
        for (Thread worker : workers) {
            try {
                long remaining = deadline - System.nanoTime();
                worker.join(Math.max(1L, TimeUnit.NANOSECONDS.toMillis(remaining)));
            } catch (InterruptedException e) {
                interrupted = true;
            }
            drained &= !worker.isAlive();
        }
        if (!drained) {
            lifecycle.moveTo(BusState.ABANDONED);
            for (Thread worker : workers) {
                worker.interrupt();
            }
            for (Thread worker : workers) {
                try {
                    worker.join(HALT_GRACE_MILLIS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
                if (worker.isAlive()) {
                    LOG.error("Bus {}: {} ignores interruption; leaving it behind", name, worker.getName());
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return drained;
    }

    private int deadLetterQueued() {
        int count = 0;
        List<Queued> left = new ArrayList<>();
        for (BlockingQueue<Queued> queue : queues) {
            queue.drainTo(left);
        }
        for (Queued entry : left) {
            Event event = entry.event;
            invoker.deadLetter(null, event, new BusStoppedException("Bus '" + name + "' stopped before the event was handled"),
                    false);
            outstanding.decrementAndGet();
            count++;
        }
        return count;
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
