package io.linebus.benchmarks;

import io.linebus.bus.AsyncEventBus;
import io.linebus.journal.ChronicleEventJournal;
import io.linebus.models.Event;
import io.linebus.transports.Acknowledgement;
import io.linebus.transports.Refusal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What an acknowledgement costs: one-event messages published with
 * {@link AsyncEventBus#publish(List, Acknowledgement)}, each told safe, against plain
 * {@code publish} of the same events into the same kind of bus, with a Chronicle journal (safe =
 * appended) and without one (safe = handled). Both wait for the handler to count every event; the
 * acknowledged ones also for every acknowledgement. The messages are built once, so with
 * {@code -prof gc} {@code gc.alloc.rate.norm} is what the bus allocates per message.
 *
 * <p>Journal iterations are short and each writes a new journal, as in {@link JournalBenchmark}.
 */
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 10, time = 1, timeUnit = TimeUnit.SECONDS)
public class AcknowledgedPublishBenchmark extends LinebusBenchmark {
    /** Messages (of one event) per invocation. */
    public static final int BATCH = 16_384;

    /** A started bus, a new one (and a new journal) per iteration. */
    @State(Scope.Benchmark)
    public static class BusLoad {
        @Param({"chronicle", "none"})
        public String journal;

        final ConsumedCounter handled = new ConsumedCounter();
        final ConsumedCounter safe = new ConsumedCounter();
        Event[] events;
        List<Event>[] messages;
        Acknowledgement acknowledgement;
        long published;
        Path dir;
        ChronicleEventJournal chronicle;
        AsyncEventBus bus;

        @Setup(Level.Trial)
        @SuppressWarnings("unchecked")
        public void prepare() {
            events = BenchmarkEvents.testResults(BATCH);
            messages = new List[events.length];
            for (int i = 0; i < events.length; i++) {
                messages[i] = List.of(events[i]);
            }
            acknowledgement = new Acknowledgement() {
                @Override
                public void safe(long journalIndex) {
                    safe.increment(); // told on one thread: the journal stage's, or the one shard's
                }

                @Override
                public void refused(Refusal refusal) {
                    throw new IllegalStateException("refused in a benchmark: " + refusal);
                }
            };
        }

        @Setup(Level.Iteration)
        public void start() throws Exception {
            published = 0;
            var builder = AsyncEventBus.builder().name("acknowledged").ringSize(RING_SIZE);
            if (journal.equals("chronicle")) {
                dir = JournalDirs.create("acknowledged");
                chronicle = ChronicleEventJournal.open(dir);
                builder.journal(chronicle);
            }
            bus = builder.build();
            bus.registerHandler(new CountingHandler(handled));
            bus.start();
        }

        @TearDown(Level.Iteration)
        public void stop() throws Exception {
            bus.stop(Duration.ofSeconds(30));
            if (chronicle != null) {
                chronicle.close();
                JournalDirs.delete(dir);
                chronicle = null;
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    @ComparedTo("plainPublish")
    public void acknowledgedPublish(BusLoad load) {
        AsyncEventBus bus = load.bus;
        Acknowledgement acknowledgement = load.acknowledgement;
        for (List<Event> message : load.messages) {
            bus.publish(message, acknowledgement);
        }
        load.published += BATCH;
        load.safe.awaitAtLeast(load.published);
        load.handled.awaitAtLeast(load.published);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void plainPublish(BusLoad load) {
        AsyncEventBus bus = load.bus;
        for (Event event : load.events) {
            bus.publish(event);
        }
        load.published += BATCH;
        load.handled.awaitAtLeast(load.published);
    }
}
