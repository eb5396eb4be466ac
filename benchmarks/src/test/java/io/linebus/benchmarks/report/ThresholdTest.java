package io.linebus.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ThresholdTest {
    @Test
    void parsesARatioThreshold() {
        Threshold threshold = Threshold.parse("ratio.ThroughputBenchmark.asyncBus/rawDisruptor", " 0.7 ");

        assertThat(threshold.kind()).isEqualTo(Threshold.Kind.MIN_RATIO);
        assertThat(threshold.className()).isEqualTo("ThroughputBenchmark");
        assertThat(threshold.subject()).containsExactly("asyncBus");
        assertThat(threshold.baseline()).containsExactly("rawDisruptor");
        assertThat(threshold.limit()).isEqualTo(0.7);
        assertThat(threshold.bound()).isEqualTo(">= 0.7");
    }

    @Test
    void parsesCombinedMethodsOnEitherSide() {
        Threshold threshold = Threshold.parse("ratio.CodecBenchmark.encode+decode/jsonEncode+jsonDecode", "5");

        assertThat(threshold.subject()).containsExactly("encode", "decode");
        assertThat(threshold.baseline()).containsExactly("jsonEncode", "jsonDecode");
    }

    @Test
    void parsesAnAllocationThreshold() {
        Threshold threshold = Threshold.parse("alloc.ThroughputBenchmark.asyncBus", "1");

        assertThat(threshold.kind()).isEqualTo(Threshold.Kind.MAX_ALLOC);
        assertThat(threshold.className()).isEqualTo("ThroughputBenchmark");
        assertThat(threshold.subject()).containsExactly("asyncBus");
        assertThat(threshold.bound()).isEqualTo("<= 1 B/op");
    }

    @Test
    void rejectsMalformedKeysAndValues() {
        assertThatThrownBy(() -> Threshold.parse("speed.ThroughputBenchmark.asyncBus", "1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'ratio.' or 'alloc.'");
        assertThatThrownBy(() -> Threshold.parse("ratio.ThroughputBenchmark.asyncBus", "1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected ratio.<Class>");
        assertThatThrownBy(() -> Threshold.parse("ratio.ThroughputBenchmark.asyncBus/", "1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected ratio.<Class>");
        assertThatThrownBy(() -> Threshold.parse("ratio.ThroughputBenchmark.asyncBus+/raw", "1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty method name");
        assertThatThrownBy(() -> Threshold.parse("alloc.ThroughputBenchmark", "1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("alloc.<Class>.<method>");
        assertThatThrownBy(() -> Threshold.parse("alloc.ThroughputBenchmark.asyncBus", "lots"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'lots' is not a number");
        assertThatThrownBy(() -> Threshold.parse("alloc.ThroughputBenchmark.asyncBus", "NaN"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a finite number");
    }

    @Test
    void readsEveryActiveLineAndIgnoresComments() throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader("""
                # asyncBus must stay close to the bare ring
                ratio.ThroughputBenchmark.asyncBus/rawDisruptor=0.7
                alloc.ThroughputBenchmark.asyncBus=1
                #ratio.JournalBenchmark.journaledBus/rawChronicleAppend=0.7
                """));

        assertThat(Threshold.parse(properties)).extracting(Threshold::key).containsExactly(
                "alloc.ThroughputBenchmark.asyncBus", "ratio.ThroughputBenchmark.asyncBus/rawDisruptor");
    }

    @Test
    void theCommittedThresholdsFileParses() {
        List<Threshold> thresholds = Threshold.load(Path.of("thresholds.properties"));

        assertThat(thresholds).extracting(Threshold::key).contains(
                "ratio.ThroughputBenchmark.asyncBus/rawDisruptor", "ratio.ThroughputBenchmark.asyncBus/blockingQueue",
                "alloc.ThroughputBenchmark.asyncBus");
    }
}
