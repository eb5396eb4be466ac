package io.linebus.benchmarks.report;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The JMH JSON sample of {@code src/test/resources/jmh-sample.json} and the comparisons it implies. */
final class SampleResults {
    static final String RESOURCE = "/jmh-sample.json";

    /** asyncBus against rawDisruptor and blockingQueue; encode/decode against their JSON counterparts. */
    static final Comparisons COMPARISONS = (className, method) -> Map.of(
            "io.linebus.benchmarks.ThroughputBenchmark#asyncBus", List.of("rawDisruptor", "blockingQueue"),
            "io.linebus.benchmarks.CodecBenchmark#encode", List.of("jsonEncode"),
            "io.linebus.benchmarks.CodecBenchmark#decode", List.of("jsonDecode"))
            .getOrDefault(className + "#" + method, List.of());

    private SampleResults() {
    }

    static List<BenchmarkResult> load() {
        try (Reader reader = new InputStreamReader(
                Objects.requireNonNull(SampleResults.class.getResourceAsStream(RESOURCE), RESOURCE),
                StandardCharsets.UTF_8)) {
            return JmhResults.read(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static BenchmarkResult find(List<BenchmarkResult> results, String shortName, String params) {
        return results.stream().filter(r -> r.shortName().equals(shortName) && r.paramsText().equals(params))
                .findFirst().orElseThrow(() -> new AssertionError("no " + shortName + " [" + params + "]"));
    }
}
