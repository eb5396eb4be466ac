package io.linebus.bus;

import io.linebus.models.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The synchronous bus's {@code publishAsync}: bounded queues, one per worker thread, events spread
 * over them by partition key so that one unit's queued events keep their order. The queues outlive a
 * stop, so a restarted bus serves what a stop left in them only if the stop did not dead-letter it.
 */
final class QueueWorkers {
    private static final Logger LOG = LoggerFactory.getLogger(QueueWorkers.class);
    private static final long POLL_MILLIS = 100;
    /** How long an interrupted worker may take to leave the handler it is in. */
    private static final long HALT_GRACE_MILLIS = 1_000;

    private final String busName;
    private final BusLifecycle lifecycle;
    private final Function<Event, ?> partitionKey;
    private final Consumer<Event> handle;
    private final HandlerInvoker invoker;
    /** The bus's count of what it has taken on and not finished. */
    private final AtomicLong outstanding;
    private final List<BlockingQueue<Queued>> queues;
    private final List<Thread> workers = new ArrayList<>();

    /**
     * @param handle runs an event's handlers on the calling worker thread
     */
    QueueWorkers(String busName, BusLifecycle lifecycle, int count, int capacity, Function<Event, ?> partitionKey,
            Consumer<Event> handle, HandlerInvoker invoker, AtomicLong outstanding) {
        this.busName = busName;
        this.lifecycle = lifecycle;
        this.partitionKey = partitionKey;
        this.handle = handle;
        this.invoker = invoker;
        this.outstanding = outstanding;
        int perWorker = Math.max(1, capacity / count);
        List<BlockingQueue<Queued>> perWorkerQueues = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            perWorkerQueues.add(new ArrayBlockingQueue<>(perWorker));
        }
        this.queues = List.copyOf(perWorkerQueues);
    }

    int count() {
        return queues.size();
    }

    /** Events waiting in the queues. */
    int size() {
        int size = 0;
        for (BlockingQueue<Queued> queue : queues) {
            size += queue.size();
        }
        return size;
    }

    /**
     * Queues the event for its worker; waits while that worker's queue is full, until the bus stops.
     *
     * @throws IllegalStateException when the bus stops before the event is queued (also while waiting
     *     for room), or when interrupted while waiting
     */
    void enqueue(Event event) {
        BlockingQueue<Queued> queue = queues.get(PartitionKeys.shardOf(partitionKey.apply(event), queues.size()));
        Queued entry = new Queued(event);
        outstanding.incrementAndGet();
        try {
            // Not an unbounded put: a queue whose worker is stuck or gone may never make room, and a
            // stopped bus must not keep its publishers waiting.
            while (!queue.offer(entry, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                if (!running()) {
                    outstanding.decrementAndGet();
                    throw new IllegalStateException("Bus '" + busName + "' stopped while event " + event.id()
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
        if (!running() && queue.remove(entry)) {
            outstanding.decrementAndGet();
            throw new IllegalStateException("Bus '" + busName + "' stopped; event " + event.id() + " not accepted");
        }
    }

    private boolean running() {
        return lifecycle.state() == BusState.RUNNING;
    }

    /** Starts one thread per queue. */
    void start() {
        workers.clear();
        for (int i = 0; i < queues.size(); i++) {
            BlockingQueue<Queued> queue = queues.get(i);
            Thread worker = new Thread(() -> work(queue), "EventBus-" + busName + "-Worker-" + i);
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
        while (!lifecycle.abandoned() && (running() || !queue.isEmpty())) {
            Queued entry;
            try {
                entry = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                continue; // an abandoning stop interrupts; the loop condition decides
            }
            if (entry == null) {
                continue;
            }
            Event event = entry.event;
            try {
                handle.accept(event);
            } catch (VirtualMachineError fatal) {
                LOG.error("Bus {}: fatal error on event {}; dead-lettering it, the worker carries on", busName,
                        event.id(), fatal);
                try {
                    invoker.deadLetter(null, event, fatal, false);
                } catch (RuntimeException | Error again) {
                    LOG.error("Bus {}: could not dead-letter event {}", busName, event.id(), again);
                }
            } catch (RuntimeException | Error e) {
                LOG.error("Bus {}: worker error on event {}", busName, event.id(), e);
            } finally {
                outstanding.decrementAndGet();
            }
        }
    }

    /** Waits for the workers to drain their queues and end (the bus is draining); true when they did in time. */
    boolean awaitDrained(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean drained = true;
        boolean interrupted = false;
        for (Thread worker : workers) {
            try {
                worker.join(Math.max(1L, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                interrupted = true;
            }
            drained &= !worker.isAlive();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return drained;
    }

    /** Interrupts the workers once the stop gave up on them; one that ignores it is left behind, logged. */
    void halt() {
        boolean interrupted = false;
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
                LOG.error("Bus {}: {} ignores interruption; leaving it behind", busName, worker.getName());
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Dead-letters what is left in the queues; returns how many. */
    int deadLetterLeft() {
        List<Queued> left = new ArrayList<>();
        for (BlockingQueue<Queued> queue : queues) {
            queue.drainTo(left);
        }
        for (Queued entry : left) {
            invoker.deadLetter(null, entry.event, new BusStoppedException("Bus '" + busName
                    + "' stopped before the event was handled"), false);
            outstanding.decrementAndGet();
        }
        return left.size();
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
}
