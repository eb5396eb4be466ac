package io.linebus.benchmarks.report;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a JMH JSON result file (and the latency benchmarks' histograms) into {@code SUMMARY.md},
 * {@code throughput.png} and {@code latency.png}. Which methods are linebus and which are their
 * baselines comes from {@link io.linebus.benchmarks.ComparedTo} on the benchmark classes, so a new
 * benchmark class shows up with its ratios without touching the report.
 *
 * <pre>
 * java -Djava.awt.headless=true -cp benchmarks.jar io.linebus.benchmarks.report.BenchmarkReport \
 *     --jmh perf-results/full.json [--latency DIR_OR_FILE] [--out perf-results]
 *     [--thresholds benchmarks/thresholds.properties] [--note TEXT] [--command TEXT]
 * </pre>
 * With {@code --latency}, the per-fork latency files are merged into {@code <out>/<jmh name>-latency.json}.
 */
public final class BenchmarkReport {
    private static final Logger LOG = LoggerFactory.getLogger(BenchmarkReport.class);

    static final Color LINEBUS = new Color(0x1F, 0x77, 0xB4);
    static final Color[] BASELINES = {new Color(0xFF, 0x7F, 0x0E), new Color(0x8C, 0x8C, 0x8C),
        new Color(0x2C, 0xA0, 0x2C), new Color(0x94, 0x67, 0xBD)};
    static final Color[] PERCENTILES = {new Color(0x9E, 0xCA, 0xE1), new Color(0x42, 0x92, 0xC6),
        new Color(0x08, 0x45, 0x94), new Color(0xD6, 0x27, 0x28)};

    private BenchmarkReport() {
    }

    /** The parsed command line. */
    record Options(Path jmh, Path latency, Path out, Path thresholds, String note, String command) {
        static Options parse(String[] args) {
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                if (!List.of("--jmh", "--latency", "--out", "--thresholds", "--note", "--command").contains(name)) {
                    throw new IllegalArgumentException("Unknown option " + name);
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                values.put(name, args[++i]);
            }
            if (!values.containsKey("--jmh")) {
                throw new IllegalArgumentException("--jmh <results.json> is required");
            }
            Path jmh = Path.of(values.get("--jmh"));
            return new Options(jmh, path(values.get("--latency")),
                    values.containsKey("--out") ? Path.of(values.get("--out")) : jmh.toAbsolutePath().getParent(),
                    path(values.get("--thresholds")), values.getOrDefault("--note", ""),
                    values.getOrDefault("--command", ""));
        }

        private static Path path(String value) {
            return value == null ? null : Path.of(value);
        }
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            LOG.error("{}\nUsage: BenchmarkReport --jmh FILE [--latency DIR|FILE] [--out DIR] "
                    + "[--thresholds FILE] [--note TEXT] [--command TEXT]", e.getMessage());
            System.exit(2);
            return;
        }
        System.setProperty("java.awt.headless", "true");
        Path summary = write(options, Comparisons.fromAnnotations(), MachineInfo.current(), ZonedDateTime.now());
        LOG.info("Report written: {}", summary);
    }

    /** Writes the summary, charts and merged latency file; returns the summary's path. */
    static Path write(Options options, Comparisons comparisons, MachineInfo machine, ZonedDateTime now) {
        List<BenchmarkResult> results = JmhResults.read(options.jmh());
        List<Ratio> ratios = Ratios.declared(results, comparisons);
        List<LatencyRecord> latencies = List.of();
        Path out = options.out();
        String jmhName = options.jmh().getFileName().toString().replaceFirst("\\.json$", "");
        Path mergedLatency = out.resolve(jmhName + "-latency.json");
        if (options.latency() != null && Files.exists(options.latency())) {
            latencies = sorted(LatencyFile.merge(LatencyFile.readAll(options.latency())));
        }
        if (!latencies.isEmpty()) {
            LatencyFile.write(mergedLatency, latencies);
        } else if (options.latency() != null) {
            LOG.info("No latency results at {}", options.latency());
        }
        List<RegressionGuard.Check> checks = options.thresholds() == null ? List.of()
                : RegressionGuard.check(Threshold.load(options.thresholds()), results);

        Summary summary = new Summary(results, ratios, latencies, checks, machine, now)
                .note(options.note()).command(options.command()).source(relative(out, options.jmh()));
        if (!latencies.isEmpty()) {
            summary.source(relative(out, mergedLatency));
        }
        BarChart throughput = throughputChart(results, comparisons);
        if (!throughput.isEmpty()) {
            throughput.write(out.resolve("throughput.png"));
            summary.chart("throughput.png");
        }
        if (!latencies.isEmpty()) {
            latencyChart(latencies).write(out.resolve("latency.png"));
            summary.chart("latency.png");
        }
        Path file = out.resolve("SUMMARY.md");
        try {
            Files.createDirectories(out);
            Files.writeString(file, summary.toMarkdown(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
        return file;
    }

    /** {@code file} as seen from {@code directory}, with forward slashes, for a Markdown link. */
    static String relative(Path directory, Path file) {
        return directory.toAbsolutePath().normalize().relativize(file.toAbsolutePath().normalize()).toString()
                .replace('\\', '/');
    }

    /** By parameters, then benchmark name: the linebus and baseline rows of one setting stay together. */
    static List<LatencyRecord> sorted(List<LatencyRecord> records) {
        List<LatencyRecord> copy = new ArrayList<>(records);
        copy.sort(Comparator.comparing((LatencyRecord r) -> paramOrder(r.params())).thenComparing(LatencyRecord::benchmark));
        return copy;
    }

    /** Numeric parameters compare as numbers, so that 100000 comes before 1000000. */
    private static String paramOrder(Map<String, String> params) {
        StringBuilder key = new StringBuilder();
        params.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            String value = e.getValue();
            key.append(e.getKey()).append('=');
            key.append(value.matches("\\d{1,18}") ? String.format("%019d", Long.parseLong(value)) : value).append(';');
        });
        return key.toString();
    }

    /** Throughput results, one section per class, bars colored by role (linebus or which baseline). */
    static BarChart throughputChart(List<BenchmarkResult> results, Comparisons comparisons) {
        BarChart chart = new BarChart("Throughput (higher is better)", "events/s (JMH ops/s)", false, Formats::si,
                Formats::si);
        Map<String, List<BenchmarkResult>> byClass = new LinkedHashMap<>();
        for (BenchmarkResult result : results) {
            if (result.higherIsBetter()) {
                byClass.computeIfAbsent(result.simpleClassName(), name -> new ArrayList<>()).add(result);
            }
        }
        Map<String, Integer> roles = new LinkedHashMap<>();
        List<List<String>> baselineNames = new ArrayList<>();
        for (BenchmarkResult result : results) {
            List<String> baselines = comparisons.baselinesOf(result.className(), result.method());
            if (!baselines.isEmpty()) {
                roles.put(result.className() + "#" + result.method(), -1);
            }
            for (int i = 0; i < baselines.size(); i++) {
                roles.putIfAbsent(result.className() + "#" + baselines.get(i), i);
                while (baselineNames.size() <= i) {
                    baselineNames.add(new ArrayList<>());
                }
                if (!baselineNames.get(i).contains(baselines.get(i))) {
                    baselineNames.get(i).add(baselines.get(i));
                }
            }
        }
        List<BarChart.Series> legend = new ArrayList<>();
        legend.add(new BarChart.Series("linebus", LINEBUS));
        for (int i = 0; i < baselineNames.size(); i++) {
            legend.add(new BarChart.Series("baseline: " + commonPrefix(baselineNames.get(i)), baselineColor(i)));
        }
        chart.legend(legend);
        for (Map.Entry<String, List<BenchmarkResult>> entry : byClass.entrySet()) {
            chart.heading(entry.getKey());
            List<BenchmarkResult> rows = new ArrayList<>(entry.getValue());
            rows.sort(Comparator.comparing((BenchmarkResult r) -> paramOrder(r.params()))
                    .thenComparing(r -> roles.getOrDefault(r.className() + "#" + r.method(), Integer.MAX_VALUE))
                    .thenComparing(BenchmarkResult::method));
            for (BenchmarkResult result : rows) {
                Integer role = roles.get(result.className() + "#" + result.method());
                Color color = role == null ? BASELINES[BASELINES.length - 1] : role < 0 ? LINEBUS : baselineColor(role);
                String params = String.join(", ", result.params().values());
                chart.row(result.method() + (params.isEmpty() ? "" : " (" + params + ")"),
                        new double[] {result.primary().score()}, new Color[] {color});
            }
        }
        return chart;
    }

    /** p50, p99, p99.9 and max per latency record, on a log scale, one section per parameter set. */
    static BarChart latencyChart(List<LatencyRecord> records) {
        BarChart chart = new BarChart("Publish → handle latency (lower is better)", "µs", true, Formats::micros,
                Formats::si);
        chart.legend(List.of(new BarChart.Series("p50", PERCENTILES[0]), new BarChart.Series("p99", PERCENTILES[1]),
                new BarChart.Series("p99.9", PERCENTILES[2]), new BarChart.Series("max", PERCENTILES[3])));
        String section = null;
        for (LatencyRecord record : records) {
            String params = Formats.params(record.params());
            if (!params.equals(section)) {
                chart.heading(params.isEmpty() ? Summary.simpleName(record.benchmark()) : params);
                section = params;
            }
            chart.row(record.method(), new double[] {record.percentileMicros(50.0), record.percentileMicros(99.0),
                record.percentileMicros(99.9), record.maxMicros()}, PERCENTILES);
        }
        return chart;
    }

    private static Color baselineColor(int index) {
        return BASELINES[Math.min(index, BASELINES.length - 1)];
    }

    /** {@code rawDisruptor…} for rawDisruptor, rawDisruptor2Producers; the name itself when alone. */
    static String commonPrefix(List<String> names) {
        String prefix = names.get(0);
        for (String name : names) {
            int i = 0;
            while (i < prefix.length() && i < name.length() && prefix.charAt(i) == name.charAt(i)) {
                i++;
            }
            prefix = prefix.substring(0, i);
        }
        return names.size() == 1 || prefix.isEmpty() ? String.join(", ", names) : prefix + "…";
    }
}
