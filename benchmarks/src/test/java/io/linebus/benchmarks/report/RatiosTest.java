package io.linebus.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RatiosTest {
    private final List<BenchmarkResult> results = SampleResults.load();

    @Test
    void pairsEachLinebusResultWithTheBaselineAtTheSameParameters() {
        List<Ratio> ratios = Ratios.of(results, "ThroughputBenchmark", List.of("asyncBus"), List.of("rawDisruptor"));

        assertThat(ratios).hasSize(2);
        assertThat(ratios.get(0).params()).containsEntry("waitStrategy", "SLEEPING");
        assertThat(ratios.get(0).baseline().get(0).params()).containsEntry("waitStrategy", "SLEEPING");
        assertThat(ratios.get(0).value()).isCloseTo(0.8, within(1e-9));
        assertThat(ratios.get(1).params()).containsEntry("waitStrategy", "BLOCKING");
        assertThat(ratios.get(1).value()).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void aBaselineWithoutParametersMatchesEveryParameterSet() {
        List<Ratio> ratios = Ratios.of(results, "ThroughputBenchmark", List.of("asyncBus"), List.of("blockingQueue"));

        assertThat(ratios).extracting(Ratio::value).containsExactly(4.0, 2.0);
        assertThat(ratios).allSatisfy(ratio -> assertThat(ratio.baselineName()).isEqualTo("blockingQueue"));
    }

    @Test
    void forTimeModesLowerIsFasterSoTheRatioIsInverted() {
        List<Ratio> ratios = Ratios.of(results, "CodecBenchmark", List.of("encode"), List.of("jsonEncode"));

        assertThat(ratios).singleElement().satisfies(ratio -> {
            assertThat(ratio.value()).isCloseTo(10.0, within(1e-9));
            assertThat(ratio.unit()).isEqualTo("ns/op");
        });
    }

    @Test
    void combinesSeveralMethodsAsOneOperationDoingEachOnce() {
        List<Ratio> ratios = Ratios.of(results, "CodecBenchmark", List.of("encode", "decode"),
                List.of("jsonEncode", "jsonDecode"));

        assertThat(ratios).singleElement().satisfies(ratio -> {
            assertThat(ratio.subjectName()).isEqualTo("encode+decode");
            assertThat(ratio.baselineName()).isEqualTo("jsonEncode+jsonDecode");
            assertThat(ratio.subjectScore()).isCloseTo(300.0, within(1e-9));
            assertThat(ratio.baselineScore()).isCloseTo(3000.0, within(1e-9));
            assertThat(ratio.value()).isCloseTo(10.0, within(1e-9));
        });
    }

    @Test
    void combinedThroughputsAddUpAsTimesPerOperation() {
        BenchmarkResult raw = SampleResults.find(results, "ThroughputBenchmark.rawDisruptor",
                "producerType=MULTI, waitStrategy=SLEEPING");
        BenchmarkResult queue = SampleResults.find(results, "ThroughputBenchmark.blockingQueue", "");

        // 1e7/s and 2e6/s: 100 ns + 500 ns per pair of operations
        assertThat(Ratios.combinedScore(List.of(raw, queue))).isCloseTo(1e9 / 600.0, within(1e-3));
    }

    @Test
    void declaredRatiosFollowTheComparisonsInResultOrder() {
        List<Ratio> ratios = Ratios.declared(results, SampleResults.COMPARISONS);

        assertThat(ratios).extracting(Ratio::toString).containsExactly(
                "ThroughputBenchmark.asyncBus/rawDisruptor [producerType=MULTI, waitStrategy=SLEEPING] = 0.80",
                "ThroughputBenchmark.asyncBus/rawDisruptor [producerType=MULTI, waitStrategy=BLOCKING] = 0.50",
                "ThroughputBenchmark.asyncBus/blockingQueue [producerType=MULTI, waitStrategy=SLEEPING] = 4.00",
                "ThroughputBenchmark.asyncBus/blockingQueue [producerType=MULTI, waitStrategy=BLOCKING] = 2.00",
                "CodecBenchmark.decode/jsonDecode = 10.00",
                "CodecBenchmark.encode/jsonEncode = 10.00");
    }

    @Test
    void noRatioWhenTheBaselineWasNotRun() {
        assertThat(Ratios.of(results, "ThroughputBenchmark", List.of("asyncBus"), List.of("missing"))).isEmpty();
        assertThat(Ratios.of(results, "OtherBenchmark", List.of("asyncBus"), List.of("rawDisruptor"))).isEmpty();
        assertThat(Ratios.declared(results, (type, method) -> List.of())).isEmpty();
    }

    @Test
    void refusesToCompareDifferentUnits() {
        BenchmarkResult encode = SampleResults.find(results, "CodecBenchmark.encode", "");
        BenchmarkResult queue = SampleResults.find(results, "ThroughputBenchmark.blockingQueue", "");

        assertThatThrownBy(() -> Ratios.speedUp(List.of(encode), List.of(queue)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ns/op").hasMessageContaining("ops/s");
        assertThatThrownBy(() -> Ratios.combinedScore(List.of(encode, queue)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Cannot combine");
    }

    @Test
    void parametersAgreeWhenEveryCommonKeyHasTheSameValue() {
        assertThat(Ratios.agree(Map.of("a", "1", "b", "2"), Map.of("a", "1"))).isTrue();
        assertThat(Ratios.agree(Map.of("a", "1"), Map.of())).isTrue();
        assertThat(Ratios.agree(Map.of("a", "1"), Map.of("a", "2"))).isFalse();
        assertThat(Ratios.agree(Map.of("a", "1"), Map.of("c", "3"))).isTrue();
    }

    @Test
    void needsAMethodOnEachSide() {
        assertThatThrownBy(() -> Ratios.of(results, "ThroughputBenchmark", List.of(), List.of("rawDisruptor")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Ratios.declared(results, null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("comparisons");
    }
}
