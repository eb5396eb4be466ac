package io.linebus.benchmarks.report;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How many times faster linebus was than a baseline, measured in the same run: for throughput modes
 * linebus's score divided by the baseline's, for time modes the inverse, so that above 1 always means
 * linebus is faster. Several methods on one side (e.g. {@code encode+decode}) are combined as one
 * operation doing each of them once: their times add up.
 *
 * @param subject the linebus result(s)
 * @param baseline the baseline result(s), with parameters compatible with the subject's
 */
public record Ratio(List<BenchmarkResult> subject, List<BenchmarkResult> baseline, double value) {
    public Ratio {
        subject = List.copyOf(subject);
        baseline = List.copyOf(baseline);
        if (subject.isEmpty() || baseline.isEmpty()) {
            throw new IllegalArgumentException("A ratio needs results on both sides");
        }
    }

    /** The simple class name of the benchmarks compared. */
    public String className() {
        return subject.get(0).simpleClassName();
    }

    /** {@code asyncBus} or {@code encode+decode}. */
    public String subjectName() {
        return names(subject);
    }

    public String baselineName() {
        return names(baseline);
    }

    /** The subject's parameters: these identify the ratio among those of the same pair. */
    public Map<String, String> params() {
        return subject.get(0).params();
    }

    /** The combined score of the subject, in its unit. */
    public double subjectScore() {
        return Ratios.combinedScore(subject);
    }

    public double baselineScore() {
        return Ratios.combinedScore(baseline);
    }

    public String unit() {
        return subject.get(0).primary().unit();
    }

    private static String names(List<BenchmarkResult> results) {
        return results.stream().map(BenchmarkResult::method).collect(Collectors.joining("+"));
    }

    @Override
    public String toString() {
        return className() + "." + subjectName() + "/" + baselineName()
                + (params().isEmpty() ? "" : " [" + Formats.params(params()) + "]") + " = " + Formats.ratio(value);
    }
}
