package io.linebus.benchmarks.report;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The publish→handle latencies one latency benchmark recorded for one parameter set, in nanoseconds,
 * over the measurement iterations of {@code segments} forks.
 *
 * @param benchmark the JMH benchmark name, {@code <class>.<method>}
 * @param params its JMH parameters
 * @param segments how many forks' histograms were added up
 * @param histogram the latencies in nanoseconds (owned by this record: do not modify)
 */
public record LatencyRecord(String benchmark, Map<String, String> params, int segments, Histogram histogram) {
    public LatencyRecord {
        Objects.requireNonNull(benchmark, "benchmark");
        params = Map.copyOf(Objects.requireNonNull(params, "params"));
        Objects.requireNonNull(histogram, "histogram");
        if (segments < 1) {
            throw new IllegalArgumentException("segments must be >= 1, got " + segments);
        }
    }

    /** The method name, the part of {@link #benchmark()} after the last dot. */
    public String method() {
        return benchmark.substring(benchmark.lastIndexOf('.') + 1);
    }

    public long count() {
        return histogram.getTotalCount();
    }

    /** The latency at {@code percentile} (0..100), in microseconds. */
    public double percentileMicros(double percentile) {
        return toMicros(histogram.getValueAtPercentile(percentile));
    }

    public double maxMicros() {
        return toMicros(histogram.getMaxValue());
    }

    public double meanMicros() {
        return histogram.getMean() / TimeUnit.MICROSECONDS.toNanos(1);
    }

    private static double toMicros(long nanos) {
        return nanos / (double) TimeUnit.MICROSECONDS.toNanos(1);
    }
}
