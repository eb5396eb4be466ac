package io.linebus.benchmarks.report;

import java.util.List;
import java.util.Objects;

/** How JMH ran one benchmark: versions, fork JVM and iteration settings, as its JSON records them. */
public record RunSettings(String jmhVersion, String jvm, String jdkVersion, String vmName, String vmVersion,
        List<String> jvmArgs, int warmupIterations, String warmupTime, int measurementIterations,
        String measurementTime) {
    public RunSettings {
        jvmArgs = List.copyOf(Objects.requireNonNull(jvmArgs, "jvmArgs"));
    }
}
