package io.linebus.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.linebus.handlers.BaseHandler;
import io.linebus.models.Event;
import io.linebus.models.EventType;
import io.linebus.testing.PublishRounds;
import io.linebus.testing.ThreadAllocations;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The allocation-free hot path (architecture.md): with metrics on, the bus allocates nothing per
 * event in steady state. Measured as bytes allocated by the publishing thread and every bus thread
 * (an allocation count, not a timing).
 */
class AsyncEventBusAllocationTest {
    private static final int EVENTS = 200_000;

    @Test
    void publishToHandleAllocatesNothingPerEventInSteadyState() throws Exception {
        AtomicLong handled = new AtomicLong();
        AsyncEventBus bus = AsyncEventBus.builder().name("alloc").ringSize(4096).dispatchThreads(2).build();
        bus.registerHandler(BaseHandler.of("count", List.of(EventType.TEST_RESULT), event -> handled.incrementAndGet()));
        Event[] events = PublishRounds.events(1024);
        bus.start();
        try {
            PublishRounds.publishAndAwait(bus, events, EVENTS); // warm-up: lazily created per-type metrics, JIT

            ThreadAllocations counted = ThreadAllocations.ofBus("alloc");
            assertThat(counted.threadCount()).isGreaterThanOrEqualTo(4); // publisher, 2 dispatch shards, release (+ retry)
            double perEvent = counted.bytesPerEvent(() -> PublishRounds.publishAndAwait(bus, events, EVENTS), EVENTS);

            assertThat(handled.get()).isEqualTo(2L * EVENTS);
            assertThat(perEvent).as("bytes allocated per event").isLessThan(1.0);
        } finally {
            bus.stop();
        }
    }
}
