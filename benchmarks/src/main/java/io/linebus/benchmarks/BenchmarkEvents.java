package io.linebus.benchmarks;

import io.linebus.models.Event;
import io.linebus.models.EventType;
import java.util.Map;

/**
 * The events the benchmarks publish: built once in a {@code @Setup}, then reused, so that a measured
 * invocation allocates nothing itself.
 */
public final class BenchmarkEvents {
    /** The type every benchmark event has and every benchmark handler subscribes to. */
    public static final EventType TYPE = EventType.TEST_RESULT;
    /** Payload key of an event's position in its array; the latency handlers read it. */
    public static final String POSITION = "position";

    private BenchmarkEvents() {
    }

    /**
     * {@code count} distinct test-result events, spread over 64 units, each carrying its index in the
     * returned array under {@link #POSITION} (a {@code Long}).
     */
    public static Event[] testResults(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be >= 1, got " + count);
        }
        Event[] events = new Event[count];
        for (int i = 0; i < count; i++) {
            events[i] = Event.create(TYPE, Map.of(
                    "unit_id", "UNIT-" + (i % 64),
                    "station", "ICT-01",
                    "result", i % 50 == 0 ? "failed" : "passed",
                    "duration_ms", 1_250L + (i % 100),
                    POSITION, (long) i), "benchmarks");
        }
        return events;
    }
}
