package io.linebus.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.linebus.handlers.BaseHandler;
import io.linebus.models.Event;
import io.linebus.models.EventType;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * DESIGN §3: with metrics on, the bus allocates nothing per event in steady state. Measured as bytes
 * allocated by the publishing thread and every bus thread (an allocation count, not a timing).
 */
class AsyncEventBusAllocationTest {
    private static final int EVENTS = 200_000;

    @Test
    void publishToHandleAllocatesNothingPerEventInSteadyState() throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        AtomicLong handled = new AtomicLong();
        AsyncEventBus bus = AsyncEventBus.builder().name("alloc").ringSize(4096).dispatchThreads(2).build();
        bus.registerHandler(BaseHandler.of("count", List.of(EventType.TEST_RESULT), event -> handled.incrementAndGet()));
        Event[] events = new Event[1024];
        for (int i = 0; i < events.length; i++) {
            events[i] = Event.create(EventType.TEST_RESULT, Map.of("unit_id", "unit-" + (i % 64), "seq", i), "s");
        }
        bus.start();
        try {
            publish(bus, events); // warm-up: lazily created per-type metrics, JIT
            assertThat(bus.awaitIdle(Duration.ofSeconds(30))).isTrue();

            long[] ids = busThreadIds("alloc");
            long before = allocated(threads, ids);
            publish(bus, events);
            assertThat(bus.awaitIdle(Duration.ofSeconds(30))).isTrue();
            long after = allocated(threads, ids);

            assertThat(handled.get()).isEqualTo(2L * EVENTS);
            double perEvent = (after - before) / (double) EVENTS;
            assertThat(perEvent).as("bytes allocated per event").isLessThan(1.0);
        } finally {
            bus.stop();
        }
    }

    private static void publish(AsyncEventBus bus, Event[] events) {
        for (int i = 0; i < EVENTS; i++) {
            bus.publish(events[i & (events.length - 1)]);
        }
    }

    private static long[] busThreadIds(String busName) {
        List<Long> ids = new java.util.ArrayList<>();
        ids.add(Thread.currentThread().getId());
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith("linebus-" + busName + "-")) {
                ids.add(thread.getId());
            }
        }
        assertThat(ids).hasSizeGreaterThanOrEqualTo(4); // publisher, 2 dispatch shards, release (+ retry)
        return ids.stream().mapToLong(Long::longValue).toArray();
    }

    private static long allocated(com.sun.management.ThreadMXBean threads, long[] ids) {
        long total = 0;
        for (long bytes : threads.getThreadAllocatedBytes(ids)) {
            total += Math.max(0, bytes);
        }
        return total;
    }
}
