package io.linebus.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JmhResultsTest {
    private final List<BenchmarkResult> results = SampleResults.load();

    @Test
    void readsEveryEntryWithItsNamesModeAndParameters() {
        assertThat(results).hasSize(9);
        BenchmarkResult bus = results.get(0);
        assertThat(bus.benchmark()).isEqualTo("io.linebus.benchmarks.ThroughputBenchmark.asyncBus");
        assertThat(bus.className()).isEqualTo("io.linebus.benchmarks.ThroughputBenchmark");
        assertThat(bus.simpleClassName()).isEqualTo("ThroughputBenchmark");
        assertThat(bus.method()).isEqualTo("asyncBus");
        assertThat(bus.mode()).isEqualTo("thrpt");
        assertThat(bus.higherIsBetter()).isTrue();
        assertThat(bus.params()).containsExactly(Map.entry("producerType", "MULTI"), Map.entry("waitStrategy", "SLEEPING"));
        assertThat(bus.paramsText()).isEqualTo("producerType=MULTI, waitStrategy=SLEEPING");
        assertThat(SampleResults.find(results, "ThroughputBenchmark.blockingQueue", "").params()).isEmpty();
    }

    @Test
    void readsScoresErrorsAndUnits() {
        BenchmarkResult bus = results.get(0);
        assertThat(bus.primary()).isEqualTo(new Metric(8.0e6, 1.0e5, "ops/s"));
        BenchmarkResult encode = SampleResults.find(results, "CodecBenchmark.encode", "");
        assertThat(encode.primary()).isEqualTo(new Metric(100.0, 3.0, "ns/op"));
        assertThat(encode.higherIsBetter()).isFalse();
    }

    @Test
    void readsJmhsNanErrorAsNan() {
        BenchmarkResult blocking = SampleResults.find(results, "ThroughputBenchmark.asyncBus",
                "producerType=MULTI, waitStrategy=BLOCKING");
        assertThat(blocking.primary().error()).isNaN();
        assertThat(blocking.primary().score()).isEqualTo(4.0e6);
    }

    @Test
    void readsTheGcProfilersAllocationPerOperation() {
        assertThat(results.get(0).allocatedBytesPerOp()).hasValue(0.003);
        assertThat(results.get(0).secondary()).containsKeys("gc.alloc.rate", "gc.alloc.rate.norm", "gc.count");
        assertThat(SampleResults.find(results, "CodecBenchmark.encode", "").allocatedBytesPerOp()).isEmpty();
    }

    @Test
    void acceptsOlderJmhsDottedProfilerMetricNames() {
        assertThat(SampleResults.find(results, "ThroughputBenchmark.blockingQueue", "").allocatedBytesPerOp())
                .hasValue(0.19);
        assertThat(JmhResults.metricName("\u00B7gc.alloc.rate.norm")).isEqualTo("gc.alloc.rate.norm");
    }

    @Test
    void readsTheRunSettings() {
        BenchmarkResult bus = results.get(0);
        assertThat(bus.forks()).isEqualTo(2);
        assertThat(bus.threads()).isEqualTo(1);
        RunSettings settings = bus.settings();
        assertThat(settings.jmhVersion()).isEqualTo("1.37");
        assertThat(settings.jdkVersion()).isEqualTo("17.0.15");
        assertThat(settings.vmName()).isEqualTo("OpenJDK 64-Bit Server VM");
        assertThat(settings.warmupIterations()).isEqualTo(3);
        assertThat(settings.warmupTime()).isEqualTo("2 s");
        assertThat(settings.measurementIterations()).isEqualTo(5);
        assertThat(settings.measurementTime()).isEqualTo("2 s");
        assertThat(settings.jvmArgs()).contains("-Dchronicle.analytics.disable=true");
    }

    @Test
    void rejectsADocumentThatIsNotAnArrayOfResults() {
        assertThatThrownBy(() -> JmhResults.read(new StringReader("{\"benchmark\": \"a.B.c\"}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a JSON array");
        assertThatThrownBy(() -> JmhResults.read(new StringReader("[{\"mode\": \"thrpt\"}]")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("entry 0.benchmark");
        assertThatThrownBy(() -> JmhResults.read(new StringReader(
                "[{\"benchmark\": \"a.B.c\", \"mode\": \"thrpt\", \"primaryMetric\": {\"score\": \"fast\", \"scoreUnit\": \"ops/s\"}}]")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("primaryMetric.score");
        assertThatThrownBy(() -> JmhResults.read(new StringReader("")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Empty");
    }

    @Test
    void rejectsABenchmarkNameWithoutClassAndMethod() {
        assertThatThrownBy(() -> JmhResults.read(new StringReader(
                "[{\"benchmark\": \"nodots\", \"mode\": \"thrpt\", \"primaryMetric\": {\"score\": 1, \"scoreUnit\": \"ops/s\"}}]")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("<class>.<method>");
    }
}
