package io.linebus.benchmarks.report;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes {@code SUMMARY.md}: the machine and JMH settings, the linebus-to-baseline ratios, the
 * threshold checks, a table per benchmark class and the latency percentiles.
 */
public final class Summary {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'");

    private final List<BenchmarkResult> results;
    private final List<Ratio> ratios;
    private final List<LatencyRecord> latencies;
    private final List<RegressionGuard.Check> checks;
    private final MachineInfo machine;
    private final ZonedDateTime generated;
    private final List<String> sources = new ArrayList<>();
    private final List<String> charts = new ArrayList<>();
    private String note = "";
    private String command = "";

    /**
     * @param checks threshold checks to list (empty: no thresholds given)
     */
    public Summary(List<BenchmarkResult> results, List<Ratio> ratios, List<LatencyRecord> latencies,
            List<RegressionGuard.Check> checks, MachineInfo machine, ZonedDateTime generated) {
        this.results = List.copyOf(results);
        this.ratios = List.copyOf(ratios);
        this.latencies = List.copyOf(latencies);
        this.checks = List.copyOf(checks);
        this.machine = Objects.requireNonNull(machine, "machine");
        this.generated = Objects.requireNonNull(generated, "generated");
    }

    /** A data file the summary was made from, as a path relative to the summary (shown as a link). */
    public Summary source(String fileName) {
        sources.add(fileName);
        return this;
    }

    /** A chart next to the summary (embedded). */
    public Summary chart(String fileName) {
        charts.add(fileName);
        return this;
    }

    /** Free text about the conditions of the run (e.g. the machine's load). */
    public Summary note(String text) {
        note = Objects.requireNonNull(text, "text");
        return this;
    }

    /** The command that produced the results. */
    public Summary command(String text) {
        command = Objects.requireNonNull(text, "text");
        return this;
    }

    public String toMarkdown() {
        StringBuilder md = new StringBuilder();
        md.append("# linebus benchmark results\n\n");
        md.append("Generated ").append(DATE.format(generated.withZoneSameInstant(ZoneOffset.UTC)));
        if (!sources.isEmpty()) {
            md.append(" from ");
            List<String> links = sources.stream()
                    .map(source -> "[`" + source.substring(source.lastIndexOf('/') + 1) + "`](" + source + ")").toList();
            md.append(String.join(", ", links));
        }
        md.append(".\n\n");
        machine(md);
        settings(md);
        ratios(md);
        checks(md);
        classes(md);
        latency(md);
        for (String chart : charts) {
            md.append("![").append(chart).append("](").append(chart).append(")\n\n");
        }
        return md.toString();
    }

    private void machine(StringBuilder md) {
        md.append("## Machine\n\n| | |\n|---|---|\n");
        md.append("| CPU | ").append(cell(machine.cpuModel())).append(", ").append(machine.cores())
                .append(" logical cores |\n");
        md.append("| Memory | ").append(machine.memoryText()).append(" |\n");
        md.append("| OS | ").append(cell(machine.os())).append(" |\n");
        if (!results.isEmpty()) {
            RunSettings first = results.get(0).settings();
            md.append("| JVM | ").append(cell(first.vmName() + " " + first.vmVersion())).append(" |\n");
            md.append("| JMH | ").append(cell(first.jmhVersion())).append(" |\n");
        }
        if (!note.isBlank()) {
            md.append("| Conditions | ").append(cell(note)).append(" |\n");
        }
        md.append('\n');
    }

    private void settings(StringBuilder md) {
        if (results.isEmpty()) {
            return;
        }
        md.append("## JMH settings\n\n");
        md.append("| class | mode | forks | warmup | measurement | threads |\n|---|---|---|---|---|---|\n");
        Set<String> rows = new LinkedHashSet<>();
        for (BenchmarkResult result : results) {
            RunSettings s = result.settings();
            rows.add("| " + result.simpleClassName() + " | " + result.mode() + " | " + result.forks() + " | "
                    + iterations(result.mode(), s.warmupIterations(), s.warmupTime()) + " | "
                    + iterations(result.mode(), s.measurementIterations(), s.measurementTime()) + " | "
                    + result.threads() + " |");
        }
        rows.forEach(row -> md.append(row).append('\n'));
        md.append('\n');
        Set<String> jvmArgs = new LinkedHashSet<>();
        results.forEach(result -> jvmArgs.add(String.join(" ", result.settings().jvmArgs())));
        for (String args : jvmArgs) {
            md.append("Fork JVM options: `").append(args).append("`\n\n");
        }
        if (!command.isBlank()) {
            md.append("Command: `").append(command).append("`\n\n");
        }
    }

    /** {@code 5 × 2 s}; single-shot iterations have no time: {@code 20 single shots}. */
    private static String iterations(String mode, int count, String time) {
        if ("ss".equals(mode)) {
            return count + " single shots";
        }
        return count + (time == null || time.isBlank() ? "" : " × " + time);
    }

    private void ratios(StringBuilder md) {
        if (ratios.isEmpty()) {
            return;
        }
        md.append("## Ratios\n\nlinebus ÷ baseline, measured in the same run; above 1 means linebus is faster "
                + "(for time modes the inverse of the time ratio). For context, the Python engine linebus ports "
                + "(pyWATS' pywats_events) handles about 20,000 to 40,000 events/s on the reference machine "
                + "(cited, not run here).");
        if (ratios.stream().anyMatch(ratio -> "ss".equals(ratio.subject().get(0).mode()))) {
            md.append(" For single-shot benchmarks (mode ss) the score is the time of one whole run at a fixed "
                    + "offered rate, so a ratio near 1 means both kept the pace; their latencies are under Latency.");
        }
        md.append("\n\n");
        md.append("| benchmark | linebus | baseline | params | linebus score | baseline score | ratio |\n");
        md.append("|---|---|---|---|---:|---:|---:|\n");
        for (Ratio ratio : ratios) {
            md.append("| ").append(ratio.className()).append(" | ").append(ratio.subjectName()).append(" | ")
                    .append(ratio.baselineName()).append(" | ").append(cell(Formats.params(ratio.params())))
                    .append(" | ").append(Formats.si(ratio.subjectScore())).append(' ').append(ratio.unit())
                    .append(" | ").append(Formats.si(ratio.baselineScore())).append(' ').append(ratio.unit())
                    .append(" | **").append(Formats.ratio(ratio.value())).append("** |\n");
        }
        md.append('\n');
    }

    private void checks(StringBuilder md) {
        if (checks.isEmpty()) {
            return;
        }
        long failed = checks.stream().filter(check -> !check.passed()).count();
        md.append("## Threshold checks\n\n");
        md.append(failed == 0 ? "All " + checks.size() + " checks passed.\n\n"
                : failed + " of " + checks.size() + " checks failed.\n\n");
        for (RegressionGuard.Check check : checks) {
            md.append("- ").append(check.passed() ? "PASS " : "**FAIL** ").append(check.threshold().key())
                    .append(' ').append(check.threshold().bound()).append(": ").append(cell(check.message()))
                    .append('\n');
        }
        md.append('\n');
    }

    private void classes(StringBuilder md) {
        Map<String, List<BenchmarkResult>> byClass = new LinkedHashMap<>();
        for (BenchmarkResult result : results) {
            byClass.computeIfAbsent(result.simpleClassName(), name -> new ArrayList<>()).add(result);
        }
        for (Map.Entry<String, List<BenchmarkResult>> entry : byClass.entrySet()) {
            boolean alloc = entry.getValue().stream().anyMatch(r -> r.allocatedBytesPerOp().isPresent());
            md.append("## ").append(entry.getKey()).append("\n\n");
            md.append("| method | params | mode | score | ± error | unit |").append(alloc ? " B/op |" : "").append('\n');
            md.append("|---|---|---|---:|---:|---|").append(alloc ? "---:|" : "").append('\n');
            for (BenchmarkResult result : entry.getValue()) {
                md.append("| ").append(result.method()).append(" | ").append(cell(result.paramsText())).append(" | ")
                        .append(result.mode()).append(" | ").append(Formats.si(result.primary().score()))
                        .append(" | ").append(Formats.si(result.primary().error())).append(" | ")
                        .append(result.primary().unit()).append(" |");
                if (alloc) {
                    OptionalDouble bytes = result.allocatedBytesPerOp();
                    md.append(' ').append(bytes.isPresent() ? Formats.significant(bytes.getAsDouble()) : "").append(" |");
                }
                md.append('\n');
            }
            md.append('\n');
        }
    }

    private void latency(StringBuilder md) {
        if (latencies.isEmpty()) {
            return;
        }
        Set<String> keys = new TreeSet<>();
        latencies.forEach(record -> keys.addAll(record.params().keySet()));
        md.append("## Latency\n\nPublish → handle, in µs, coordinated omission accounted for (each event's "
                + "latency counts from the time it was meant to be sent), merged over all measurement "
                + "iterations of all forks.\n\n");
        md.append("| benchmark |");
        keys.forEach(key -> md.append(' ').append(key).append(" |"));
        md.append(" events | p50 | p90 | p99 | p99.9 | max |\n|---|");
        keys.forEach(key -> md.append("---|"));
        md.append("---:|---:|---:|---:|---:|---:|\n");
        for (LatencyRecord record : latencies) {
            md.append("| ").append(simpleName(record.benchmark())).append(" |");
            keys.forEach(key -> md.append(' ').append(cell(record.params().getOrDefault(key, ""))).append(" |"));
            md.append(' ').append(String.format(Locale.ROOT, "%,d", record.count())).append(" | ")
                    .append(Formats.micros(record.percentileMicros(50.0))).append(" | ")
                    .append(Formats.micros(record.percentileMicros(90.0))).append(" | ")
                    .append(Formats.micros(record.percentileMicros(99.0))).append(" | ")
                    .append(Formats.micros(record.percentileMicros(99.9))).append(" | ")
                    .append(Formats.micros(record.maxMicros())).append(" |\n");
        }
        md.append('\n');
    }

    /** {@code LatencyBenchmark.publishToHandle} from the full name. */
    static String simpleName(String benchmark) {
        int method = benchmark.lastIndexOf('.');
        int type = benchmark.lastIndexOf('.', method - 1);
        return benchmark.substring(type + 1);
    }

    /** Text safe inside a Markdown table cell. */
    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
