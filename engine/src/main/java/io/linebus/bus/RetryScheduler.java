package io.linebus.bus;

import io.linebus.models.Event;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.DeadlineTimerWheel;

/**
 * Holds retries until their delay has passed, on an Agrona timer wheel served by one thread, then
 * hands each back to the bus to re-enter the ring (D2: the dispatch shards never sleep). Shard
 * threads only enqueue; the wheel itself is confined to the scheduler thread.
 */
final class RetryScheduler implements Runnable {
    /** One pending retry of an (event, handler) pair. */
    record RetryTask(Event event, HandlerState target, long journalIndex, long dueNanos) {
    }

    /** What the scheduler does with retries. */
    interface Sink {
        /** Re-enters a due retry into the ring. */
        void publishRetry(RetryTask task);

        /** Ends a retry that can no longer run because the bus is stopping. */
        void abandon(RetryTask task);
    }

    private static final long TICK_NANOS = 1L << 20; // ~1 ms: retry delays are milliseconds to minutes
    /**
     * The longest park, also while no retry waits. Not a needless wake-up: parking without a timeout
     * instead made multi-producer buses run at 15 to 35 instead of 60 to 70 M events/s on 2 cores in
     * most runs; it seems these short wake-ups keep producer and consumer from falling into lockstep.
     * Kept until that is understood.
     */
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final Sink sink;
    private final ConcurrentLinkedQueue<RetryTask> incoming = new ConcurrentLinkedQueue<>();
    private final DeadlineTimerWheel wheel;
    private final Long2ObjectHashMap<RetryTask> scheduled = new Long2ObjectHashMap<>();
    private final DeadlineTimerWheel.TimerHandler onExpiry = this::onExpiry;
    private volatile Thread thread;
    private volatile boolean stopping;
    private volatile boolean terminated;

    RetryScheduler(Sink sink) {
        this.sink = sink;
        this.wheel = new DeadlineTimerWheel(TimeUnit.NANOSECONDS, System.nanoTime(), TICK_NANOS, 512);
    }

    /** Starts (or, after {@link #shutdown()}, restarts) serving retries on {@code thread}. */
    void start(Thread thread) {
        stopping = false;
        terminated = false;
        this.thread = thread;
        thread.start();
    }

    /**
     * Takes a retry. Once the bus is stopping, a retry that is already due still runs and any
     * other is abandoned.
     */
    void schedule(RetryTask task) {
        if (terminated) {
            if (task.dueNanos() - System.nanoTime() <= 0) {
                sink.publishRetry(task);
            } else {
                sink.abandon(task);
            }
            return;
        }
        incoming.add(task);
        Thread current = thread;
        if (current != null) {
            LockSupport.unpark(current);
        }
        // Raced with the final drain: whoever removes the task from the queue owns it.
        if (terminated && incoming.remove(task)) {
            schedule(task);
        }
    }

    /** Publishes what is due, abandons the rest, and ends the thread; waits for it to finish. */
    void shutdown() throws InterruptedException {
        stopping = true;
        Thread current = thread;
        if (current != null) {
            LockSupport.unpark(current);
            current.join();
        } else {
            drainOnShutdown();
        }
    }

    @Override
    public void run() {
        while (!stopping) {
            long now = System.nanoTime();
            takeIncoming(now);
            wheel.poll(now, onExpiry, Integer.MAX_VALUE);
            long park = MAX_PARK_NANOS;
            if (wheel.timerCount() > 0) {
                park = Math.max(1L, Math.min(park, wheel.currentTickTime() - now));
            }
            if (incoming.isEmpty() && !stopping) {
                LockSupport.parkNanos(this, park);
            }
        }
        drainOnShutdown();
    }

    private void drainOnShutdown() {
        terminated = true;
        long now = System.nanoTime();
        takeIncoming(now);
        wheel.poll(now, onExpiry, Integer.MAX_VALUE);
        for (RetryTask task : scheduled.values()) {
            sink.abandon(task);
        }
        scheduled.clear();
        wheel.clear();
        RetryTask late;
        while ((late = incoming.poll()) != null) {
            schedule(late);
        }
    }

    private void takeIncoming(long now) {
        RetryTask task;
        while ((task = incoming.poll()) != null) {
            if (task.dueNanos() - now <= 0) {
                sink.publishRetry(task);
            } else {
                scheduled.put(wheel.scheduleTimer(task.dueNanos()), task);
            }
        }
    }

    private boolean onExpiry(TimeUnit unit, long now, long timerId) {
        RetryTask task = scheduled.remove(timerId);
        if (task != null) {
            sink.publishRetry(task);
        }
        return true;
    }
}
