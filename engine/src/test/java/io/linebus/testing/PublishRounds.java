package io.linebus.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.linebus.bus.AsyncEventBus;
import io.linebus.models.Event;
import io.linebus.models.EventType;
import java.time.Duration;
import java.util.Map;

/** Rounds of publishing pre-built events to a bus, for tests that measure a steady state (allocation tests). */
public final class PublishRounds {
    private PublishRounds() {
    }

    /** {@code count} (a power of two) test results over 64 units, built once so that rounds reuse them. */
    public static Event[] events(int count) {
        if (Integer.bitCount(count) != 1) {
            throw new IllegalArgumentException("count must be a power of two, got " + count);
        }
        Event[] events = new Event[count];
        for (int i = 0; i < count; i++) {
            events[i] = Event.create(EventType.TEST_RESULT, Map.of("unit_id", "unit-" + (i % 64), "seq", i), "s");
        }
        return events;
    }

    /** Publishes {@code count} events, cycling through {@code events}, and waits (up to a minute) until the bus is idle. */
    public static void publishAndAwait(AsyncEventBus bus, Event[] events, int count) {
        for (int i = 0; i < count; i++) {
            bus.publish(events[i & (events.length - 1)]);
        }
        assertThat(bus.awaitIdle(Duration.ofSeconds(60))).as("bus idle after a round of %d events", count).isTrue();
    }
}
