package io.linebus.testing;

import io.linebus.models.Event;
import io.linebus.models.EventType;
import java.util.Map;

/** Small events for tests. */
public final class SampleEvents {
    private SampleEvents() {
    }

    /** A test result of a unit, numbered within it. */
    public static Event testResult(String unitId, long sequence) {
        return Event.create(EventType.TEST_RESULT, Map.of("unit_id", unitId, "seq", sequence, "result", "passed"),
                "station-1");
    }

    /** An event of a type with a one-entry payload. */
    public static Event of(EventType type, String key, Object value) {
        return Event.create(type, Map.of(key, value), "test");
    }
}
