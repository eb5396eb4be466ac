package io.linebus.benchmarks.report;

import java.util.Objects;

/**
 * One JMH score with its error (the 99.9% confidence half-width; {@code NaN} when JMH had too few
 * samples to compute one) and unit.
 */
public record Metric(double score, double error, String unit) {
    public Metric {
        Objects.requireNonNull(unit, "unit");
    }
}
