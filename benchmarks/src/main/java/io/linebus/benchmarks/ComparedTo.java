package io.linebus.benchmarks;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a benchmark method as measuring linebus and names the baseline methods of the same class it
 * is compared with. The report ({@code BenchmarkReport}) reads it to compute the ratios, and the
 * regression guard's thresholds refer to the same pairs; a new benchmark class only needs this
 * annotation to appear in both.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ComparedTo {
    /** Names of baseline {@code @Benchmark} methods in the same class. */
    String[] value();
}
