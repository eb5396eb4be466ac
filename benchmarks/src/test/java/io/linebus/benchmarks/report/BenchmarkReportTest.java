package io.linebus.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkReportTest {
    private static final ZonedDateTime WHEN = ZonedDateTime.of(2025, 11, 26, 23, 30, 0, 0, ZoneOffset.UTC);
    private static final MachineInfo MACHINE = new MachineInfo(2, 24L << 30, "AMD EPYC", "Linux");

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    private static Path sample(Path dir) throws IOException {
        Path jmh = dir.resolve("full.json");
        try (InputStream in = BenchmarkReportTest.class.getResourceAsStream(SampleResults.RESOURCE)) {
            Files.copy(in, jmh);
        }
        return jmh;
    }

    @Test
    void writesSummaryChartsAndTheMergedLatencyFile(@TempDir Path dir) throws IOException {
        Path jmh = sample(dir);
        Path forks = dir.resolve("forks");
        Histogram histogram = new Histogram(60_000_000_000L, 3);
        histogram.recordValue(1_500L);
        histogram.recordValue(90_000L);
        for (String fork : List.of("1", "2")) {
            LatencyFile.write(forks.resolve("publishToHandle-" + fork + ".json"), List.of(new LatencyRecord(
                    "io.linebus.benchmarks.LatencyBenchmark.publishToHandle", Map.of("rate", "100000"), 1, histogram)));
        }
        Path out = dir.resolve("out");
        BenchmarkReport.Options options = BenchmarkReport.Options.parse(new String[] {"--jmh", jmh.toString(),
            "--latency", forks.toString(), "--out", out.toString(), "--thresholds", "thresholds.properties",
            "--note", "shared machine"});

        Path summary = BenchmarkReport.write(options, SampleResults.COMPARISONS, MACHINE, WHEN);

        assertThat(summary).isEqualTo(out.resolve("SUMMARY.md"));
        assertThat(Files.readString(summary)).contains("## Ratios", "## Threshold checks", "## Latency",
                "[`full.json`](../full.json)", "[`full-latency.json`](full-latency.json)", "![latency.png](latency.png)");
        assertThat(LatencyFile.read(out.resolve("full-latency.json"))).singleElement()
                .satisfies(record -> assertThat(record.segments()).isEqualTo(2));
        BufferedImage throughput = ImageIO.read(out.resolve("throughput.png").toFile());
        assertThat(throughput.getWidth()).isEqualTo(1500);
        assertThat(throughput.getHeight()).isGreaterThan(200);
        assertThat(ImageIO.read(out.resolve("latency.png").toFile())).isNotNull();
    }

    @Test
    void withoutLatencyResultsThereIsNoLatencyChart(@TempDir Path dir) throws IOException {
        Path jmh = sample(dir);

        BenchmarkReport.write(BenchmarkReport.Options.parse(new String[] {"--jmh", jmh.toString()}),
                SampleResults.COMPARISONS, MACHINE, WHEN);

        assertThat(dir.resolve("SUMMARY.md")).exists();
        assertThat(dir.resolve("throughput.png")).exists();
        assertThat(dir.resolve("latency.png")).doesNotExist();
    }

    @Test
    void rejectsBadOptions() {
        assertThatThrownBy(() -> BenchmarkReport.Options.parse(new String[] {"--out", "x"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--jmh");
        assertThatThrownBy(() -> BenchmarkReport.Options.parse(new String[] {"--jmh"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> BenchmarkReport.Options.parse(new String[] {"--colour", "red"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Unknown option --colour");
    }

    @Test
    void chartLegendNamesTheBaselinesByTheirCommonPrefix() {
        assertThat(BenchmarkReport.commonPrefix(List.of("rawDisruptor", "rawDisruptor2Producers"))).isEqualTo("rawDisruptor…");
        assertThat(BenchmarkReport.commonPrefix(List.of("jsonEncode"))).isEqualTo("jsonEncode");
        assertThat(BenchmarkReport.commonPrefix(List.of("a", "b"))).isEqualTo("a, b");
        assertThat(BarChart.niceStep(1.7e7)).isEqualTo(2e7);
        assertThat(BarChart.niceStep(3.0)).isEqualTo(5.0);
    }
}
