package io.linebus.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ComparisonsTest {
    private final Comparisons comparisons = Comparisons.fromAnnotations();

    @Test
    void readsTheBaselinesFromComparedTo() {
        assertThat(comparisons.baselinesOf("io.linebus.benchmarks.ThroughputBenchmark", "asyncBus"))
                .containsExactly("rawDisruptor", "blockingQueue");
        assertThat(comparisons.baselinesOf("io.linebus.benchmarks.LatencyBenchmark", "publishToHandle"))
                .containsExactly("rawDisruptor");
    }

    @Test
    void baselinesAndUnknownNamesHaveNone() {
        assertThat(comparisons.baselinesOf("io.linebus.benchmarks.ThroughputBenchmark", "rawDisruptor")).isEmpty();
        assertThat(comparisons.baselinesOf("io.linebus.benchmarks.ThroughputBenchmark", "nothing")).isEmpty();
        assertThat(comparisons.baselinesOf("io.linebus.benchmarks.GoneBenchmark", "asyncBus")).isEmpty();
    }
}
