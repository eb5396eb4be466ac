package io.linebus.benchmarks.report;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * One entry of a JMH JSON result file: one benchmark method with one parameter set.
 *
 * @param benchmark the full name, {@code <package>.<class>.<method>}
 * @param mode JMH's short mode name: {@code thrpt}, {@code avgt}, {@code sample}, {@code ss}
 * @param params the JMH parameters (empty when the benchmark has none), sorted by name
 * @param secondary the secondary metrics by name (profilers' results, e.g. {@code gc.alloc.rate.norm})
 */
public record BenchmarkResult(String benchmark, String mode, int threads, int forks, Map<String, String> params,
        Metric primary, Map<String, Metric> secondary, RunSettings settings) {
    /** The gc profiler's allocation per operation, in bytes. */
    public static final String ALLOC_NORM = "gc.alloc.rate.norm";

    public BenchmarkResult {
        Objects.requireNonNull(benchmark, "benchmark");
        if (benchmark.lastIndexOf('.') <= 0) {
            throw new IllegalArgumentException("benchmark must be <class>.<method>, got " + benchmark);
        }
        Objects.requireNonNull(mode, "mode");
        params = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(params, "params")));
        Objects.requireNonNull(primary, "primary");
        secondary = Map.copyOf(Objects.requireNonNull(secondary, "secondary"));
        Objects.requireNonNull(settings, "settings");
    }

    /** The fully qualified class name. */
    public String className() {
        return benchmark.substring(0, benchmark.lastIndexOf('.'));
    }

    public String simpleClassName() {
        String className = className();
        return className.substring(className.lastIndexOf('.') + 1);
    }

    public String method() {
        return benchmark.substring(benchmark.lastIndexOf('.') + 1);
    }

    /** {@code ThroughputBenchmark.asyncBus}. */
    public String shortName() {
        return simpleClassName() + "." + method();
    }

    /** Whether a higher score is better: throughput modes; for time modes a lower score is. */
    public boolean higherIsBetter() {
        return "thrpt".equals(mode);
    }

    /** The gc profiler's bytes allocated per operation, when the run used {@code -prof gc}. */
    public OptionalDouble allocatedBytesPerOp() {
        Metric alloc = secondary.get(ALLOC_NORM);
        return alloc == null ? OptionalDouble.empty() : OptionalDouble.of(alloc.score());
    }

    /** {@code producerType=MULTI, waitStrategy=SLEEPING}, or an empty string. */
    public String paramsText() {
        return Formats.params(params);
    }
}
