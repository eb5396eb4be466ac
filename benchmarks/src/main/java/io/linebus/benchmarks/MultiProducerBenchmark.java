package io.linebus.benchmarks;

import com.lmax.disruptor.dsl.ProducerType;
import io.linebus.bus.AsyncEventBus;
import io.linebus.bus.WaitStrategyKind;
import io.linebus.models.Event;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Events per second from 2 and 4 producer threads (the JMH threads) to one counting handler: the
 * linebus bus (multi-producer ring, one dispatch shard) against a bare multi-producer Disruptor ring
 * and an {@code ArrayBlockingQueue} with one worker.
 *
 * <p>Each invocation publishes {@link #BATCH} shared, pre-built events from the calling thread, adds
 * them to the published total, and waits until the handler has counted at least that total; the
 * score is the sum over the threads, in events handled per second.
 */
public class MultiProducerBenchmark extends LinebusBenchmark {
    /** Events per invocation and thread; four producers together stay within half the ring. */
    public static final int BATCH = 8_192;

    /** State shared by all producer threads of a trial. */
    @State(Scope.Benchmark)
    public abstract static class Load {
        final ConsumedCounter counter = new ConsumedCounter();
        final AtomicLong published = new AtomicLong();
        Event[] events;

        void prepareEvents() {
            events = BenchmarkEvents.testResults(BATCH);
        }

        /** Adds one batch to the published total and waits until the handler has counted that many. */
        void awaitBatch() {
            counter.awaitAtLeast(published.addAndGet(BATCH));
        }
    }

    /** A started linebus bus with a multi-producer ring and a {@link CountingHandler}. */
    public static class BusLoad extends Load {
        @Param({"SLEEPING", "BLOCKING"})
        public WaitStrategyKind waitStrategy;
        AsyncEventBus bus;

        @Setup(Level.Trial)
        public void start() throws Exception {
            prepareEvents();
            bus = AsyncEventBus.builder().name("multi-producer").ringSize(RING_SIZE).waitStrategy(waitStrategy)
                    .producerType(ProducerType.MULTI).dispatchThreads(1).build();
            bus.registerHandler(new CountingHandler(counter));
            bus.start();
        }

        @TearDown(Level.Trial)
        public void stop() throws Exception {
            bus.stop(Duration.ofSeconds(10));
        }
    }

    /** A bare multi-producer Disruptor ring with a counting consumer. */
    public static class RawLoad extends Load {
        @Param({"SLEEPING", "BLOCKING"})
        public WaitStrategyKind waitStrategy;
        RawRing ring;

        @Setup(Level.Trial)
        public void start() {
            prepareEvents();
            ring = new RawRing(RING_SIZE, ProducerType.MULTI, waitStrategy, event -> counter.increment());
        }

        @TearDown(Level.Trial)
        public void stop() throws InterruptedException {
            ring.stop();
        }
    }

    /** An ArrayBlockingQueue with a counting worker thread. */
    public static class QueueLoad extends Load {
        QueueWorker queue;

        @Setup(Level.Trial)
        public void start() {
            prepareEvents();
            queue = new QueueWorker(RING_SIZE, event -> counter.increment());
        }

        @TearDown(Level.Trial)
        public void stop() throws InterruptedException {
            queue.stop();
        }
    }

    @Benchmark
    @Threads(2)
    @OperationsPerInvocation(BATCH)
    @ComparedTo({"rawDisruptor2Producers", "blockingQueue2Producers"})
    public void asyncBus2Producers(BusLoad load) {
        publishToBus(load);
    }

    @Benchmark
    @Threads(4)
    @OperationsPerInvocation(BATCH)
    @ComparedTo({"rawDisruptor4Producers", "blockingQueue4Producers"})
    public void asyncBus4Producers(BusLoad load) {
        publishToBus(load);
    }

    @Benchmark
    @Threads(2)
    @OperationsPerInvocation(BATCH)
    public void rawDisruptor2Producers(RawLoad load) {
        publishToRing(load);
    }

    @Benchmark
    @Threads(4)
    @OperationsPerInvocation(BATCH)
    public void rawDisruptor4Producers(RawLoad load) {
        publishToRing(load);
    }

    @Benchmark
    @Threads(2)
    @OperationsPerInvocation(BATCH)
    public void blockingQueue2Producers(QueueLoad load) throws InterruptedException {
        publishToQueue(load);
    }

    @Benchmark
    @Threads(4)
    @OperationsPerInvocation(BATCH)
    public void blockingQueue4Producers(QueueLoad load) throws InterruptedException {
        publishToQueue(load);
    }

    private static void publishToBus(BusLoad load) {
        AsyncEventBus bus = load.bus;
        for (Event event : load.events) {
            bus.publish(event);
        }
        load.awaitBatch();
    }

    private static void publishToRing(RawLoad load) {
        RawRing ring = load.ring;
        for (Event event : load.events) {
            ring.publish(event);
        }
        load.awaitBatch();
    }

    private static void publishToQueue(QueueLoad load) throws InterruptedException {
        QueueWorker queue = load.queue;
        for (Event event : load.events) {
            queue.publish(event);
        }
        load.awaitBatch();
    }
}
