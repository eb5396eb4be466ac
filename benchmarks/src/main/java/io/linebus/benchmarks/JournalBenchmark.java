package io.linebus.benchmarks;

import io.linebus.bus.AsyncEventBus;
import io.linebus.bus.Durability;
import io.linebus.journal.ChronicleEventJournal;
import io.linebus.journal.EventCodec;
import io.linebus.models.Event;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Events per second journaled and handled: the {@link AsyncEventBus} with a Chronicle journal stage
 * and a counting handler, against a bare Chronicle appender writing the same encoded bytes (what
 * the journal costs at the least), the journal alone without a bus (encoding and appending on one
 * thread), and the bus again with {@link Durability#JOURNALED}, where each {@code publish} waits for
 * its event to be on the journal (the price of that guarantee).
 *
 * <p>Every iteration appends to a new journal (in memory where there is one, see
 * {@link JournalDirs}), deleted after it, so that every benchmark writes alike: most of an append's
 * cost is the page faults of fresh file pages, and on this machine (a VM) that cost changes in
 * phases as gigabytes are written (a bare appender alternates between two rates), so a shared,
 * growing file gave each benchmark a different mix of fast and slow iterations. Shorter iterations
 * than the other benchmarks keep every file small; twice as many of them as elsewhere, because the
 * bus here keeps three threads busy on what may be two cores, and its iterations vary more than the
 * others' (both: perf-results/README.md).
 */
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 10, time = 1, timeUnit = TimeUnit.SECONDS)
public class JournalBenchmark extends LinebusBenchmark {
    /** Events per invocation. */
    public static final int BATCH = 16_384;

    /** The benchmark's events, built once per trial. */
    @State(Scope.Benchmark)
    public static class Events {
        Event[] events;
        byte[][] records;

        @Setup(Level.Trial)
        public void setUp() {
            events = BenchmarkEvents.testResults(BATCH);
            records = new byte[events.length][];
            for (int i = 0; i < events.length; i++) {
                records[i] = EventCodec.toBytes(events[i]);
            }
        }
    }

    /** A started bus journaling into a new directory, one per iteration. */
    public abstract static class BusLoad {
        ConsumedCounter counter;
        long published;
        Path dir;
        ChronicleEventJournal journal;
        AsyncEventBus bus;

        void start(Durability durability) throws Exception {
            counter = new ConsumedCounter();
            published = 0;
            dir = JournalDirs.create("journal");
            journal = ChronicleEventJournal.open(dir);
            bus = AsyncEventBus.builder().name("journaled").ringSize(RING_SIZE).journal(journal)
                    .durability(durability).build();
            bus.registerHandler(new CountingHandler(counter));
            bus.start();
        }

        /** One invocation: publishes the batch and waits until the handler has counted it. */
        void publishBatch(Event[] events) {
            for (Event event : events) {
                bus.publish(event);
            }
            published += events.length;
            counter.awaitAtLeast(published);
        }

        @TearDown(Level.Iteration)
        public void stop() throws Exception {
            bus.stop(Duration.ofSeconds(30));
            journal.close();
            JournalDirs.delete(dir);
        }
    }

    @State(Scope.Benchmark)
    public static class AcceptedLoad extends BusLoad {
        @Setup(Level.Iteration)
        public void setUp() throws Exception {
            start(Durability.ACCEPTED);
        }
    }

    @State(Scope.Benchmark)
    public static class JournaledLoad extends BusLoad {
        @Setup(Level.Iteration)
        public void setUp() throws Exception {
            start(Durability.JOURNALED);
        }
    }

    /** A journal without a bus, one per iteration. */
    @State(Scope.Benchmark)
    public static class JournalLoad {
        Path dir;
        ChronicleEventJournal journal;

        @Setup(Level.Iteration)
        public void setUp() {
            dir = JournalDirs.create("append");
            journal = ChronicleEventJournal.open(dir);
        }

        @TearDown(Level.Iteration)
        public void tearDown() {
            journal.close();
            JournalDirs.delete(dir);
        }
    }

    /** A bare Chronicle queue, one per iteration. */
    @State(Scope.Benchmark)
    public static class RawLoad {
        Path dir;
        SingleChronicleQueue queue;
        ExcerptAppender appender;

        @Setup(Level.Iteration)
        public void setUp() {
            dir = JournalDirs.create("raw");
            queue = SingleChronicleQueueBuilder.single(dir.toFile())
                    .rollCycle(ChronicleEventJournal.DEFAULT_ROLL_CYCLE).build();
            appender = queue.createAppender();
        }

        @TearDown(Level.Iteration)
        public void tearDown() {
            appender.close();
            queue.close();
            JournalDirs.delete(dir);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    @ComparedTo("rawChronicleAppend")
    public void journaledBus(AcceptedLoad load, Events events) {
        load.publishBatch(events.events);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    @ComparedTo("journaledBus")
    public void journaledBusDurable(JournaledLoad load, Events events) {
        load.publishBatch(events.events);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    @ComparedTo("rawChronicleAppend")
    public long journalAppend(JournalLoad load, Events events) {
        ChronicleEventJournal journal = load.journal;
        long index = 0;
        for (Event event : events.events) {
            index = journal.append(event);
        }
        return index;
    }

    /** The same bytes the journal stage writes (append time, then the record), with nothing around them. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void rawChronicleAppend(RawLoad load, Events events) {
        ExcerptAppender appender = load.appender;
        for (byte[] record : events.records) {
            try (DocumentContext document = appender.writingDocument()) {
                Bytes<?> bytes = document.wire().bytes();
                bytes.writeLong(System.currentTimeMillis() * 1000L);
                bytes.write(record);
            }
        }
    }
}
