package io.linebus.benchmarks.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks JMH results against {@code benchmarks/thresholds.properties} ({@link Threshold}): each ratio of
 * a listed pair and each listed allocation rate is one check, and every failure says what was
 * measured. A threshold with no matching results fails too, so that a renamed or skipped benchmark
 * cannot pass silently.
 *
 * <p>{@code java -cp benchmarks.jar io.linebus.benchmarks.report.RegressionGuard <thresholds> <jmh.json>}
 * exits 0 when every check passed, 1 when one failed, 2 on bad arguments or files.
 */
public final class RegressionGuard {
    private static final Logger LOG = LoggerFactory.getLogger(RegressionGuard.class);

    /** The outcome of one threshold on one result (or parameter set). */
    public record Check(Threshold threshold, boolean passed, String message) {
    }

    private RegressionGuard() {
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            LOG.error("Usage: RegressionGuard <thresholds.properties> <jmh-results.json>");
            System.exit(2);
        }
        List<Check> checks;
        try {
            checks = check(Threshold.load(Path.of(args[0])), JmhResults.read(Path.of(args[1])));
        } catch (RuntimeException e) {
            LOG.error("Regression guard: {}", e.getMessage());
            System.exit(2);
            return;
        }
        long failed = checks.stream().filter(check -> !check.passed()).count();
        for (Check check : checks) {
            LOG.info("{} {}", check.passed() ? "PASS" : "FAIL", check.message());
        }
        if (failed > 0) {
            LOG.error("Regression guard: {} of {} checks FAILED", failed, checks.size());
            System.exit(1);
        }
        LOG.info("Regression guard: all {} checks passed", checks.size());
    }

    /** Runs every threshold against the results. */
    public static List<Check> check(List<Threshold> thresholds, List<BenchmarkResult> results) {
        List<Check> checks = new ArrayList<>();
        for (Threshold threshold : thresholds) {
            switch (threshold.kind()) {
                case MIN_RATIO -> checkRatios(threshold, results, checks);
                case MAX_ALLOC -> checkAllocations(threshold, results, checks);
            }
        }
        return checks;
    }

    private static void checkRatios(Threshold threshold, List<BenchmarkResult> results, List<Check> checks) {
        List<Ratio> ratios = Ratios.of(results, threshold.className(), threshold.subject(), threshold.baseline());
        String pair = threshold.className() + "." + String.join("+", threshold.subject()) + "/"
                + String.join("+", threshold.baseline());
        if (ratios.isEmpty()) {
            checks.add(new Check(threshold, false, pair + ": no results to compare (was the benchmark run, "
                    + "with its baselines?); threshold " + threshold.bound()));
            return;
        }
        for (Ratio ratio : ratios) {
            boolean passed = ratio.value() >= threshold.limit();
            String params = ratio.params().isEmpty() ? "" : " [" + Formats.params(ratio.params()) + "]";
            checks.add(new Check(threshold, passed, pair + params + " = " + Formats.ratio(ratio.value())
                    + (passed ? " >= " : " < ") + Formats.significant(threshold.limit()) + " (" + ratio.subjectName()
                    + " " + Formats.si(ratio.subjectScore()) + " " + ratio.unit() + ", " + ratio.baselineName() + " "
                    + Formats.si(ratio.baselineScore()) + " " + ratio.unit() + ")"));
        }
    }

    private static void checkAllocations(Threshold threshold, List<BenchmarkResult> results, List<Check> checks) {
        String method = threshold.subject().get(0);
        String name = threshold.className() + "." + method;
        boolean any = false;
        for (BenchmarkResult result : results) {
            if (!result.simpleClassName().equals(threshold.className()) || !result.method().equals(method)) {
                continue;
            }
            any = true;
            String label = name + (result.params().isEmpty() ? "" : " [" + result.paramsText() + "]");
            OptionalDouble bytes = result.allocatedBytesPerOp();
            if (bytes.isEmpty()) {
                checks.add(new Check(threshold, false, label + ": no " + BenchmarkResult.ALLOC_NORM
                        + " (run with -prof gc); threshold " + threshold.bound()));
                continue;
            }
            boolean passed = bytes.getAsDouble() <= threshold.limit();
            checks.add(new Check(threshold, passed, label + " allocates " + Formats.significant(bytes.getAsDouble())
                    + " B/op" + (passed ? " <= " : " > ") + Formats.significant(threshold.limit()) + " B/op"));
        }
        if (!any) {
            checks.add(new Check(threshold, false, name + ": no results (was the benchmark run?); threshold "
                    + threshold.bound()));
        }
    }
}
