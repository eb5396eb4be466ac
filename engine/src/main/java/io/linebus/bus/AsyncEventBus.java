package io.linebus.bus;

import com.lmax.disruptor.RingBuffer;
import io.linebus.lifecycle.LifecycleComponent;
import io.linebus.models.Event;
import io.linebus.policies.ErrorPolicy;
import io.linebus.policies.RetryPolicy;
import io.linebus.transports.Acknowledgement;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The asynchronous event bus: many producer threads publish into a preallocated LMAX Disruptor
 * ring; a journal stage makes events durable, dispatch shards run the handlers, and a settlement
 * clears slots or moves checkpoints on (the stages are described in this package's documentation).
 * This class is the facade: it wires the parts ({@link AsyncEventBusBuilder}) and moves the bus
 * through its life.
 *
 * <ul>
 *   <li><b>Order.</b> Events with equal partition keys (default {@link PartitionKeys#byUnit()}) go to
 *       one shard and reach each handler in publish order; the handlers of an event run in priority
 *       order. A retry runs after its delay, so it may follow later events of its key.
 *   <li><b>Failures.</b> Only the failed (event, handler) pair is retried (D1: no handler sees an
 *       event twice because another failed), after {@link RetryPolicy#getDelay} (D2: no dispatch
 *       thread sleeps), re-entering the ring from a timer wheel; exhausted retries go to the
 *       {@link ErrorPolicy}'s dead letters with the handler's name. While a handler's circuit breaker
 *       is open its events are dead-lettered with a {@link io.linebus.policies.CircuitOpenException}
 *       (D4: one breaker per handler). Any {@code Throwable} from a handler, {@code canHandle},
 *       {@code onError} or a callback is contained (D5: no handler can kill a bus thread).
 *   <li><b>Backpressure.</b> {@link #publish} waits for a free slot ({@link Backpressure#BLOCK}) or
 *       throws ({@link Backpressure#FAIL}); {@link #tryPublish} returns false. Nothing is dropped.
 *   <li><b>Acknowledgements.</b> {@link #publish(List, Acknowledgement)} tells a source, exactly once,
 *       when a message's events are safe or that they were refused.
 *   <li><b>Lifecycle.</b> Events published before {@link #start()} wait in the ring. {@link #stop(Duration)}
 *       stops the transports, lets the ring drain (retries already due included) within the timeout,
 *       then halts and sweeps: whatever is left is dead-lettered with a {@link BusStoppedException}
 *       or, in an acknowledged message, refused (D6: nothing lost silently). A stopped bus cannot be
 *       started again.
 *   <li><b>Threads.</b> One thread per stage and shard, plus one for retries, all non-daemon while the
 *       bus runs (like an {@code ExecutorService}: stop or close the bus).
 * </ul>
 */
@SuppressWarnings("try") // close() may throw what handlers' and transports' stop hooks throw
public final class AsyncEventBus extends BusBase implements LifecycleComponent, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AsyncEventBus.class);

    public static final String DEFAULT_NAME = "default";
    public static final int DEFAULT_MAX_CONCURRENT = 100;
    public static final int DEFAULT_RING_SIZE = 65_536;
    /** How many retries may wait at once, by default; one more is dead-lettered. */
    public static final int DEFAULT_RETRY_CAPACITY = 65_536;
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(5);

    private final int ringSize;
    private final int dispatchThreads;
    private final boolean failWhenFull;
    private final boolean journaledDurability;
    private final PendingWork pending = new PendingWork();
    private final SlotGate gate;
    /** Null without a journal. */
    private final JournalStage journalStage;
    /** Null without a journal. */
    private final Checkpoints checkpoints;
    /** Null without a journal. */
    private final Recovery recovery;
    private final RingRetries retries;
    private final Pipeline pipeline;
    private final RingSweep sweep;

    /** A bus named {@code "default"} with every default setting. */
    public AsyncEventBus() {
        this(builder());
    }

    /** A bus with every default setting. */
    public AsyncEventBus(String name) {
        this(builder().name(name));
    }

    /**
     * A bus with the pyWATS constructor's settings.
     *
     * @param maxConcurrent how many {@code AsyncHandler} calls may be in flight at once
     * @param retryPolicy may be null: failed handlers are not retried
     * @param errorPolicy may be null: a default policy with an in-memory dead letter queue
     */
    public AsyncEventBus(String name, int maxConcurrent, RetryPolicy retryPolicy, ErrorPolicy errorPolicy) {
        this(builder().name(name).maxConcurrent(maxConcurrent).retryPolicy(retryPolicy).errorPolicy(errorPolicy));
    }

    AsyncEventBus(AsyncEventBusBuilder builder) {
        super(builder.name, builder.errorPolicy, builder.metrics, builder.journal != null);
        this.ringSize = builder.ringSize;
        this.dispatchThreads = builder.dispatchThreads;
        this.failWhenFull = builder.backpressure == Backpressure.FAIL;
        this.journaledDurability = builder.durability == Durability.JOURNALED;
        EventJournal journal = builder.journal;
        if (journaledDurability && journal == null) {
            throw new IllegalStateException("Durability.JOURNALED needs a journal: set builder.journal(...)");
        }
        RingBuffer<EventSlot> ring = builder.waitStrategy.newRing(builder.producerType,
                () -> new EventSlot(journal == null ? null : journal.newStagedRecord()), ringSize);
        // Each sampler is made with its shard, below: its shard writes it, and next to the gate (which
        // publishers read on every publish) it would share a cache line with it.
        LatencySampler[] samplers = new LatencySampler[dispatchThreads];
        journalStage = journal == null ? null : new JournalStage(name, journal, builder.durability, lifecycle);
        gate = new SlotGate(name, ring, lifecycle, builder.partitionKey, samplers, journalStage);
        retries = new RingRetries(name, gate, pending, builder.retryCapacity);
        HandlerInvoker invoker = new HandlerInvoker(name, builder.retryPolicy, errorPolicy, metrics, callbacks, retries);
        retries.bind(invoker);
        checkpoints = journal == null ? null : new Checkpoints(name, journal, handlers, pending, lifecycle, ring);
        Settlement settlement = checkpoints == null ? Settlement.CLEAR_SLOT : checkpoints;
        AsyncPermits permits = new AsyncPermits(builder.maxConcurrent, lifecycle);
        pipeline = new Pipeline(name, ring, journalStage, dispatchThreads, settlement,
                (shard, inShard) -> {
                    samplers[shard] = new LatencySampler(System.nanoTime());
                    return new DispatchShard(name, shard, handlers.newLookup(), invoker, callbacks, lifecycle, pending,
                            permits, inShard, metrics, samplers[shard]);
                });
        recovery = journal == null ? null : new Recovery(name, journal, checkpoints, handlers, gate, pending);
        sweep = new RingSweep(name, pipeline, invoker, pending, journaledDurability);
    }

    public static AsyncEventBusBuilder builder() {
        return new AsyncEventBusBuilder();
    }

    // ---------------------------------------------------------------- properties

    /** True between a successful {@link #start()} and the beginning of {@link #stop()}. */
    @Override
    public boolean isRunning() {
        return lifecycle.state() == BusState.RUNNING;
    }

    /** Events in the ring not yet fully handled (retries waiting for their delay not included). */
    public int queueSize() {
        return pipeline.unsettled();
    }

    /** The ring's capacity in events. */
    public int ringSize() {
        return ringSize;
    }

    /** Retries that are waiting or in the ring, and asynchronous handler calls in flight. */
    public long pendingWork() {
        return pending.calls();
    }

    /**
     * Retries waiting for their delay (at most the builder's {@code retryCapacity}); one that is due and
     * waits for ring space counts in {@link #pendingWork()} only.
     */
    public int pendingRetries() {
        return retries.agent().depth();
    }

    /** Retries dead-lettered because {@code retryCapacity} retries were waiting already. */
    public long retriesOverflowed() {
        return retries.agent().overflowed();
    }

    // ---------------------------------------------------------------- publishing

    /**
     * Publishes an event. Returns once it is in the ring ({@link Durability#ACCEPTED}) or journaled
     * ({@link Durability#JOURNALED}). When the ring is full it waits ({@link Backpressure#BLOCK}) or
     * throws {@link RejectedExecutionException} ({@link Backpressure#FAIL}).
     *
     * @throws IllegalStateException when the bus is stopping or stopped, or for {@code JOURNALED}
     *     durability before {@link #start()}. A publish waiting for a slot when the stop begins is
     *     refused with it once it gets one (its slot left empty), never taken into a closing ring.
     */
    @Override
    public void publish(Event event) {
        publish(event, null);
    }

    /**
     * Publishes an event to one handler only, as {@link #publish(Event)} otherwise does (journaled,
     * ordered by its key). This is how dead letters are handed back without the handlers that succeeded
     * seeing them twice: {@code deadLetterQueue.requeue(bus::publishTo)}.
     *
     * @param handlerName the handler's name, or null for every handler
     * @throws IllegalArgumentException when no handler has that name
     */
    public void publishTo(String handlerName, Event event) {
        publish(event, handlerName == null ? null : handlers.byName(handlerName));
    }

    private void publish(Event event, HandlerState target) {
        Objects.requireNonNull(event, "event");
        if (journaledDurability) {
            publishJournaled(event, target);
        } else if (failWhenFull) {
            gate.publishOrReject(event, target);
        } else {
            gate.publish(event, target);
        }
    }

    /** A {@link Durability#JOURNALED} publish: returns once the journal stage has appended the event. */
    private void publishJournaled(Event event, HandlerState target) {
        journalStage.checkPublisherMayWait();
        long sequence = failWhenFull ? gate.publishOrReject(event, target) : gate.publish(event, target);
        journalStage.awaitJournaled(sequence, event);
    }

    /**
     * Publishes an event unless the ring is full; never waits for a slot (with {@code JOURNALED}
     * durability it still waits for the journal once accepted).
     *
     * @return false when the ring is full and the event was not taken
     * @throws IllegalStateException when the bus is stopping or stopped
     */
    public boolean tryPublish(Event event) {
        Objects.requireNonNull(event, "event");
        if (journaledDurability) {
            journalStage.checkPublisherMayWait();
        }
        long sequence = gate.tryPublish(event, null);
        if (sequence < 0) {
            return false;
        }
        if (journaledDurability) {
            journalStage.awaitJournaled(sequence, event);
        }
        return true;
    }

    /**
     * Publishes the events of one message and tells {@code acknowledgement}, exactly once, that they
     * are safe or that they were refused. Safe: with a journal, once the message's last
     * event is appended and its batch ended (so after the journal's sync, when it syncs), with that
     * event's index; without one, once every handler that takes them has finished with them, retries
     * included (handled or dead-lettered). Refused: the bus is stopping or stopped, the ring is full
     * under {@link Backpressure#FAIL}, an append failed (no handler then sees that event), the stop
     * swept an event no handler had taken, or, without a journal, the stop ended while an asynchronous
     * call still held the message (a stop tells every message before it returns).
     *
     * <p>Never waits for the outcome, whatever the durability: with {@link Backpressure#BLOCK} it waits
     * for room only. The events are contiguous in the ring. Outcomes are told on a bus thread, in
     * publish order per publishing thread; a refusal at the door (closing, or full under
     * {@code FAIL}) is told on this thread before this returns, and may come before the outcome of
     * this thread's earlier messages. Allocation per message: with several shards, the gate's array
     * of the events' shards (taken before the claim); with a journal nothing more, the acknowledgement
     * travelling in the slot of the message's last event; without one, one tracker
     * ({@code AcknowledgedPublishBenchmark} measures it: perf-results/README.md).
     *
     * @throws IllegalArgumentException for no events, or more than the ring holds
     */
    @Override
    public void publish(List<Event> events, Acknowledgement acknowledgement) {
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(acknowledgement, "acknowledgement");
        gate.publishMessage(events, acknowledgement, failWhenFull);
    }

    /**
     * Waits until everything published so far, retries and asynchronous handler calls included, has been
     * fully processed.
     *
     * @return true when idle, false when the timeout passed first
     */
    public boolean awaitIdle(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int attempt = 0; ; attempt++) {
            // The ring first: a retry or an async call is counted before its slot settles, so a
            // settled ring followed by no pending work means nothing is left.
            if (pipeline.settled() && pending.none()) {
                return true;
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Waiting.backOff(attempt);
        }
    }

    // ---------------------------------------------------------------- lifecycle

    /**
     * Starts the bus: calls every handler's {@code onStart} (priority order), starts the consumer threads,
     * replays from the journal what each handler had not completed, then starts the transports. A failure
     * rolls back what was started and is rethrown (D10: a failed start leaves nothing running). Starting
     * a running bus does nothing.
     *
     * @throws IllegalStateException when the bus was stopped
     */
    @Override
    public void start() throws Exception {
        synchronized (lifecycle.lock()) {
            BusState state = lifecycle.state();
            if (state == BusState.RUNNING) {
                LOG.warn("Bus {} already running", name);
                return;
            }
            if (state != BusState.NEW) {
                throw new IllegalStateException("Bus '" + name + "' was stopped; a stopped bus cannot be restarted");
            }
            lifecycle.moveTo(BusState.STARTING);
            List<HandlerState> started = List.of();
            try {
                started = lifecycle.startHandlers(handlers.all());
                if (recovery != null) {
                    recovery.prepare();
                }
                lifecycle.moveTo(BusState.RECOVERING);
                pipeline.start();
                retries.agent().start("linebus-" + name + "-retry", false);
                if (recovery != null) {
                    recovery.replay();
                }
                lifecycle.startTransports(transports);
            } catch (Exception | Error e) {
                rollBackStart(started, e);
                throw e;
            }
            lifecycle.moveTo(BusState.RUNNING);
        }
        LOG.info("Bus {} started: {} handlers, {} transports, {} dispatch threads, ring of {}", name,
                handlerCount(), transportCount(), dispatchThreads, ringSize);
    }

    private void rollBackStart(List<HandlerState> started, Throwable cause) {
        LOG.error("Bus {} failed to start; rolling back", name, cause);
        if (lifecycle.state() == BusState.RECOVERING) {
            retries.agent().shutdown();
            pipeline.halt(DEFAULT_STOP_TIMEOUT.toNanos());
        }
        lifecycle.stopHandlers(started, cause);
        if (checkpoints != null) {
            checkpoints.unload();
        }
        lifecycle.moveTo(BusState.NEW); // events already in the ring stay there for the next start
    }

    /** Stops the bus, waiting at most {@link #DEFAULT_STOP_TIMEOUT} for the ring to drain. */
    @Override
    public void stop() throws Exception {
        stop(DEFAULT_STOP_TIMEOUT);
    }

    /**
     * Stops the bus: stops the transports, refuses new events, lets the ring drain (retries already
     * due included) within {@code timeout}, halts the consumer threads, sweeps what is left
     * (dead-lettered with a {@link BusStoppedException}, or refused in an acknowledged message),
     * saves checkpoints, and calls every handler's {@code onStop}. Every step runs even when an
     * earlier one failed; the failures are thrown together at the end (D10: no step is skipped
     * because an earlier one failed). Stopping a stopped bus does nothing; stopping one that never
     * started dead-letters what was published to it.
     */
    public void stop(Duration timeout) throws Exception {
        Objects.requireNonNull(timeout, "timeout");
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception failure = null;
        synchronized (lifecycle.lock()) {
            if (lifecycle.state() == BusState.STOPPED) {
                return;
            }
            boolean wasStarted = lifecycle.state() == BusState.RUNNING;
            lifecycle.moveTo(BusState.STOPPING); // transports may still publish their last events
            if (wasStarted) {
                failure = lifecycle.stopTransports(transports, failure);
            }
            lifecycle.moveTo(BusState.DRAINING);
            retries.agent().shutdown();
            if (wasStarted) {
                if (!awaitIdle(Duration.ofNanos(Math.max(0L, deadline - System.nanoTime())))) {
                    LOG.warn("Bus {}: stop timeout of {} passed with {} events in the ring and {} pending; "
                            + "dead-lettering them", name, timeout, queueSize(), pending.calls());
                    lifecycle.moveTo(BusState.ABANDONED);
                }
                pipeline.halt(Math.max(0L, deadline - System.nanoTime()));
            }
            if (!lifecycle.abandoned()) {
                lifecycle.moveTo(BusState.ABANDONED); // halted: nothing consumes any more
            }
            // Asked before the sweep settles them: a checkpoint saved past recovered events the stop swept
            // would skip them on the next start.
            boolean recoveryUnfinished = pending.recovering();
            int swept = sweep.sweep();
            gate.tellOpenMessages();
            if (wasStarted && checkpoints != null && !recoveryUnfinished) {
                checkpoints.save();
            }
            if (wasStarted) {
                failure = lifecycle.stopHandlers(handlers.all(), failure);
            }
            lifecycle.moveTo(BusState.STOPPED);
            errorPolicy.flushLog(); // the last counts of a failure storm
            LOG.info("Bus {} stopped{}", name, swept > 0 ? "; " + swept + " unfinished events dead-lettered or refused" : "");
        }
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
    void registering(HandlerState handler) {
        if (checkpoints != null) {
            checkpoints.registering(handler);
        }
    }

    @Override
    public String toString() {
        return "AsyncEventBus(name=" + name + ", handlers=" + handlerCount() + ", transports=" + transportCount()
                + ", running=" + isRunning() + ")";
    }
}
