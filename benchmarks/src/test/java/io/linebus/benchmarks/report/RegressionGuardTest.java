package io.linebus.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RegressionGuardTest {
    private final List<BenchmarkResult> results = SampleResults.load();

    private List<RegressionGuard.Check> check(String key, String value) {
        return RegressionGuard.check(List.of(Threshold.parse(key, value)), results);
    }

    @Test
    void oneCheckPerParameterSetAndOnlyTheLowRatioFails() {
        List<RegressionGuard.Check> checks = check("ratio.ThroughputBenchmark.asyncBus/rawDisruptor", "0.7");

        assertThat(checks).hasSize(2);
        assertThat(checks.get(0).passed()).isTrue();
        assertThat(checks.get(0).message()).isEqualTo("ThroughputBenchmark.asyncBus/rawDisruptor "
                + "[producerType=MULTI, waitStrategy=SLEEPING] = 0.80 >= 0.7 (asyncBus 8 M ops/s, rawDisruptor 10 M ops/s)");
        assertThat(checks.get(1).passed()).isFalse();
        assertThat(checks.get(1).message()).isEqualTo("ThroughputBenchmark.asyncBus/rawDisruptor "
                + "[producerType=MULTI, waitStrategy=BLOCKING] = 0.50 < 0.7 (asyncBus 4 M ops/s, rawDisruptor 8 M ops/s)");
    }

    @Test
    void aRatioExactlyAtTheThresholdPasses() {
        assertThat(check("ratio.ThroughputBenchmark.asyncBus/blockingQueue", "2.0"))
                .extracting(RegressionGuard.Check::passed).containsExactly(true, true);
    }

    @Test
    void combinedCodecRatioIsChecked() {
        List<RegressionGuard.Check> checks = check("ratio.CodecBenchmark.encode+decode/jsonEncode+jsonDecode", "5");

        assertThat(checks).singleElement().satisfies(check -> {
            assertThat(check.passed()).isTrue();
            assertThat(check.message()).startsWith("CodecBenchmark.encode+decode/jsonEncode+jsonDecode = 10.00 >= 5");
        });
    }

    @Test
    void allocationAboveTheLimitFails() {
        List<RegressionGuard.Check> checks = check("alloc.ThroughputBenchmark.asyncBus", "1");

        assertThat(checks).extracting(RegressionGuard.Check::passed).containsExactly(true, false);
        assertThat(checks.get(0).message()).isEqualTo("ThroughputBenchmark.asyncBus [producerType=MULTI, "
                + "waitStrategy=SLEEPING] allocates 0.003 B/op <= 1 B/op");
        assertThat(checks.get(1).message()).isEqualTo("ThroughputBenchmark.asyncBus [producerType=MULTI, "
                + "waitStrategy=BLOCKING] allocates 2.5 B/op > 1 B/op");
    }

    @Test
    void allocationWithoutTheGcProfilerFails() {
        List<RegressionGuard.Check> checks = check("alloc.CodecBenchmark.encode", "1");

        assertThat(checks).singleElement().satisfies(check -> {
            assertThat(check.passed()).isFalse();
            assertThat(check.message()).contains("no gc.alloc.rate.norm (run with -prof gc)");
        });
    }

    @Test
    void aThresholdWithoutResultsFailsInsteadOfPassingSilently() {
        assertThat(check("ratio.JournalBenchmark.journaledBus/rawChronicleAppend", "0.7")).singleElement()
                .satisfies(check -> {
                    assertThat(check.passed()).isFalse();
                    assertThat(check.message()).contains("no results to compare");
                });
        assertThat(check("alloc.JournalBenchmark.journaledBus", "1")).singleElement()
                .satisfies(check -> assertThat(check.message()).contains("no results"));
    }
}
