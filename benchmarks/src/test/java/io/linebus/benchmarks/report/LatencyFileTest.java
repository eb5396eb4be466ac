package io.linebus.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LatencyFileTest {
    private static final String BUS = "io.linebus.benchmarks.LatencyBenchmark.publishToHandle";

    private static LatencyRecord record(String benchmark, String rate, long... nanos) {
        Histogram histogram = new Histogram(60_000_000_000L, 3);
        for (long value : nanos) {
            histogram.recordValue(value);
        }
        return new LatencyRecord(benchmark, Map.of("rate", rate), 1, histogram);
    }

    @Test
    void writesAndReadsBackTheWholeHistogram(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("a/latency.json");
        LatencyFile.write(file, List.of(record(BUS, "100000", 1_000, 2_000, 3_000, 1_000_000)));

        List<LatencyRecord> read = LatencyFile.read(file);

        assertThat(read).singleElement().satisfies(record -> {
            assertThat(record.benchmark()).isEqualTo(BUS);
            assertThat(record.method()).isEqualTo("publishToHandle");
            assertThat(record.params()).containsExactly(Map.entry("rate", "100000"));
            assertThat(record.count()).isEqualTo(4);
            assertThat(record.maxMicros()).isBetween(999.0, 1001.0);
        });
        String json = Files.readString(file);
        assertThat(json).contains("\"p50\"", "\"p99.9\"", "\"max\"", "\"unit\" : \"us\"", "\"histogram\"");
    }

    @Test
    void mergesForksOfTheSameBenchmarkAndParameters(@TempDir Path dir) {
        LatencyFile.write(dir.resolve("fork1.json"), List.of(record(BUS, "100000", 1_000, 2_000)));
        LatencyFile.write(dir.resolve("fork2.json"), List.of(record(BUS, "100000", 3_000)));
        LatencyFile.write(dir.resolve("other.json"), List.of(record(BUS, "1000000", 5_000)));

        List<LatencyRecord> merged = LatencyFile.merge(LatencyFile.readAll(dir));

        assertThat(merged).hasSize(2);
        assertThat(merged.get(0).params()).containsEntry("rate", "100000");
        assertThat(merged.get(0).count()).isEqualTo(3);
        assertThat(merged.get(0).segments()).isEqualTo(2);
        assertThat(merged.get(0).maxMicros()).isBetween(2.99, 3.01);
        assertThat(merged.get(1).count()).isEqualTo(1);
        assertThat(merged.get(1).segments()).isEqualTo(1);
    }

    @Test
    void percentileKeysReadAsInTheReport() {
        assertThat(LatencyFile.percentileKey(50.0)).isEqualTo("p50");
        assertThat(LatencyFile.percentileKey(99.9)).isEqualTo("p99.9");
        assertThat(LatencyFile.percentileKey(99.99)).isEqualTo("p99.99");
    }

    @Test
    void rejectsAHistogramThatIsNotOne(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "{\"results\": [{\"benchmark\": \"a.B.c\", \"params\": {}, \"histogram\": \"AAAA\"}]}");

        assertThatThrownBy(() -> LatencyFile.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Not an encoded HdrHistogram");
    }

    @Test
    void aRecordNeedsAtLeastOneSegment() {
        assertThatThrownBy(() -> new LatencyRecord(BUS, Map.of(), 0, new Histogram(3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("segments");
    }
}
