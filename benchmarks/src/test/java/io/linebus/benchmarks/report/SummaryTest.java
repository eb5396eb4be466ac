package io.linebus.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class SummaryTest {
    private static final ZonedDateTime WHEN = ZonedDateTime.of(2025, 11, 26, 23, 30, 0, 0, ZoneOffset.UTC);
    private static final MachineInfo MACHINE = new MachineInfo(2, 24L << 30, "AMD EPYC", "Linux 6.1 amd64");

    private final List<BenchmarkResult> results = SampleResults.load();

    private String markdown(List<LatencyRecord> latencies, List<RegressionGuard.Check> checks) {
        return new Summary(results, Ratios.declared(results, SampleResults.COMPARISONS), latencies, checks, MACHINE, WHEN)
                .source("full.json").chart("throughput.png").note("load average 2.5 (shared machine)")
                .command("benchmarks/run.sh").toMarkdown();
    }

    @Test
    void headsWithTheDateTheMachineAndTheJvm() {
        String md = markdown(List.of(), List.of());

        assertThat(md).contains("Generated 2025-11-26 23:30 UTC from [`full.json`](full.json).",
                "| CPU | AMD EPYC, 2 logical cores |", "| Memory | 24.0 GiB |", "| OS | Linux 6.1 amd64 |",
                "| JVM | OpenJDK 64-Bit Server VM 17.0.15+6-Debian-1deb12u1 |", "| JMH | 1.37 |",
                "| Conditions | load average 2.5 (shared machine) |", "Command: `benchmarks/run.sh`");
    }

    @Test
    void listsTheJmhSettingsOncePerClassAndMode() {
        String md = markdown(List.of(), List.of());

        assertThat(md).contains("| ThroughputBenchmark | thrpt | 2 | 3 × 2 s | 5 × 2 s | 1 |",
                "| CodecBenchmark | avgt | 1 | 3 × 2 s | 5 × 2 s | 1 |",
                "Fork JVM options: `-Xms2g -Xmx2g -Dchronicle.analytics.disable=true`");
        assertThat(md.split("\\| ThroughputBenchmark \\| thrpt", -1)).hasSize(2);
    }

    @Test
    void singleShotIterationsHaveNoTime() {
        RunSettings settings = new RunSettings("1.37", "java", "17", "VM", "17", List.of(), 3, "2 s", 20, "2 s");
        BenchmarkResult latency = new BenchmarkResult("io.linebus.benchmarks.LatencyBenchmark.publishToHandle", "ss",
                1, 2, Map.of("rate", "100000"), new Metric(500.0, 0.1, "ms/op"), Map.of(), settings);

        String md = new Summary(List.of(latency), List.of(), List.of(), List.of(), MACHINE, WHEN).toMarkdown();

        assertThat(md).contains("| LatencyBenchmark | ss | 2 | 3 single shots | 20 single shots | 1 |");
    }

    @Test
    void tabulatesEveryRatioWithBothScores() {
        String md = markdown(List.of(), List.of());

        assertThat(md).contains(
                "| ThroughputBenchmark | asyncBus | rawDisruptor | producerType=MULTI, waitStrategy=SLEEPING "
                        + "| 8 M ops/s | 10 M ops/s | **0.80** |",
                "| ThroughputBenchmark | asyncBus | blockingQueue | producerType=MULTI, waitStrategy=BLOCKING "
                        + "| 4 M ops/s | 2 M ops/s | **2.00** |",
                "| CodecBenchmark | encode | jsonEncode |  | 100 ns/op | 1000 ns/op | **10.00** |");
    }

    @Test
    void tablesPerClassShowScoreErrorAndAllocation() {
        String md = markdown(List.of(), List.of());

        assertThat(md).contains("## ThroughputBenchmark", "| method | params | mode | score | ± error | unit | B/op |",
                "| asyncBus | producerType=MULTI, waitStrategy=SLEEPING | thrpt | 8 M | 100 k | ops/s | 0.003 |",
                "| asyncBus | producerType=MULTI, waitStrategy=BLOCKING | thrpt | 4 M | n/a | ops/s | 2.5 |",
                "## CodecBenchmark", "| encode |  | avgt | 100 | 3 | ns/op |");
        assertThat(md).contains("![throughput.png](throughput.png)");
    }

    @Test
    void listsTheThresholdChecksWithFailuresMarked() {
        List<RegressionGuard.Check> checks = RegressionGuard.check(
                List.of(Threshold.parse("ratio.ThroughputBenchmark.asyncBus/rawDisruptor", "0.7")), results);

        String md = markdown(List.of(), checks);

        assertThat(md).contains("1 of 2 checks failed.",
                "- PASS ratio.ThroughputBenchmark.asyncBus/rawDisruptor >= 0.7: ",
                "- **FAIL** ratio.ThroughputBenchmark.asyncBus/rawDisruptor >= 0.7: ThroughputBenchmark.asyncBus/"
                        + "rawDisruptor [producerType=MULTI, waitStrategy=BLOCKING] = 0.50 < 0.7");
    }

    @Test
    void tabulatesLatencyPercentilesInMicroseconds() {
        Histogram histogram = new Histogram(60_000_000_000L, 3);
        for (int i = 1; i <= 1000; i++) {
            histogram.recordValue(i * 1_000L);
        }
        LatencyRecord record = new LatencyRecord("io.linebus.benchmarks.LatencyBenchmark.publishToHandle",
                Map.of("rate", "100000", "waitStrategy", "SLEEPING"), 2, histogram);

        String md = markdown(List.of(record), List.of());

        assertThat(md).contains("| benchmark | rate | waitStrategy | events | p50 | p90 | p99 | p99.9 | max |",
                "| LatencyBenchmark.publishToHandle | 100000 | SLEEPING | 1,000 | 500 | 900 | 990 | 999 | 1,000 |");
    }
}
