package io.linebus.benchmarks.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Pairs linebus results with their baselines and computes the {@link Ratio}s. A baseline result
 * matches a subject result when both come from the same class and mode and agree on every parameter
 * they both have: {@code blockingQueue} (no parameters) matches {@code asyncBus} at every wait
 * strategy, {@code rawDisruptor} only at the same one.
 */
public final class Ratios {
    private Ratios() {
    }

    /** Every ratio the {@link Comparisons} declare, in result order. */
    public static List<Ratio> declared(List<BenchmarkResult> results, Comparisons comparisons) {
        Objects.requireNonNull(comparisons, "comparisons");
        List<Ratio> ratios = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (BenchmarkResult result : results) {
            String key = result.className() + "#" + result.method();
            if (seen.contains(key)) {
                continue;
            }
            seen.add(key);
            for (String baseline : comparisons.baselinesOf(result.className(), result.method())) {
                ratios.addAll(of(results, result.simpleClassName(), List.of(result.method()), List.of(baseline)));
            }
        }
        return ratios;
    }

    /**
     * The ratios of {@code subjectMethods} (combined) to {@code baselineMethods} (combined) in the class
     * with this simple name: one per result of the first subject method, times each compatible choice of
     * the other results. Empty when a side has no compatible results.
     *
     * @throws IllegalArgumentException when the results to combine have different units
     */
    public static List<Ratio> of(List<BenchmarkResult> results, String simpleClassName, List<String> subjectMethods,
            List<String> baselineMethods) {
        if (subjectMethods.isEmpty() || baselineMethods.isEmpty()) {
            throw new IllegalArgumentException("Both sides need at least one method");
        }
        List<Ratio> ratios = new ArrayList<>();
        for (BenchmarkResult anchor : results) {
            if (!anchor.simpleClassName().equals(simpleClassName) || !anchor.method().equals(subjectMethods.get(0))) {
                continue;
            }
            List<List<BenchmarkResult>> candidates = new ArrayList<>();
            for (String method : subjectMethods.subList(1, subjectMethods.size())) {
                candidates.add(compatible(results, anchor, method));
            }
            for (String method : baselineMethods) {
                candidates.add(compatible(results, anchor, method));
            }
            for (List<BenchmarkResult> choice : product(candidates)) {
                List<BenchmarkResult> subject = new ArrayList<>();
                subject.add(anchor);
                subject.addAll(choice.subList(0, subjectMethods.size() - 1));
                List<BenchmarkResult> baseline = choice.subList(subjectMethods.size() - 1, choice.size());
                ratios.add(new Ratio(subject, baseline, speedUp(subject, baseline)));
            }
        }
        return ratios;
    }

    /** How many times faster the subject is than the baseline (above 1: the subject is faster). */
    static double speedUp(List<BenchmarkResult> subject, List<BenchmarkResult> baseline) {
        String unit = subject.get(0).primary().unit();
        for (BenchmarkResult result : baseline) {
            if (!result.primary().unit().equals(unit)) {
                throw new IllegalArgumentException("Cannot compare " + subject.get(0).shortName() + " (" + unit + ") with "
                        + result.shortName() + " (" + result.primary().unit() + ")");
            }
        }
        double ratio = combinedScore(subject) / combinedScore(baseline);
        return subject.get(0).higherIsBetter() ? ratio : 1.0 / ratio;
    }

    /**
     * The score of doing each result's operation once: times add up; for throughputs the combined rate
     * is the reciprocal of the summed reciprocals.
     */
    static double combinedScore(List<BenchmarkResult> results) {
        String unit = results.get(0).primary().unit();
        boolean rate = results.get(0).higherIsBetter();
        double sum = 0.0;
        for (BenchmarkResult result : results) {
            if (!result.primary().unit().equals(unit)) {
                throw new IllegalArgumentException("Cannot combine " + results.get(0).shortName() + " (" + unit
                        + ") with " + result.shortName() + " (" + result.primary().unit() + ")");
            }
            sum += rate ? 1.0 / result.primary().score() : result.primary().score();
        }
        return rate ? 1.0 / sum : sum;
    }

    private static List<BenchmarkResult> compatible(List<BenchmarkResult> results, BenchmarkResult anchor, String method) {
        List<BenchmarkResult> matches = new ArrayList<>();
        for (BenchmarkResult candidate : results) {
            if (candidate.className().equals(anchor.className()) && candidate.method().equals(method)
                    && candidate.mode().equals(anchor.mode()) && agree(anchor.params(), candidate.params())) {
                matches.add(candidate);
            }
        }
        return matches;
    }

    /** True when every parameter both maps have has the same value in each. */
    static boolean agree(Map<String, String> a, Map<String, String> b) {
        for (Map.Entry<String, String> entry : a.entrySet()) {
            String other = b.get(entry.getKey());
            if (other != null && !other.equals(entry.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static List<List<BenchmarkResult>> product(List<List<BenchmarkResult>> candidates) {
        List<List<BenchmarkResult>> combinations = new ArrayList<>();
        combinations.add(List.of());
        for (List<BenchmarkResult> options : candidates) {
            List<List<BenchmarkResult>> next = new ArrayList<>();
            for (List<BenchmarkResult> prefix : combinations) {
                for (BenchmarkResult option : options) {
                    List<BenchmarkResult> extended = new ArrayList<>(prefix);
                    extended.add(option);
                    next.add(extended);
                }
            }
            combinations = next;
        }
        return combinations;
    }
}
