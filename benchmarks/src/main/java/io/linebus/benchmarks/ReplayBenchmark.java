package io.linebus.benchmarks;

import io.linebus.journal.ChronicleEventJournal;
import io.linebus.journal.EventCodec;
import io.linebus.models.Event;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.ExpandableArrayBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Events per second read back from a journal and decoded: linebus's {@code journal.replay()} against
 * a bare Chronicle tailer decoding the same records with {@link EventCodec}.
 */
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
public class ReplayBenchmark extends LinebusBenchmark {
    /** Events in the journal, all read by each invocation. */
    public static final int EVENTS = 100_000;

    /** A journal of {@link #EVENTS} events, written once per trial. */
    @State(Scope.Benchmark)
    public static class Recorded {
        Path dir;
        ChronicleEventJournal journal;
        SingleChronicleQueue queue;

        @Setup(Level.Trial)
        public void setUp() {
            dir = JournalDirs.create("replay");
            journal = ChronicleEventJournal.open(dir);
            Event[] events = BenchmarkEvents.testResults(1_024);
            for (int i = 0; i < EVENTS; i++) {
                journal.append(events[i & 1023]);
            }
            queue = SingleChronicleQueueBuilder.single(dir.toFile()).readOnly(true).build();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            queue.close();
            journal.close();
            JournalDirs.delete(dir);
        }
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    @ComparedTo("rawChronicleRead")
    public long replay(Recorded recorded, Blackhole blackhole) {
        return recorded.journal.replay().fromStart().to(blackhole::consume);
    }

    /** The journal's excerpt layout read by hand: 8-byte append time, then one codec record. */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long rawChronicleRead(Recorded recorded, Blackhole blackhole) {
        ExpandableArrayBuffer record = new ExpandableArrayBuffer(512);
        long count = 0;
        try (ExcerptTailer tailer = recorded.queue.createTailer()) {
            while (true) {
                try (DocumentContext document = tailer.readingDocument()) {
                    if (!document.isPresent()) {
                        break;
                    }
                    Bytes<?> bytes = document.wire().bytes();
                    bytes.readLong();
                    int length = (int) bytes.readRemaining();
                    record.checkLimit(length);
                    bytes.read(record.byteArray(), 0, length);
                    blackhole.consume(EventCodec.decode(record, 0, length));
                    count++;
                }
            }
        }
        return count;
    }
}
