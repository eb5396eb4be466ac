package io.linebus.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.linebus.handlers.BaseHandler;
import io.linebus.models.Event;
import io.linebus.models.EventType;
import io.linebus.policies.ErrorPolicy;
import io.linebus.policies.ImmediateRetryPolicy;
import io.linebus.policies.InMemoryDeadLetterQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;

/**
 * Many producers, two shards, a flaky handler: every event is handled exactly once by each handler,
 * each unit's events reach each handler in publish order, nothing is dead-lettered.
 */
class AsyncEventBusStressTest {
    private static final int PRODUCERS = 4;
    private static final int EVENTS_PER_PRODUCER = 250_000;
    private static final int UNITS = 1_000;
    private static final int TOTAL = PRODUCERS * EVENTS_PER_PRODUCER;

    /** Counts successes per event, and checks that first attempts come in per-unit order. */
    private static final class CheckingHandler extends BaseHandler {
        final AtomicIntegerArray successes = new AtomicIntegerArray(TOTAL);
        final AtomicLongArray lastSeqPerUnit = new AtomicLongArray(UNITS);
        final AtomicLong outOfOrder = new AtomicLong();
        final AtomicLong attempts = new AtomicLong();
        final boolean flaky;

        CheckingHandler(String name, boolean flaky) {
            super(name);
            this.flaky = flaky;
            for (int unit = 0; unit < UNITS; unit++) {
                lastSeqPerUnit.set(unit, -1L);
            }
        }

        @Override
        public List<EventType> eventTypes() {
            return List.of(EventType.TEST_RESULT);
        }

        @Override
        public Object handle(Event event) {
            attempts.incrementAndGet();
            int index = ((Long) event.payload().get("index")).intValue();
            if (event.metadata().retryCount() == 0) {
                int unit = ((Long) event.payload().get("unit")).intValue();
                long seq = (Long) event.payload().get("seq");
                if (lastSeqPerUnit.getAndSet(unit, seq) >= seq) {
                    outOfOrder.incrementAndGet();
                }
                if (flaky && index % 100 == 0) {
                    throw new IllegalStateException("transient failure of event " + index);
                }
            }
            successes.incrementAndGet(index);
            return null;
        }
    }

    @Test
    void fourProducersOneMillionEventsNothingLostNothingDuplicated() throws Exception {
        InMemoryDeadLetterQueue deadLetters = new InMemoryDeadLetterQueue();
        AsyncEventBus bus = AsyncEventBus.builder().name("stress").dispatchThreads(2)
                .retryPolicy(new ImmediateRetryPolicy(3)).errorPolicy(new ErrorPolicy(deadLetters)).build();
        CheckingHandler flaky = new CheckingHandler("flaky", true);
        CheckingHandler steady = new CheckingHandler("steady", false);
        bus.registerHandler(flaky);
        bus.registerHandler(steady);
        bus.start();
        try {
            List<Thread> producers = new ArrayList<>();
            for (int p = 0; p < PRODUCERS; p++) {
                int producer = p;
                producers.add(new Thread(() -> produce(bus, producer), "producer-" + p));
            }
            producers.forEach(Thread::start);
            for (Thread producer : producers) {
                producer.join(Duration.ofMinutes(3).toMillis());
                assertThat(producer.isAlive()).as("producer finished").isFalse();
            }

            assertThat(bus.awaitIdle(Duration.ofMinutes(2))).isTrue();

            for (CheckingHandler handler : List.of(flaky, steady)) {
                assertThat(handler.outOfOrder.get()).as(handler.name() + " out-of-order first attempts").isZero();
                int missing = 0;
                int duplicated = 0;
                for (int i = 0; i < TOTAL; i++) {
                    int count = handler.successes.get(i);
                    missing += count == 0 ? 1 : 0;
                    duplicated += count > 1 ? 1 : 0;
                }
                assertThat(missing).as(handler.name() + " missing").isZero();
                assertThat(duplicated).as(handler.name() + " duplicated").isZero();
            }
            assertThat(steady.attempts.get()).isEqualTo(TOTAL);
            assertThat(flaky.attempts.get()).isEqualTo(TOTAL + TOTAL / 100);
            assertThat(bus.metrics().totalRetries()).isEqualTo(TOTAL / 100);
            assertThat(bus.metrics().totalEvents()).isEqualTo(TOTAL);
            assertThat(deadLetters.isEmpty()).isTrue();
        } finally {
            bus.stop(Duration.ofSeconds(10));
        }
    }

    /** Producer {@code p} owns the units {@code u % PRODUCERS == p}, so each unit has one publish order. */
    private static void produce(AsyncEventBus bus, int producer) {
        int unitsPerProducer = UNITS / PRODUCERS;
        long[] nextSeq = new long[unitsPerProducer];
        for (int i = 0; i < EVENTS_PER_PRODUCER; i++) {
            int local = i % unitsPerProducer;
            int unit = local * PRODUCERS + producer;
            int index = producer * EVENTS_PER_PRODUCER + i;
            bus.publish(Event.create(EventType.TEST_RESULT, Map.of("unit_id", "unit-" + unit, "unit", unit,
                    "seq", nextSeq[local]++, "index", index), "producer-" + producer));
        }
    }
}
