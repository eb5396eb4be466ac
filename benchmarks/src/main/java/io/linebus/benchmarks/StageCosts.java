package io.linebus.benchmarks;

import com.lmax.disruptor.dsl.ProducerType;
import io.linebus.bus.AsyncEventBus;
import io.linebus.bus.WaitStrategyKind;
import io.linebus.handlers.BaseHandler;
import io.linebus.models.Event;
import io.linebus.models.EventType;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * What each side of a ring costs per event, timed apart: publishing {@value #EVENTS} events while
 * the consumer is held, then consuming them while the publisher waits without touching the ring; for
 * the bus (one shard, one handler) and for the bare ring ({@link RawRing}), each per producer type.
 * {@code ThroughputBenchmark} runs the two sides together, where the slower side, or the two getting
 * in each other's way, sets the score; this says which side costs what. Not a JMH benchmark: the
 * sides run in turn, under one thread's control.
 *
 * <pre>java -Xms2g -Xmx2g -cp benchmarks/target/benchmarks.jar io.linebus.benchmarks.StageCosts [rounds] [STRATEGY]</pre>
 * (the heap of the JMH forks: a smaller one slows the bus's consumer, perf-results/README.md)
 *
 * Prints, per row, the 10th percentile and the median over the measured rounds (the first third of
 * the rounds warms up and is not counted).
 */
public final class StageCosts {
    private static final int EVENTS = 32_768;
    private static final long POLL_NANOS = 20_000L;

    /**
     * Counts what it consumes; while held, the consumer waits at its next event. It times itself, from
     * its release to the event that brings the count to {@link #finishAt}, so that the publisher,
     * waiting, need not watch it closely.
     */
    private static final class GatedCounter implements Consumer<Event> {
        final ConsumedCounter counter = new ConsumedCounter();
        volatile boolean held;
        volatile boolean waiting;
        volatile long finishAt = Long.MAX_VALUE;
        long releasedNanos;
        volatile long finishedNanos;

        @Override
        public void accept(Event event) {
            if (held) {
                waiting = true;
                while (held) {
                    Thread.onSpinWait();
                }
                waiting = false;
                releasedNanos = System.nanoTime();
            }
            counter.increment();
            if (counter.get() == finishAt) {
                finishedNanos = System.nanoTime();
            }
        }
    }

    /** Something to publish into and stop. */
    private interface Ring extends AutoCloseable {
        void publish(Event event);
    }

    private StageCosts() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3_000;
        WaitStrategyKind kind = args.length > 1 ? WaitStrategyKind.valueOf(args[1]) : WaitStrategyKind.SLEEPING;
        Event[] events = BenchmarkEvents.testResults(EVENTS);
        System.out.printf("ns per event, %s, %d rounds of %d events: publish p10 / p50, consume p10 / p50%n",
                kind, rounds, EVENTS);
        for (boolean bus : new boolean[] {false, true}) {
            for (ProducerType producerType : ProducerType.values()) {
                GatedCounter consumer = new GatedCounter();
                try (Ring ring = bus ? bus(kind, producerType, consumer) : bare(kind, producerType, consumer)) {
                    double[][] costs = measure(ring, consumer, events, rounds);
                    System.out.printf("%-9s %-6s publish %6.2f / %6.2f   consume %6.2f / %6.2f%n",
                            bus ? "bus" : "bare ring", producerType, costs[0][0], costs[0][1], costs[1][0], costs[1][1]);
                }
            }
        }
    }

    private static Ring bus(WaitStrategyKind kind, ProducerType producerType, GatedCounter consumer) throws Exception {
        AsyncEventBus bus = AsyncEventBus.builder().name("stage-costs").ringSize(LinebusBenchmark.RING_SIZE)
                .waitStrategy(kind).producerType(producerType).dispatchThreads(1).build();
        bus.registerHandler(new BaseHandler("gated") {
            @Override
            public List<EventType> eventTypes() {
                return List.of(BenchmarkEvents.TYPE);
            }

            @Override
            public Object handle(Event event) {
                consumer.accept(event);
                return null;
            }
        });
        bus.start();
        return new Ring() {
            @Override
            public void publish(Event event) {
                bus.publish(event);
            }

            @Override
            public void close() throws Exception {
                bus.stop(Duration.ofSeconds(10));
            }
        };
    }

    private static Ring bare(WaitStrategyKind kind, ProducerType producerType, GatedCounter consumer) {
        RawRing ring = new RawRing(LinebusBenchmark.RING_SIZE, producerType, kind, consumer);
        return new Ring() {
            @Override
            public void publish(Event event) {
                ring.publish(event);
            }

            @Override
            public void close() throws InterruptedException {
                ring.stop();
            }
        };
    }

    /** @return {publish, consume}, each {p10, p50}, in ns per event */
    private static double[][] measure(Ring ring, GatedCounter consumer, Event[] events, int rounds) {
        int warmup = rounds / 3;
        double[] publish = new double[rounds - warmup];
        double[] consume = new double[rounds - warmup];
        long target = 0;
        for (int round = 0; round < rounds; round++) {
            consumer.held = true;
            ring.publish(events[0]);
            target++;
            while (!consumer.waiting) {
                Thread.onSpinWait();
            }
            long start = System.nanoTime();
            for (Event event : events) {
                ring.publish(event);
            }
            long published = System.nanoTime();
            target += events.length;
            consumer.finishedNanos = 0L;
            consumer.finishAt = target;
            consumer.held = false;
            while (consumer.finishedNanos == 0L) {
                LockSupport.parkNanos(POLL_NANOS); // off the consumer's cache lines while it works
            }
            if (round >= warmup) {
                publish[round - warmup] = (published - start) / (double) events.length;
                consume[round - warmup] = (consumer.finishedNanos - consumer.releasedNanos) / (double) events.length;
            }
        }
        return new double[][] {percentiles(publish), percentiles(consume)};
    }

    private static double[] percentiles(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return new double[] {sorted[sorted.length / 10], sorted[sorted.length / 2]};
    }
}
