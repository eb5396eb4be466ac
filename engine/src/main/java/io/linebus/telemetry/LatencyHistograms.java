package io.linebus.telemetry;

import java.util.OptionalDouble;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.AtomicHistogram;
import org.HdrHistogram.PackedHistogram;

/**
 * The one latency histogram layout of linebus: nanoseconds, 1 ns to 1 hour, 3 significant digits
 * (a value is reported within 0.1%). The range is fixed, so recording never resizes; longer
 * latencies are recorded as 1 hour by the callers, which count them.
 */
final class LatencyHistograms {
    static final long LOWEST_NANOS = 1;
    static final long HIGHEST_NANOS = 3_600_000_000_000L;
    static final int SIGNIFICANT_DIGITS = 3;
    private static final double NANOS_PER_MILLI = 1_000_000.0;

    private LatencyHistograms() {
    }

    /**
     * For concurrent recording on the hot path: a preallocated counts array (about 270 KB) with
     * atomic increments, so that recording allocates nothing.
     */
    static AtomicHistogram newConcurrent() {
        return new AtomicHistogram(LOWEST_NANOS, HIGHEST_NANOS, SIGNIFICANT_DIGITS);
    }

    /** For single-writer use and snapshots: the same layout, stored sparsely (a few KB). */
    static PackedHistogram newCompact() {
        return new PackedHistogram(LOWEST_NANOS, HIGHEST_NANOS, SIGNIFICANT_DIGITS);
    }

    /** {@code latencyNanos} limited to the histogram's range. */
    static long clamp(long latencyNanos) {
        return Math.min(latencyNanos, HIGHEST_NANOS);
    }

    /**
     * The latency at {@code percentile} in milliseconds, empty when nothing was recorded.
     *
     * @throws IllegalArgumentException unless 0 &lt;= percentile &lt;= 100
     */
    static OptionalDouble percentileMs(AbstractHistogram histogram, double percentile) {
        checkPercentile(percentile);
        if (histogram.getTotalCount() == 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(histogram.getValueAtPercentile(percentile) / NANOS_PER_MILLI);
    }

    static void checkPercentile(double percentile) {
        if (!(percentile >= 0.0 && percentile <= 100.0)) {
            throw new IllegalArgumentException("percentile must be between 0 and 100, got " + percentile);
        }
    }

    static double toMillis(long nanos) {
        return nanos / NANOS_PER_MILLI;
    }
}
