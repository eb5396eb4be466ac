package io.linebus.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.linebus.bus.AsyncEventBus;
import io.linebus.handlers.BaseHandler;
import io.linebus.models.Event;
import io.linebus.models.EventType;
import io.linebus.testing.PublishRounds;
import io.linebus.testing.ThreadAllocations;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A journaled bus allocates (next to) nothing per event in steady state either: publishers encode
 * into their slots' reused buffers, the journal stage writes them into Chronicle, shards dispatch and
 * save checkpoints. Measured as bytes allocated by the publishing thread and every bus thread (an
 * allocation count, not a timing).
 */
class JournaledBusAllocationTest {
    private static final int EVENTS = 200_000;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "dispatchThreads={0}")
    @ValueSource(ints = {1, 2})
    void publishJournalAndHandleAllocateNothingPerEventInSteadyState(int dispatchThreads) throws Exception {
        AtomicLong handled = new AtomicLong();
        String name = "jalloc" + dispatchThreads;
        Event[] events = PublishRounds.events(1024);
        try (ChronicleEventJournal journal = ChronicleEventJournal.open(dir)) {
            AsyncEventBus bus = AsyncEventBus.builder().name(name).ringSize(4096).dispatchThreads(dispatchThreads)
                    .journal(journal).build();
            bus.registerHandler(BaseHandler.of("count", List.of(EventType.TEST_RESULT), event -> handled.incrementAndGet()));
            bus.start();
            try {
                for (int round = 0; round < 3; round++) { // warm-up: appender, index pages, per-type metrics, JIT
                    PublishRounds.publishAndAwait(bus, events, EVENTS);
                }

                ThreadAllocations counted = ThreadAllocations.ofBus(name);
                assertThat(counted.threadCount()).isGreaterThanOrEqualTo(3); // publisher, journal, dispatch (+ settle, retry)
                double perEvent = counted.bytesPerEvent(() -> PublishRounds.publishAndAwait(bus, events, EVENTS), EVENTS);

                assertThat(handled.get()).isEqualTo(4L * EVENTS);
                assertThat(journal.count()).isEqualTo(4L * EVENTS);
                assertThat(perEvent).as("bytes allocated per event").isLessThan(1.0);
            } finally {
                bus.stop();
            }
        }
    }
}
