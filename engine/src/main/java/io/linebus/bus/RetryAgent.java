package io.linebus.bus;

import io.linebus.models.Event;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.agrona.DeadlineTimerWheel;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.IdleStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds retries until their delay has passed, on an Agrona timer wheel, then hands each to its
 * {@link Sink} (D2: a dispatch thread never sleeps for a retry). An {@link Agent} on its own
 * {@link AgentRunner} thread: dispatch threads only enqueue, the wheel is confined to the agent.
 *
 * <p>Bounded: at most {@code capacity} retries wait at once; one more is handed to
 * {@link Sink#abandon} with the reason and counted ({@link #overflowed()}), never held in memory
 * without end. Once closed, a retry already due is handed to the sink at once, on the caller's
 * thread and without waiting for ring space, and any other is abandoned.
 */
final class RetryAgent implements Agent {
    private static final Logger LOG = LoggerFactory.getLogger(RetryAgent.class);

    /** One pending retry of an (event, handler) pair. */
    record RetryTask(Event event, HandlerState target, long journalIndex, MessageTracker tracker, long dueNanos) {
    }

    /** What the agent does with retries. */
    interface Sink {
        /**
         * Runs a due retry, or re-enters it into the ring.
         *
         * @param mayWait false on a thread that must not wait for ring space (a dispatch shard's)
         */
        void publishRetry(RetryTask task, boolean mayWait);

        /** Ends a retry that cannot run: the bus is stopping, or too many retries wait. */
        void abandon(RetryTask task, RuntimeException reason);
    }

    private static final long TICK_NANOS = 1L << 20; // ~1 ms: retry delays are milliseconds to minutes
    /**
     * The longest park, also while no retry waits. Parking without a timeout made multi-producer
     * buses slower in most runs (perf-results/README.md): these short wake-ups seem to keep
     * producer and consumer out of lockstep. Kept until that is understood.
     */
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final String busName;
    private final Sink sink;
    private final int capacity;
    private final AtomicInteger waiting = new AtomicInteger();
    private final LongAdder overflowed = new LongAdder();
    private final ConcurrentLinkedQueue<RetryTask> incoming = new ConcurrentLinkedQueue<>();
    private final DeadlineTimerWheel wheel;
    private final Long2ObjectHashMap<RetryTask> scheduled = new Long2ObjectHashMap<>();
    private final DeadlineTimerWheel.TimerHandler onExpiry = this::onExpiry;
    private volatile AgentRunner runner;
    /** Set when the shutdown begins: a retry waiting for ring space gives up (see {@link #open()}). */
    private volatile boolean closing;
    private volatile boolean closed;

    RetryAgent(String busName, Sink sink, int capacity) {
        this.busName = busName;
        this.sink = sink;
        this.capacity = capacity;
        this.wheel = new DeadlineTimerWheel(TimeUnit.NANOSECONDS, System.nanoTime(), TICK_NANOS, 512);
    }

    /**
     * Starts serving retries on a new thread of this name; again after {@link #shutdown()} (a failed
     * start of the asynchronous bus, the synchronous bus's first retry after a stop).
     */
    void start(String threadName, boolean daemon) {
        closing = false;
        closed = false;
        wheel.currentTickTime(System.nanoTime()); // stood still while no agent ran: catch up now, not a tick per poll
        AgentRunner started = new AgentRunner(new UntilDue(), error -> LOG.error("Bus {}: retry agent error", busName, error),
                null, this);
        runner = started;
        // Not AgentRunner.startOnThread: it renames the thread to roleName().
        Thread thread = new Thread(started, threadName);
        thread.setDaemon(daemon);
        thread.start();
    }

    /** Takes a retry: see the class comment for a full agent and a closed one. */
    void schedule(RetryTask task) {
        if (waiting.incrementAndGet() > capacity) {
            waiting.decrementAndGet();
            overflowed.increment();
            sink.abandon(task, new RejectedExecutionException("Bus '" + busName + "' has " + capacity
                    + " retries waiting already (its retry capacity); retry " + task.event().metadata().retryCount()
                    + " not scheduled"));
            return;
        }
        if (closed) {
            handOverClosed(task);
            return;
        }
        incoming.add(task);
        AgentRunner current = runner;
        Thread thread = current == null ? null : current.thread();
        if (thread != null) {
            LockSupport.unpark(thread);
        }
        // Raced with the final drain: whoever removes the task from the queue owns it.
        if (closed && incoming.remove(task)) {
            handOverClosed(task);
        }
    }

    /**
     * Whether a retry may still wait for ring space: not once the shutdown began, since the stop may
     * be waiting for this agent while a stuck handler keeps the ring full.
     */
    boolean open() {
        return !closing;
    }

    /** Retries waiting for their delay (a due one leaves the count before its sink publishes it). */
    int depth() {
        return waiting.get();
    }

    /** Retries abandoned because {@code capacity} retries were waiting already. */
    long overflowed() {
        return overflowed.sum();
    }

    /** Publishes what is due, abandons the rest, and ends the agent's thread; waits for it to finish. */
    void shutdown() {
        closing = true;
        AgentRunner current = runner;
        if (current != null) {
            current.close();
        } else {
            onClose();
        }
    }

    @Override
    public int doWork() {
        long now = System.nanoTime();
        if (wheel.timerCount() == 0) {
            wheel.currentTickTime(now); // an empty wheel keeps up with the clock instead of catching up tick by tick
        }
        return takeIncoming(now) + wheel.poll(now, onExpiry, Integer.MAX_VALUE);
    }

    @Override
    public void onClose() {
        closing = true;
        closed = true;
        long now = System.nanoTime();
        takeIncoming(now);
        wheel.poll(now, onExpiry, Integer.MAX_VALUE);
        for (RetryTask task : scheduled.values()) {
            waiting.decrementAndGet();
            sink.abandon(task, stopped(task));
        }
        scheduled.clear();
        wheel.clear();
        RetryTask late;
        while ((late = incoming.poll()) != null) {
            handOverClosed(late);
        }
    }

    @Override
    public String roleName() {
        return "linebus-" + busName + "-retry";
    }

    private void handOverClosed(RetryTask task) {
        waiting.decrementAndGet();
        if (task.dueNanos() - System.nanoTime() <= 0) {
            sink.publishRetry(task, false);
        } else {
            sink.abandon(task, stopped(task));
        }
    }

    private BusStoppedException stopped(RetryTask task) {
        return new BusStoppedException("Bus '" + busName + "' stopped before retry "
                + task.event().metadata().retryCount() + " could run");
    }

    private int takeIncoming(long now) {
        int taken = 0;
        RetryTask task;
        while ((task = incoming.poll()) != null) {
            taken++;
            if (task.dueNanos() - now <= 0) {
                waiting.decrementAndGet();
                sink.publishRetry(task, true);
            } else {
                scheduled.put(wheel.scheduleTimer(task.dueNanos()), task);
            }
        }
        return taken;
    }

    private boolean onExpiry(TimeUnit unit, long now, long timerId) {
        RetryTask task = scheduled.remove(timerId);
        if (task != null) {
            waiting.decrementAndGet();
            sink.publishRetry(task, true);
        }
        return true;
    }

    /** Parks until the next retry is due (at most {@link #MAX_PARK_NANOS}); a new retry unparks it. */
    private final class UntilDue implements IdleStrategy {
        @Override
        public void idle(int workCount) {
            if (workCount == 0) {
                idle();
            }
        }

        @Override
        public void idle() {
            if (!incoming.isEmpty()) {
                return;
            }
            long park = MAX_PARK_NANOS;
            if (wheel.timerCount() > 0) {
                park = Math.max(1L, Math.min(park, wheel.currentTickTime() - System.nanoTime()));
            }
            LockSupport.parkNanos(this, park);
        }

        @Override
        public void reset() {
        }
    }
}
