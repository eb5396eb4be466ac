package io.linebus.benchmarks;

import io.linebus.models.Event;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.function.Consumer;

/**
 * The naive-port baseline: an {@link ArrayBlockingQueue} and one worker thread that takes events
 * from it and hands them to a consumer.
 */
public final class QueueWorker {
    private final ArrayBlockingQueue<Event> queue;
    private final Thread worker;

    public QueueWorker(int capacity, Consumer<Event> consumer) {
        queue = new ArrayBlockingQueue<>(capacity);
        worker = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    consumer.accept(queue.take());
                }
            } catch (InterruptedException stopped) {
                // stop() interrupts the worker: it ends
            }
        }, "blocking-queue-worker");
        worker.start();
    }

    /** Puts the event, waiting while the queue is full. */
    public void publish(Event event) throws InterruptedException {
        queue.put(event);
    }

    /** Halts the consumer thread and waits (at most 10 s) for it to end. */
    public void stop() throws InterruptedException {
        worker.interrupt();
        worker.join(10_000L);
    }
}
