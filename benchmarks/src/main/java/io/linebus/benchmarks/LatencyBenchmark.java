package io.linebus.benchmarks;

import com.lmax.disruptor.dsl.ProducerType;
import io.linebus.benchmarks.report.LatencyFile;
import io.linebus.benchmarks.report.LatencyRecord;
import io.linebus.bus.AsyncEventBus;
import io.linebus.bus.WaitStrategyKind;
import io.linebus.handlers.BaseHandler;
import io.linebus.models.Event;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publish→handle latency at a fixed offered rate, coordinated omission accounted for (see
 * {@link LatencyRecorder}): the linebus bus against a bare Disruptor ring with the same wait strategy.
 *
 * <p>Each iteration is one invocation ({@link Mode#SingleShotTime}) that sends
 * {@code max(50,000, rate / 5)} events at {@code rate} events/s (0.5 s at 100k/s, 0.2 s at 1M/s)
 * and waits until all are handled; its JMH score is that time, which shows whether the pace was held.
 * The latencies of the measurement iterations go into one HdrHistogram per trial; at the end of the
 * trial it is logged and written to {@code <linebus.latency.dir>/<method>-<params>-<pid>.json}
 * ({@link LatencyFile}), which the report merges across forks. Without that system property the
 * histogram is only logged.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 20)
public class LatencyBenchmark extends LinebusBenchmark {
    /** System property: the directory the forks write their latency files to. */
    public static final String LATENCY_DIR_PROPERTY = "linebus.latency.dir";

    private static final Logger LOG = LoggerFactory.getLogger(LatencyBenchmark.class);

    /** Rate, events and recording common to the bus and the bare ring. */
    @State(Scope.Benchmark)
    public abstract static class Load {
        @Param({"100000", "1000000"})
        public int rate;
        @Param({"SLEEPING", "YIELDING", "BLOCKING"})
        public WaitStrategyKind waitStrategy;

        final LatencyRecorder recorder = new LatencyRecorder();
        Histogram measured;
        Event[] events;
        long intervalNanos;

        abstract void open() throws Exception;

        abstract void publish(Event event);

        abstract void close() throws Exception;

        @Setup(Level.Trial)
        public void prepare() throws Exception {
            if (rate < 1 || rate > 1_000_000_000) {
                throw new IllegalArgumentException("rate must be in 1..1e9 events/s, got " + rate);
            }
            intervalNanos = TimeUnit.SECONDS.toNanos(1) / rate;
            events = BenchmarkEvents.testResults(Math.max(50_000, rate / 5));
            measured = new Histogram(recorder.histogram().getHighestTrackableValue(), 3);
            open();
        }

        @Setup(Level.Iteration)
        public void resetIteration() {
            recorder.histogram().reset();
        }

        @TearDown(Level.Iteration)
        public void collectIteration(IterationParams iteration) {
            if (iteration.getType() == IterationType.MEASUREMENT) {
                measured.add(recorder.histogram());
            }
        }

        @TearDown(Level.Trial)
        public void finish(BenchmarkParams benchmark) throws Exception {
            close();
            Map<String, String> params = new LinkedHashMap<>();
            for (String key : benchmark.getParamsKeys()) {
                params.put(key, benchmark.getParam(key));
            }
            LatencyRecord record = new LatencyRecord(benchmark.getBenchmark(), params, 1, measured);
            LOG.info("{} {}: {} events, p50 {} us, p99 {} us, p99.9 {} us, max {} us", record.method(), params,
                    record.count(), record.percentileMicros(50.0), record.percentileMicros(99.0),
                    record.percentileMicros(99.9), record.maxMicros());
            String directory = System.getProperty(LATENCY_DIR_PROPERTY);
            if (directory != null && !directory.isBlank()) {
                String name = record.method() + "-" + String.join("-", params.values()) + "-"
                        + ProcessHandle.current().pid() + ".json";
                LatencyFile.write(Path.of(directory, name), List.of(record));
            }
        }

        /** Sends every event at its intended time, then waits until all are handled. */
        long runPaced() {
            Event[] batch = events;
            long interval = intervalNanos;
            long alreadyRecorded = recorder.recorded();
            long start = System.nanoTime();
            recorder.begin(start, interval);
            for (int i = 0; i < batch.length; i++) {
                long intended = start + i * interval;
                while (System.nanoTime() < intended) {
                    // Yield, not spin: on a machine with few cores the consumer may share this core, and a
                    // spinning producer would keep it off for a whole time slice. Sending late is not
                    // hidden: latency counts from the intended time.
                    Thread.yield();
                }
                publish(batch[i]);
            }
            recorder.awaitRecorded(alreadyRecorded + batch.length);
            return batch.length;
        }
    }

    /** A linebus bus (one dispatch shard, default multi-producer ring) with a recording handler. */
    public static class BusLoad extends Load {
        AsyncEventBus bus;

        @Override
        void open() throws Exception {
            bus = AsyncEventBus.builder().name("latency").ringSize(RING_SIZE).waitStrategy(waitStrategy)
                    .dispatchThreads(1).build();
            bus.registerHandler(BaseHandler.of("latency", List.of(BenchmarkEvents.TYPE), recorder::record));
            bus.start();
        }

        @Override
        void publish(Event event) {
            bus.publish(event);
        }

        @Override
        void close() throws Exception {
            bus.stop(Duration.ofSeconds(10));
        }
    }

    /** A bare multi-producer Disruptor ring, as the bus's default, with the same recording consumer. */
    public static class RawLoad extends Load {
        RawRing ring;

        @Override
        void open() {
            ring = new RawRing(RING_SIZE, ProducerType.MULTI, waitStrategy, recorder::record);
        }

        @Override
        void publish(Event event) {
            ring.publish(event);
        }

        @Override
        void close() throws InterruptedException {
            ring.stop();
        }
    }

    @Benchmark
    @ComparedTo("rawDisruptor")
    public long publishToHandle(BusLoad load) {
        return load.runPaced();
    }

    @Benchmark
    public long rawDisruptor(RawLoad load) {
        return load.runPaced();
    }
}
