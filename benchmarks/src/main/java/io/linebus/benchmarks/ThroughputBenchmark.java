package io.linebus.benchmarks;

import com.lmax.disruptor.dsl.ProducerType;
import io.linebus.bus.AsyncEventBus;
import io.linebus.bus.WaitStrategyKind;
import io.linebus.models.Event;
import java.time.Duration;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Events per second from one producer thread to one counting handler: the linebus
 * {@link AsyncEventBus} (one dispatch shard, metrics on as by default) against a bare Disruptor ring
 * with the same wait strategy, producer type and size, and against an {@code ArrayBlockingQueue} of
 * the same capacity with one worker thread (the naive port).
 *
 * <p>Each invocation publishes {@link #BATCH} events built once in {@code @Setup} and waits until the
 * handler has counted them all, so the score (ops/s) is events handled per second and the invocation
 * itself allocates nothing: with {@code -prof gc}, {@code gc.alloc.rate.norm} is what the bus (or
 * baseline) allocates per event.
 */
public class ThroughputBenchmark extends LinebusBenchmark {
    /** Events per invocation: half the ring, so that the producer rarely waits for a slot. */
    public static final int BATCH = 32_768;

    /** Pre-built events and the handler's counter, common to the three set-ups. */
    @State(Scope.Benchmark)
    public abstract static class Load {
        final ConsumedCounter counter = new ConsumedCounter();
        Event[] events;
        long published;

        void prepareEvents() {
            events = BenchmarkEvents.testResults(BATCH);
        }

        /** The next invocation's wait target: everything published so far. */
        long target() {
            published += BATCH;
            return published;
        }
    }

    /** A started linebus bus with a {@link CountingHandler}. */
    public static class BusLoad extends Load {
        @Param({"SLEEPING", "YIELDING", "BLOCKING"})
        public WaitStrategyKind waitStrategy;
        @Param({"SINGLE", "MULTI"})
        public ProducerType producerType;
        AsyncEventBus bus;

        @Setup(Level.Trial)
        public void start() throws Exception {
            prepareEvents();
            bus = AsyncEventBus.builder().name("throughput").ringSize(RING_SIZE).waitStrategy(waitStrategy)
                    .producerType(producerType).dispatchThreads(1).build();
            bus.registerHandler(new CountingHandler(counter));
            bus.start();
        }

        @TearDown(Level.Trial)
        public void stop() throws Exception {
            bus.stop(Duration.ofSeconds(10));
        }
    }

    /** A bare Disruptor ring with a counting consumer. */
    public static class RawLoad extends Load {
        @Param({"SLEEPING", "YIELDING", "BLOCKING"})
        public WaitStrategyKind waitStrategy;
        @Param({"SINGLE", "MULTI"})
        public ProducerType producerType;
        RawRing ring;

        @Setup(Level.Trial)
        public void start() {
            prepareEvents();
            ring = new RawRing(RING_SIZE, producerType, waitStrategy, event -> counter.increment());
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
    @OperationsPerInvocation(BATCH)
    @ComparedTo({"rawDisruptor", "blockingQueue"})
    public void asyncBus(BusLoad load) {
        AsyncEventBus bus = load.bus;
        for (Event event : load.events) {
            bus.publish(event);
        }
        load.counter.awaitAtLeast(load.target());
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void rawDisruptor(RawLoad load) {
        RawRing ring = load.ring;
        for (Event event : load.events) {
            ring.publish(event);
        }
        load.counter.awaitAtLeast(load.target());
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void blockingQueue(QueueLoad load) throws InterruptedException {
        QueueWorker queue = load.queue;
        for (Event event : load.events) {
            queue.publish(event);
        }
        load.counter.awaitAtLeast(load.target());
    }
}
