package io.linebus.models.domain;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.OptionalDouble;

/** The {@code duration_ms} rule the Python domain models share. */
final class Durations {
    private Durations() {
    }

    /**
     * {@code end - start} in milliseconds when both are set (negative when end is earlier), else
     * empty. Computed as Python's {@code timedelta.total_seconds() * 1000}, to the same double.
     */
    static OptionalDouble millisBetween(OffsetDateTime start, OffsetDateTime end) {
        if (start == null || end == null) {
            return OptionalDouble.empty();
        }
        Duration between = Duration.between(start, end);
        long micros = between.getSeconds() * 1_000_000L + between.getNano() / 1_000;
        return OptionalDouble.of(micros / 1e6 * 1000);
    }
}
