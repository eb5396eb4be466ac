package io.linebus.bus;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.dsl.ProducerType;
import com.lmax.disruptor.util.Util;
import io.linebus.lifecycle.LifecycleComponent;
import io.linebus.models.Event;
import io.linebus.policies.ErrorPolicy;
import io.linebus.policies.RetryPolicy;
import io.linebus.transports.BaseTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The asynchronous event bus: many producer threads publish into a preallocated LMAX Disruptor
 * ring; a journal stage makes events durable, dispatch shards run the handlers, and a release stage
 * records metrics and checkpoints (see DESIGN.md §3). With a journal that stages records
 * ({@link EventJournal#newStagedRecord()}), each publisher encodes its event into its slot, so the
 * journal stage, which every event passes through, only writes it.
 *
 * <ul>
 *   <li><b>Order.</b> Events with equal partition keys (default {@link PartitionKeys#byUnit()}) go to
 *       one shard and reach each handler in publish order; the handlers of an event run in priority
 *       order. A retry runs after its delay, so it may follow later events of its key.
 *   <li><b>Failures.</b> Only the failed (event, handler) pair is retried (D1), after
 *       {@link RetryPolicy#getDelay} (D2), re-entering the ring from a timer wheel; exhausted retries go
 *       to the {@link ErrorPolicy}'s dead letters with the handler's name. While a handler's circuit
 *       breaker is open its events are dead-lettered with a {@link io.linebus.policies.CircuitOpenException} (D4). Any
 *       {@code Throwable} from a handler, {@code canHandle}, {@code onError} or a callback is contained
 *       (D5); a {@link VirtualMachineError} is logged and not retried.
 *   <li><b>Backpressure.</b> {@link #publish} waits for a free slot ({@link Backpressure#BLOCK}) or
 *       throws ({@link Backpressure#FAIL}); {@link #tryPublish} returns false. Nothing is dropped.
 *   <li><b>Lifecycle.</b> Events published before {@link #start()} wait in the ring. {@link #stop(Duration)}
 *       stops the transports, lets the ring drain (retries already due included) within the timeout,
 *       then halts; whatever is left is dead-lettered with a {@link BusStoppedException} (D6). A
 *       stopped bus cannot be started again.
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
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(5);
    /** How often, at most, handler checkpoints are written while events flow. */
    static final long CHECKPOINT_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** How long a halting consumer may take to leave the handler it is in before it is interrupted. */
    private static final long HALT_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private enum State { NEW, STARTING, RUNNING, STOPPING, DRAINING, STOPPED }

    private final int ringSize;
    private final int dispatchThreads;
    private final Function<Event, ?> partitionKey;
    private final Backpressure backpressure;
    private final EventJournal journal;
    private final Durability durability;
    private final Semaphore asyncPermits;

    private final RingBuffer<EventSlot> ring;
    private final BatchEventProcessor<EventSlot> journalProcessor;
    private final List<BatchEventProcessor<EventSlot>> processors = new ArrayList<>();
    /** The sequences the ring waits for before reusing a slot: the release stage, or else the shards. */
    private final Sequence[] tailSequences;
    private final BatchEventProcessor<EventSlot> releaseProcessor;
    private final RetryScheduler retryScheduler;

    private final HandlerInvoker invoker;
    /** Per shard: which events are timed from publish to handled. */
    private final LatencySampler[] latencySamplers;

    private final Object lifecycleLock = new Object();
    private volatile State state = State.NEW;
    private volatile boolean consumersRunning;
    /** Set when a stop ran out of time: consumers stop calling handlers and the sweep takes what is left. */
    private volatile boolean abandoning;
    /** Set by the stop's sweep of the ring: a slot claimed after that must stay empty. */
    private volatile boolean swept;
    /** Set once start has loaded the handlers' checkpoints (see {@link #registering}). */
    private volatile boolean checkpointsLoaded;
    private final List<Thread> threads = new ArrayList<>();
    /** Retries waiting or in the ring, and asynchronous handler calls in flight. */
    private final AtomicLong pendingWork = new AtomicLong();
    private final AtomicLong recoveryRemaining = new AtomicLong();
    /** Journal append failures of JOURNALED publishes, by ring sequence, until their publisher reads them. */
    private final Map<Long, RuntimeException> refusedSequences = new ConcurrentHashMap<>();

    // Confined to the release thread once running.
    private long lastReleasedIndex = EventJournal.BEFORE_FIRST;
    private long lastCheckpointNanos;

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

    private AsyncEventBus(Builder builder) {
        super(builder.name, builder.errorPolicy, builder.metrics, builder.journal != null);
        this.ringSize = builder.ringSize;
        this.dispatchThreads = builder.dispatchThreads;
        this.partitionKey = builder.partitionKey;
        this.backpressure = builder.backpressure;
        this.journal = builder.journal;
        this.durability = builder.durability;
        this.asyncPermits = new Semaphore(builder.maxConcurrent);
        if (durability == Durability.JOURNALED && journal == null) {
            throw new IllegalStateException("Durability.JOURNALED needs a journal: set builder.journal(...)");
        }
        this.invoker = new HandlerInvoker(name, builder.retryPolicy, errorPolicy, metrics, callbacks, this::scheduleRetry);

        EventJournal slotJournal = builder.journal;
        ring = builder.waitStrategy.newRing(builder.producerType,
                () -> new EventSlot(slotJournal == null ? null : slotJournal.newStagedRecord()), ringSize);
        ExceptionHandler<EventSlot> containing = new ContainingExceptionHandler();
        SequenceBarrier dispatchBarrier;
        if (journal != null) {
            journalProcessor = processor(ring.newBarrier(), new JournalStage(journal, this::appendFailed), containing);
            dispatchBarrier = ring.newBarrier(journalProcessor.getSequence());
        } else {
            journalProcessor = null;
            dispatchBarrier = ring.newBarrier();
        }
        Sequence[] shardSequences = new Sequence[dispatchThreads];
        latencySamplers = new LatencySampler[dispatchThreads];
        for (int shard = 0; shard < dispatchThreads; shard++) {
            latencySamplers[shard] = new LatencySampler(System.nanoTime());
            BatchEventProcessor<EventSlot> processor = processor(dispatchBarrier,
                    new DispatchShard(this, shard, handlers.newLookup(), metrics, latencySamplers[shard]), containing);
            shardSequences[shard] = processor.getSequence();
        }
        // Only journal checkpoints need a stage after every shard, and only when there are several
        // shards: a single shard sees every slot in ring order and settles them itself, one thread
        // fewer between publisher and handler.
        if (journal != null && dispatchThreads > 1) {
            releaseProcessor = processor(ring.newBarrier(shardSequences), new ReleaseStage(this), containing);
            tailSequences = new Sequence[] {releaseProcessor.getSequence()};
        } else {
            releaseProcessor = null;
            tailSequences = shardSequences;
        }
        ring.addGatingSequences(tailSequences);
        retryScheduler = new RetryScheduler(new RetrySink());
    }

    private BatchEventProcessor<EventSlot> processor(SequenceBarrier barrier, EventHandler<EventSlot> stage,
            ExceptionHandler<EventSlot> exceptionHandler) {
        BatchEventProcessor<EventSlot> processor = new BatchEventProcessorBuilder().build(ring, barrier, stage);
        processor.setExceptionHandler(exceptionHandler);
        processors.add(processor);
        return processor;
    }

    public static Builder builder() {
        return new Builder();
    }

    // ---------------------------------------------------------------- properties

    /** True between a successful {@link #start()} and the beginning of {@link #stop()}. */
    @Override
    public boolean isRunning() {
        return state == State.RUNNING;
    }

    @Override
    void attach(BaseTransport transport, boolean attached) {
        transport.setAsyncEventBus(attached ? this : null);
    }

    /** Events in the ring not yet fully handled (retries waiting for their delay not included). */
    public int queueSize() {
        // publishers waiting for room have moved the cursor on already
        long inRing = ring.getCursor() - Util.getMinimumSequence(tailSequences);
        return (int) Math.max(0L, Math.min(ringSize, inRing));
    }

    /** The ring's capacity in events. */
    public int ringSize() {
        return ringSize;
    }

    /** Retries that are waiting for their delay or for a slot, and asynchronous handler calls in flight. */
    public long pendingWork() {
        return pendingWork.get();
    }

    // ---------------------------------------------------------------- publishing

    /**
     * Publishes an event. Returns once it is in the ring ({@link Durability#ACCEPTED}) or journaled
     * ({@link Durability#JOURNALED}). When the ring is full it waits ({@link Backpressure#BLOCK}) or
     * throws {@link RejectedExecutionException} ({@link Backpressure#FAIL}).
     *
     * @throws IllegalStateException when the bus is stopping or stopped, or for {@code JOURNALED}
     *     durability before {@link #start()}. A publish already waiting for a slot when the bus stops
     *     gets one as the ring drains (its event is then handled or dead-lettered like the others), or
     *     this exception when the stop gives up on the ring.
     */
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
        int shard = shardOf(event);
        long sequence = backpressure == Backpressure.FAIL ? claimOrReject(event) : claimWaiting(event);
        publishClaimed(sequence, event, shard, target);
        if (durability == Durability.JOURNALED) {
            awaitJournaled(sequence, event);
        }
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
        int shard = shardOf(event);
        checkAccepting(event);
        long sequence;
        try {
            sequence = ring.tryNext();
        } catch (InsufficientCapacityException full) {
            return false;
        }
        publishClaimed(sequence, event, shard, null);
        if (durability == Durability.JOURNALED) {
            awaitJournaled(sequence, event);
        }
        return true;
    }

    private void publishClaimed(long sequence, Event event, int shard, HandlerState target) {
        try {
            EventSlot slot = ring.get(sequence);
            slot.set(event, EventSlot.NEW, shard, EventJournal.NO_INDEX, target);
            timeIfSampled(slot, sequence);
            if (slot.staged != null) {
                stage(slot, event);
            }
        } finally {
            ring.publish(sequence);
        }
    }

    /** Encodes the event's journal record on this, the publishing, thread (see {@link EventJournal#newStagedRecord()}). */
    private static void stage(EventSlot slot, Event event) {
        slot.stageFailure = null;
        try {
            slot.staged.stage(event);
        } catch (RuntimeException e) {
            slot.stageFailure = e; // reported by the journal stage, in ring order, as an append failure
        }
    }

    private long claimOrReject(Event event) {
        checkAccepting(event);
        try {
            return ring.tryNext();
        } catch (InsufficientCapacityException full) {
            throw new RejectedExecutionException("Bus '" + name + "' ring is full (" + ringSize
                    + " events); event " + event.id() + " not accepted");
        }
    }

    /**
     * Claims a slot, waiting while the ring is full. The Disruptor's {@code next()} claims with one
     * atomic add, where {@code tryNext()} reads the cursor and then compares-and-sets it: about 1 ns
     * less per publish, 5-10 % more events a second through the default bus (interleaved A/B runs).
     * It cannot give up while it waits; a stop that halts the consumers frees the ring when it has
     * swept it ({@link #deadLetterUnreleased}), and a publisher whose slot comes after that is
     * refused here.
     */
    private long claimWaiting(Event event) {
        checkAccepting(event);
        long sequence = ring.next();
        if (swept) {
            ring.publish(sequence); // left empty: the ring is read no more
            throw new IllegalStateException("Bus '" + name + "' stopped while event " + event.id()
                    + " waited for ring capacity; event not accepted");
        }
        return sequence;
    }

    /**
     * Waits until the journal stage is past {@code sequence}.
     *
     * @throws IllegalStateException when the append failed: the event was refused, no handler sees it
     */
    private void awaitJournaled(long sequence, Event event) {
        Sequence journaled = journalProcessor.getSequence();
        for (int attempt = 0; journaled.get() < sequence; attempt++) {
            if (!consumersRunning) {
                if (state == State.STOPPED) {
                    throw new BusStoppedException("Bus '" + name + "' stopped before the event was journaled");
                }
                throw new IllegalStateException("Durability.JOURNALED: start bus '" + name
                        + "' before publishing (nothing is journaled before start)");
            }
            backOff(attempt);
        }
        RuntimeException appendFailure = refusedSequences.remove(sequence);
        if (appendFailure != null) {
            throw new IllegalStateException("Event " + event.id() + " could not be journaled and was not accepted: "
                    + appendFailure.getMessage(), appendFailure);
        }
    }

    /** Called by the journal stage when an append failed (see {@link JournalStage}). */
    private void appendFailed(long sequence, EventSlot slot, RuntimeException error) {
        if (durability == Durability.JOURNALED && slot.kind == EventSlot.NEW) {
            slot.markRefused();
            refusedSequences.put(sequence, error);
        }
    }

    private boolean accepting() {
        State current = state;
        return current != State.DRAINING && current != State.STOPPED;
    }

    private void checkAccepting(Event event) {
        if (!accepting()) {
            throw new IllegalStateException("Bus '" + name + "' is " + (state == State.STOPPED ? "stopped" : "stopping")
                    + "; event " + event.id() + " not accepted");
        }
        if (durability == Durability.JOURNALED && !consumersRunning) {
            throw new IllegalStateException("Durability.JOURNALED: start bus '" + name
                    + "' before publishing (nothing is journaled before start)");
        }
    }

    /** Stamps the publish time of an event its shard's {@link LatencySampler} times. */
    private void timeIfSampled(EventSlot slot, long sequence) {
        long stride = latencySamplers[slot.shard].strideFor(sequence);
        if (stride != 0L) {
            slot.timeFrom(System.nanoTime(), stride);
        }
    }

    private int shardOf(Event event) {
        return dispatchThreads == 1 ? 0 : PartitionKeys.shardOf(partitionKey.apply(event), dispatchThreads);
    }

    /** Spin, then yield, then park for growing moments: a short wait costs little, a long one no CPU. */
    private static void backOff(int attempt) {
        if (attempt < 100) {
            Thread.onSpinWait();
        } else if (attempt < 200) {
            Thread.yield();
        } else {
            LockSupport.parkNanos(Math.min(1_000_000L, 1_000L << Math.min(10, (attempt - 200) / 10)));
        }
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
            if (isIdle()) {
                return true;
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            backOff(attempt);
        }
    }

    private boolean isIdle() {
        // Read the ring first: a retry or async call is counted before its slot is released, so a
        // fully released ring followed by zero pending work means nothing is left.
        long cursor = ring.getCursor();
        return Util.getMinimumSequence(tailSequences) >= cursor && pendingWork.get() == 0
                && recoveryRemaining.get() == 0;
    }

    // ---------------------------------------------------------------- lifecycle

    /**
     * Starts the bus: calls every handler's {@code onStart} (priority order), starts the consumer threads,
     * replays from the journal what each handler had not completed, then starts the transports. A failure
     * rolls back what was started and is rethrown (D10). Starting a running bus does nothing.
     *
     * @throws IllegalStateException when the bus was stopped
     */
    @Override
    public void start() throws Exception {
        synchronized (lifecycleLock) {
            if (state == State.RUNNING) {
                LOG.warn("Bus {} already running", name);
                return;
            }
            if (state != State.NEW) {
                throw new IllegalStateException("Bus '" + name + "' was stopped; a stopped bus cannot be restarted");
            }
            state = State.STARTING;
            List<HandlerState> started = new ArrayList<>();
            try {
                for (HandlerState handler : handlers.all()) {
                    handler.handler.onStart();
                    started.add(handler);
                }
                long recoverFrom = prepareRecovery();
                startThreads();
                if (recoverFrom != Long.MAX_VALUE) {
                    recover(recoverFrom);
                }
                startTransports();
            } catch (Exception | Error e) {
                rollBackStart(started, e);
                throw e;
            }
            state = State.RUNNING;
        }
        LOG.info("Bus {} started: {} handlers, {} transports, {} dispatch threads, ring of {}", name,
                handlerCount(), transportCount(), dispatchThreads, ringSize);
    }

    private void startThreads() {
        String prefix = "linebus-" + name + "-";
        int shard = 0;
        for (BatchEventProcessor<EventSlot> processor : processors) {
            String role = processor == journalProcessor ? "journal"
                    : processor == releaseProcessor ? "release" : "dispatch-" + shard++;
            Thread thread = new Thread(processor, prefix + role);
            threads.add(thread);
        }
        consumersRunning = true;
        for (Thread thread : threads) {
            thread.start();
        }
        retryScheduler.start(new Thread(retryScheduler, prefix + "retry"));
    }

    private void startTransports() throws Exception {
        List<BaseTransport> started = new ArrayList<>();
        try {
            for (BaseTransport transport : transports) {
                transport.start();
                started.add(transport);
            }
        } catch (Exception e) {
            for (int i = started.size() - 1; i >= 0; i--) {
                try {
                    started.get(i).stop();
                } catch (Exception stopFailure) {
                    e.addSuppressed(stopFailure);
                }
            }
            throw e;
        }
    }

    private void rollBackStart(List<HandlerState> started, Throwable cause) {
        LOG.error("Bus {} failed to start; rolling back", name, cause);
        if (consumersRunning) {
            try {
                retryScheduler.shutdown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cause.addSuppressed(e);
            }
            haltThreads(DEFAULT_STOP_TIMEOUT);
        }
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).handler.onStop();
            } catch (Exception stopFailure) {
                cause.addSuppressed(stopFailure);
            }
        }
        checkpointsLoaded = false; // the next start loads them again
        state = State.NEW; // events already in the ring stay there for the next start
    }

    /** Stops the bus, waiting at most {@link #DEFAULT_STOP_TIMEOUT} for the ring to drain. */
    @Override
    public void stop() throws Exception {
        stop(DEFAULT_STOP_TIMEOUT);
    }

    /**
     * Stops the bus: stops the transports, refuses new events, lets the ring drain (retries already due
     * included) within {@code timeout}, halts the consumer threads, dead-letters what is left with a
     * {@link BusStoppedException}, saves checkpoints, and calls every handler's {@code onStop}. Every step
     * runs even when an earlier one failed; the failures are thrown together at the end (D10). Stopping a
     * stopped bus does nothing; stopping one that never started dead-letters what was published to it.
     */
    public void stop(Duration timeout) throws Exception {
        Objects.requireNonNull(timeout, "timeout");
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception failure = null;
        synchronized (lifecycleLock) {
            if (state == State.STOPPED) {
                return;
            }
            boolean wasStarted = consumersRunning;
            state = State.STOPPING; // transports may still publish their last events
            if (wasStarted) {
                for (BaseTransport transport : transports) {
                    try {
                        transport.stop();
                    } catch (Exception e) {
                        failure = Failures.collect(failure, e);
                    }
                }
            }
            state = State.DRAINING;
            if (wasStarted) {
                try {
                    retryScheduler.shutdown();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failure = Failures.collect(failure, e);
                }
                if (!awaitIdle(Duration.ofNanos(Math.max(0L, deadline - System.nanoTime())))) {
                    LOG.warn("Bus {}: stop timeout of {} passed with {} events in the ring and {} pending; "
                            + "dead-lettering them", name, timeout, queueSize(), pendingWork.get());
                    abandoning = true;
                }
                haltThreads(Duration.ofNanos(Math.max(0L, deadline - System.nanoTime())));
            }
            int deadLettered = deadLetterUnreleased();
            if (wasStarted && journal != null && recoveryRemaining.get() == 0) {
                saveCheckpoints();
            }
            if (wasStarted) {
                for (HandlerState handler : handlers.all()) {
                    try {
                        handler.handler.onStop();
                    } catch (Exception e) {
                        failure = Failures.collect(failure, e);
                    }
                }
            }
            state = State.STOPPED;
            LOG.info("Bus {} stopped{}", name, deadLettered > 0 ? "; " + deadLettered + " unfinished events dead-lettered" : "");
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Halts the consumers between batches. A thread still inside a handler after the grace period is
     * interrupted; one that ignores that is left behind with an error log (its slot is then swept).
     */
    private void haltThreads(Duration grace) {
        for (BatchEventProcessor<EventSlot> processor : processors) {
            processor.halt();
        }
        long deadline = System.nanoTime() + grace.toNanos() + HALT_GRACE_NANOS;
        boolean interrupted = false;
        for (Thread thread : threads) {
            interrupted |= join(thread, deadline - System.nanoTime());
            if (thread.isAlive()) {
                LOG.warn("Bus {}: {} is still inside a handler after the stop timeout; interrupting it", name,
                        thread.getName());
                thread.interrupt();
                interrupted |= join(thread, HALT_GRACE_NANOS);
                if (thread.isAlive()) {
                    LOG.error("Bus {}: {} ignores interruption; leaving it behind", name, thread.getName());
                }
            }
        }
        threads.clear();
        consumersRunning = false;
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Joins for at most {@code nanos}; returns whether this thread was interrupted meanwhile. */
    private static boolean join(Thread thread, long nanos) {
        try {
            thread.join(Math.max(1L, TimeUnit.NANOSECONDS.toMillis(nanos)));
            return false;
        } catch (InterruptedException e) {
            return true;
        }
    }

    /**
     * After a halt: every event in the ring whose handlers did not run is dead-lettered, never lost
     * silently (D6). A slot is cleared once settled, so what still holds an event is unsettled.
     */
    private int deadLetterUnreleased() {
        swept = true; // before the tails move on below, which lets publishers waiting for room claim
        int deadLettered = 0;
        long cursor = ring.getCursor();
        for (long sequence = Math.max(0L, cursor - ringSize + 1); sequence <= cursor; sequence++) {
            EventSlot slot = ring.get(sequence);
            if (slot.event == null) {
                continue;
            }
            if (!slot.dispatched()) {
                if (slot.kind == EventSlot.RETRY) {
                    slot.target.untrack(slot.journalIndex);
                    pendingWork.decrementAndGet();
                } else if (slot.kind == EventSlot.RECOVERY) {
                    recoveryRemaining.decrementAndGet();
                }
                if (!slot.refused()) {
                    invoker.deadLetter(slot.target, slot.event,
                            new BusStoppedException("Bus '" + name + "' stopped before the event was handled"), false);
                    deadLettered++;
                }
            }
            slot.clear();
        }
        for (Sequence tail : tailSequences) {
            tail.set(cursor);
        }
        return deadLettered;
    }

    /** Stops the bus with the default timeout. */
    @Override
    public void close() throws Exception {
        stop();
    }

    // ---------------------------------------------------------------- recovery and checkpoints

    /**
     * Loads each handler's checkpoint. A handler with none starts at the journal's end (it is new); the
     * others get, on start, the events after their checkpoint.
     *
     * @return the lowest checkpoint below the journal's end, or {@code Long.MAX_VALUE} when nothing is to be replayed
     */
    private long prepareRecovery() {
        if (journal == null) {
            return Long.MAX_VALUE;
        }
        // Held against registrations: a handler registered from now on is checkpointed by registering().
        return handlers.withRegistrationsHeld(this::loadCheckpoints);
    }

    private long loadCheckpoints() {
        long end = journalEnd();
        lastReleasedIndex = end;
        long lowest = Long.MAX_VALUE;
        for (HandlerState handler : handlers.all()) {
            long checkpoint = journal.loadCheckpoint(handler.name);
            if (checkpoint == EventJournal.NO_INDEX || checkpoint > end) {
                checkpoint = end;
                journal.saveCheckpoint(handler.name, end);
            }
            handler.recoveryCheckpoint = checkpoint;
            handler.savedCheckpoint = checkpoint;
            if (checkpoint < end) {
                lowest = Math.min(lowest, checkpoint);
            }
        }
        checkpointsLoaded = true;
        return lowest;
    }

    /**
     * The checkpoint of a handler that starts now: the journal's last index. On an empty journal it is
     * {@link EventJournal#BEFORE_FIRST}, not no checkpoint at all: a crash before its first save must
     * not make it look new (and skip what it never completed).
     */
    private long journalEnd() {
        long last = journal.lastIndex();
        return last == EventJournal.NO_INDEX ? EventJournal.BEFORE_FIRST : last;
    }

    /**
     * A handler registered once the checkpoints are loaded starts at the journal's end, as a new handler
     * on start does, and its checkpoint is saved at once: until then a crash would make it look new
     * after the restart and skip what it had not completed, and recovery replays of older events
     * under way are not for it.
     */
    @Override
    void registering(HandlerState handler) {
        if (journal == null || !checkpointsLoaded || state == State.STOPPED) {
            return; // before start, prepareRecovery() loads its checkpoint; after stop, there is nothing to keep
        }
        try {
            long end = journalEnd();
            journal.saveCheckpoint(handler.name, end);
            handler.recoveryCheckpoint = end;
            handler.savedCheckpoint = end;
        } catch (RuntimeException e) {
            LOG.warn("Bus {}: could not save the first checkpoint of handler {} (it gets one with the next"
                    + " checkpoints saved)", name, handler.name, e);
        }
    }

    private void recover(long after) {
        long[] replayed = new long[1];
        journal.readAfter(after, (index, event) -> {
            for (HandlerState handler : handlers.forType(event.eventType())) {
                if (index > handler.recoveryCheckpoint) {
                    recoveryRemaining.incrementAndGet();
                    long sequence = claimWaiting(event);
                    try {
                        EventSlot slot = ring.get(sequence);
                        slot.set(event, EventSlot.RECOVERY, shardOf(event), index, null);
                        timeIfSampled(slot, sequence);
                    } finally {
                        ring.publish(sequence);
                    }
                    replayed[0]++;
                    return;
                }
            }
        });
        if (replayed[0] > 0) {
            LOG.info("Bus {}: replaying {} journaled events that handlers had not completed", name, replayed[0]);
        }
    }

    private void saveCheckpoints() {
        for (HandlerState handler : handlers.all()) {
            long completed = handler.completedUpTo(lastReleasedIndex);
            if (completed > handler.savedCheckpoint) {
                try {
                    journal.saveCheckpoint(handler.name, completed);
                    handler.savedCheckpoint = completed;
                } catch (RuntimeException e) {
                    LOG.error("Bus {}: saving the checkpoint of handler {} failed", name, handler.name, e);
                }
            }
        }
    }

    // ---------------------------------------------------------------- stage 2: dispatch

    /**
     * Runs the handlers of one slot and settles what its shard can settle; called by its shard's
     * thread. Without a journal the slot is cleared here, with one by the release stage.
     *
     * @param handlerLookup the shard's own lookup of the handlers for a type
     * @return whether the handlers ran (false: the stop's sweep takes the slot)
     */
    boolean dispatch(EventSlot slot, HandlerTable.Lookup handlerLookup) {
        if (abandoning) {
            return false;
        }
        if (!slot.refused()) {
            Event event = slot.event;
            if (slot.kind == EventSlot.NEW) {
                callbacks.notifyEvent(event);
            }
            HandlerState target = slot.target;
            if (target != null) {
                if (target.registered) {
                    invoke(target, slot, event, true);
                } else {
                    invoker.deadLetter(target, event, new IllegalStateException("Handler " + target.name
                            + " was unregistered before the event reached it"), false);
                }
            } else {
                HandlerState[] forType = handlerLookup.forType(slot.type);
                if (forType.length == 1) {
                    invokeOfItsType(forType[0], slot, event); // outside a loop: entering one cost ~0.6 ns (StageCosts)
                } else {
                    for (HandlerState handler : forType) {
                        invokeOfItsType(handler, slot, event);
                    }
                }
            }
            if (slot.kind == EventSlot.RETRY) {
                target.untrack(slot.journalIndex);
                pendingWork.decrementAndGet();
            }
        }
        slot.markDispatched();
        return true;
    }

    /**
     * Settles a slot on its shard's thread when no release stage comes after the shards: the single
     * shard of a journaled bus does the release stage's work, any other shard clears its slot.
     */
    void settleInShard(EventSlot slot, long sequence, boolean endOfBatch) {
        if (releaseProcessor == null) {
            if (journal != null) {
                release(slot, sequence, endOfBatch);
            } else {
                slot.clear();
            }
        }
    }

    /** Invokes a handler of the event's type, unless it is a recovered event the handler had completed. */
    private void invokeOfItsType(HandlerState handler, EventSlot slot, Event event) {
        if (slot.kind != EventSlot.RECOVERY || slot.journalIndex > handler.recoveryCheckpoint) {
            invoke(handler, slot, event, false);
        }
    }

    /**
     * @param targeted a retry or a {@code publishTo}: an event meant for this one handler, which is
     *     dead-lettered (never dropped) when the handler no longer takes it
     */
    private void invoke(HandlerState handler, EventSlot slot, Event event, boolean targeted) {
        switch (invoker.admit(handler, event, slot.journalIndex, !targeted)) {
            case SKIP -> {
                if (targeted) {
                    slot.markFailed();
                    invoker.deadLetterUntaken(handler, event);
                }
            }
            case FAILED -> slot.markFailed();
            case RUN -> {
                if (handler.async) {
                    invokeAsync(handler, event, slot.journalIndex);
                } else if (!invoker.runBlocking(handler, event, slot.journalIndex)) {
                    slot.markFailed();
                }
            }
        }
    }

    private void invokeAsync(HandlerState handler, Event event, long journalIndex) {
        asyncPermits.acquireUninterruptibly(); // the bound is backpressure on this shard, not loss
        pendingWork.incrementAndGet();
        handler.track(journalIndex);
        CompletionStage<Object> stage;
        try {
            stage = handler.handler.handleAsync(event);
            if (stage == null) {
                stage = CompletableFuture.failedFuture(new NullPointerException(handler.name + ".handleAsync returned null"));
            }
        } catch (Throwable error) {
            Failures.rethrowIfFatal(error);
            stage = CompletableFuture.failedFuture(error);
        }
        stage.whenComplete((result, error) -> completeAsync(handler, event, journalIndex, error));
    }

    private void completeAsync(HandlerState handler, Event event, long journalIndex, Throwable error) {
        try {
            if (error == null) {
                invoker.succeed(handler);
            } else {
                invoker.fail(handler, event, journalIndex, Failures.unwrap(error));
            }
        } finally {
            handler.untrack(journalIndex);
            asyncPermits.release();
            pendingWork.decrementAndGet();
        }
    }

    /** Holds a retry of one (event, handler) pair on the timer wheel until its delay has passed. */
    private void scheduleRetry(HandlerState handler, Event retry, long journalIndex, long delayNanos) {
        pendingWork.incrementAndGet();
        handler.track(journalIndex);
        retryScheduler.schedule(new RetryScheduler.RetryTask(retry, handler, journalIndex, System.nanoTime() + delayNanos));
    }

    // ---------------------------------------------------------------- stage 3: release

    /**
     * Settles one slot once every shard is done with it: moves the journal checkpoints on. Called by
     * the release thread (a journal and several shards) or by the single shard of a journaled bus.
     */
    void release(EventSlot slot, long sequence, boolean endOfBatch) {
        if (abandoning) {
            return; // the stop's sweep settles it
        }
        if (slot.kind == EventSlot.NEW && slot.journalIndex != EventJournal.NO_INDEX) {
            lastReleasedIndex = slot.journalIndex;
        } else if (slot.kind == EventSlot.RECOVERY) {
            recoveryRemaining.decrementAndGet();
        }
        slot.clear();
        if (endOfBatch) {
            long now = System.nanoTime();
            boolean ringEmpty = ring.getCursor() == sequence;
            if ((ringEmpty || now - lastCheckpointNanos >= CHECKPOINT_INTERVAL_NANOS) && recoveryRemaining.get() == 0) {
                saveCheckpoints();
                lastCheckpointNanos = now;
            }
        }
    }

    // ---------------------------------------------------------------- retries

    /** Re-enters due retries into the ring, and dead-letters those the stopping bus cannot run. */
    private final class RetrySink implements RetryScheduler.Sink {
        @Override
        public void publishRetry(RetryScheduler.RetryTask task) {
            for (int attempt = 0; ; attempt++) {
                if (!consumersRunning) {
                    abandon(task);
                    return;
                }
                long sequence;
                try {
                    sequence = ring.tryNext();
                } catch (InsufficientCapacityException full) {
                    backOff(attempt);
                    continue;
                }
                Event event = task.event();
                try {
                    ring.get(sequence).set(event, EventSlot.RETRY, shardOf(event), task.journalIndex(), task.target());
                } finally {
                    ring.publish(sequence);
                }
                return;
            }
        }

        @Override
        public void abandon(RetryScheduler.RetryTask task) {
            invoker.deadLetter(task.target(), task.event(), new BusStoppedException("Bus '" + name
                    + "' stopped before retry " + task.event().metadata().retryCount() + " could run"), false);
            task.target().untrack(task.journalIndex());
            pendingWork.decrementAndGet();
        }
    }

    /** Keeps every consumer thread alive whatever a stage throws; the failure is logged. */
    private final class ContainingExceptionHandler implements ExceptionHandler<EventSlot> {
        @Override
        public void handleEventException(Throwable error, long sequence, EventSlot slot) {
            LOG.error("Bus {}: fatal error while processing event {} at sequence {}; the bus goes on", name,
                    slot.event == null ? "?" : slot.event.id(), sequence, error);
        }

        @Override
        public void handleOnStartException(Throwable error) {
            LOG.error("Bus {}: consumer start failed", name, error);
        }

        @Override
        public void handleOnShutdownException(Throwable error) {
            LOG.error("Bus {}: consumer shutdown failed", name, error);
        }
    }

    @Override
    public String toString() {
        return "AsyncEventBus(name=" + name + ", handlers=" + handlerCount() + ", transports=" + transportCount()
                + ", running=" + isRunning() + ")";
    }

    /** Builds an {@link AsyncEventBus}; every setting has a default. */
    public static final class Builder extends BusBuilder<Builder> {
        private int ringSize = DEFAULT_RING_SIZE;
        private WaitStrategyKind waitStrategy = WaitStrategyKind.SLEEPING;
        private ProducerType producerType = ProducerType.MULTI;
        private int dispatchThreads = 1;
        private Backpressure backpressure = Backpressure.BLOCK;
        private int maxConcurrent = DEFAULT_MAX_CONCURRENT;
        private EventJournal journal;
        private Durability durability = Durability.ACCEPTED;

        private Builder() {
            super(DEFAULT_NAME);
        }

        @Override
        Builder self() {
            return this;
        }

        /** Ring capacity in events: a power of two, at least 2 (default 65,536). */
        public Builder ringSize(int value) {
            if (value < 2 || Integer.bitCount(value) != 1) {
                throw new IllegalArgumentException("ringSize must be a power of two >= 2, got " + value);
            }
            ringSize = value;
            return this;
        }

        public Builder waitStrategy(WaitStrategyKind value) {
            waitStrategy = Objects.requireNonNull(value, "waitStrategy");
            return this;
        }

        /**
         * {@code MULTI} (default) for publishers on several threads; {@code SINGLE} only when exactly one
         * thread publishes, transports included (and then no retry policy or journal, whose retries and
         * recovered events the bus publishes from its own threads).
         */
        public Builder producerType(ProducerType value) {
            producerType = Objects.requireNonNull(value, "producerType");
            return this;
        }

        /** The number of dispatch shards, each a thread (default 1). */
        public Builder dispatchThreads(int value) {
            if (value < 1 || value > 256) {
                throw new IllegalArgumentException("dispatchThreads must be in 1..256, got " + value);
            }
            dispatchThreads = value;
            return this;
        }

        public Builder backpressure(Backpressure value) {
            backpressure = Objects.requireNonNull(value, "backpressure");
            return this;
        }

        /** How many {@code AsyncHandler} calls may be in flight at once (default 100). */
        public Builder maxConcurrent(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxConcurrent must be >= 1, got " + value);
            }
            maxConcurrent = value;
            return this;
        }

        /** Null: no journal stage. */
        public Builder journal(EventJournal value) {
            journal = value;
            return this;
        }

        public Builder durability(Durability value) {
            durability = Objects.requireNonNull(value, "durability");
            return this;
        }

        /**
         * @throws IllegalStateException for {@code JOURNALED} durability without a journal, or a
         *     {@code SINGLE} producer with a retry policy or a journal (the bus's own threads then
         *     publish retries and recovered events into the ring too)
         */
        public AsyncEventBus build() {
            if (producerType == ProducerType.SINGLE && (retryPolicy != null || journal != null)) {
                throw new IllegalStateException("producerType SINGLE allows one publishing thread only, but with a "
                        + (retryPolicy != null ? "retry policy" : "journal") + " the bus itself publishes "
                        + (retryPolicy != null ? "retries" : "recovered events") + " too: use ProducerType.MULTI");
            }
            return new AsyncEventBus(this);
        }
    }
}
