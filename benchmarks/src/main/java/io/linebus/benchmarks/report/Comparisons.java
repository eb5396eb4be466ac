package io.linebus.benchmarks.report;

import io.linebus.benchmarks.ComparedTo;
import java.lang.reflect.Method;
import java.util.List;

/**
 * Which baselines a linebus benchmark method is compared with. The default reads the
 * {@link ComparedTo} annotation of the benchmark class on the classpath.
 */
@FunctionalInterface
public interface Comparisons {
    /**
     * @param className fully qualified benchmark class
     * @return the baseline method names, empty when the method is not a compared linebus method
     */
    List<String> baselinesOf(String className, String method);

    /** Reads {@link ComparedTo} from the benchmark classes; an unknown class or method has no baselines. */
    static Comparisons fromAnnotations() {
        return (className, method) -> {
            Class<?> type;
            try {
                type = Class.forName(className, false, Comparisons.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                return List.of();
            }
            for (Method candidate : type.getMethods()) {
                ComparedTo comparedTo = candidate.getAnnotation(ComparedTo.class);
                if (candidate.getName().equals(method) && comparedTo != null) {
                    return List.of(comparedTo.value());
                }
            }
            return List.of();
        };
    }
}
