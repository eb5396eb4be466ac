package io.linebus.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.lmax.disruptor.dsl.ProducerType;
import io.linebus.bus.AsyncEventBus;
import io.linebus.bus.WaitStrategyKind;
import io.linebus.models.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The pieces the benchmarks are built from deliver every event, in order, and count them. */
@Timeout(60)
class BenchmarkSupportTest {
    private static final int COUNT = 10_000;

    private static List<Long> positions(List<Event> events) {
        return events.stream().map(event -> (Long) event.payload().get(BenchmarkEvents.POSITION)).toList();
    }

    private static List<Long> expectedPositions() {
        return IntStream.range(0, COUNT).mapToObj(i -> (long) i).toList();
    }

    @Test
    void eventsAreDistinctAndCarryTheirPosition() {
        Event[] events = BenchmarkEvents.testResults(3);

        assertThat(events).extracting(Event::eventType).containsOnly(BenchmarkEvents.TYPE);
        assertThat(positions(List.of(events))).containsExactly(0L, 1L, 2L);
        assertThat(events[0].id()).isNotEqualTo(events[1].id());
        assertThatThrownBy(() -> BenchmarkEvents.testResults(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("count must be >= 1");
    }

    @Test
    void theBareRingDeliversEveryEventInOrder() throws InterruptedException {
        ConsumedCounter counter = new ConsumedCounter();
        List<Event> seen = Collections.synchronizedList(new ArrayList<>());
        RawRing ring = new RawRing(1024, ProducerType.SINGLE, WaitStrategyKind.BLOCKING, event -> {
            seen.add(event);
            counter.increment();
        });
        for (Event event : BenchmarkEvents.testResults(COUNT)) {
            ring.publish(event);
        }
        counter.awaitAtLeast(COUNT);
        ring.stop();

        assertThat(positions(seen)).containsExactlyElementsOf(expectedPositions());
    }

    @Test
    void theQueueWorkerDeliversEveryEventInOrder() throws InterruptedException {
        ConsumedCounter counter = new ConsumedCounter();
        List<Event> seen = Collections.synchronizedList(new ArrayList<>());
        QueueWorker queue = new QueueWorker(1024, event -> {
            seen.add(event);
            counter.increment();
        });
        for (Event event : BenchmarkEvents.testResults(COUNT)) {
            queue.publish(event);
        }
        counter.awaitAtLeast(COUNT);
        queue.stop();

        assertThat(positions(seen)).containsExactlyElementsOf(expectedPositions());
        assertThat(counter.get()).isEqualTo(COUNT);
    }

    @Test
    void theCountingHandlerCountsWhatTheBusHandles() throws Exception {
        ConsumedCounter counter = new ConsumedCounter();
        AsyncEventBus bus = AsyncEventBus.builder().ringSize(1024).waitStrategy(WaitStrategyKind.BLOCKING).build();
        bus.registerHandler(new CountingHandler(counter));
        bus.start();
        try {
            for (Event event : BenchmarkEvents.testResults(COUNT)) {
                bus.publish(event);
            }
            counter.awaitAtLeast(COUNT);
            assertThat(bus.awaitIdle(Duration.ofSeconds(30))).isTrue();
        } finally {
            bus.stop();
        }
        assertThat(counter.get()).isEqualTo(COUNT);
    }

    @Test
    void latencyCountsFromTheEventsIntendedSendTime() {
        LatencyRecorder recorder = new LatencyRecorder();
        Event third = BenchmarkEvents.testResults(4)[3];
        long second = TimeUnit.SECONDS.toNanos(1);
        // Intended send time of position 3: start + 3 s = 7 s ago; not 10 s ago (the start).
        recorder.begin(System.nanoTime() - 10 * second, second);

        recorder.record(third);
        recorder.awaitRecorded(1);

        assertThat(recorder.recorded()).isEqualTo(1);
        assertThat(recorder.histogram().getTotalCount()).isEqualTo(1);
        assertThat(recorder.histogram().getMaxValue()).isGreaterThanOrEqualTo(7 * second - second / 100)
                .isLessThan(10 * second);
    }
}
