package io.linebus.benchmarks.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the JSON that JMH writes with {@code -rf json}. */
public final class JmhResults {
    private static final JsonFactory JSON = new JsonFactory();

    private JmhResults() {
    }

    public static List<BenchmarkResult> read(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    /**
     * Parses a JMH JSON document: an array of results.
     *
     * @throws IllegalArgumentException when it is not one, naming the entry and field that is wrong
     */
    public static List<BenchmarkResult> read(Reader json) throws IOException {
        Object root;
        try (JsonParser parser = JSON.createParser(json)) {
            root = JsonTree.read(parser);
        }
        List<BenchmarkResult> results = new ArrayList<>();
        List<?> entries = JsonTree.list(root, "JMH result document");
        for (int i = 0; i < entries.size(); i++) {
            results.add(result(JsonTree.object(entries.get(i), "entry " + i), "entry " + i));
        }
        return results;
    }

    private static BenchmarkResult result(Map<String, Object> entry, String where) {
        String benchmark = JsonTree.string(entry.get("benchmark"), where + ".benchmark");
        String at = where + " (" + benchmark + ")";
        Map<String, String> params = new LinkedHashMap<>();
        Object rawParams = entry.get("params");
        if (rawParams != null) {
            JsonTree.object(rawParams, at + ".params").forEach((key, value) -> params.put(key, String.valueOf(value)));
        }
        Map<String, Metric> secondary = new LinkedHashMap<>();
        Object rawSecondary = entry.get("secondaryMetrics");
        if (rawSecondary != null) {
            JsonTree.object(rawSecondary, at + ".secondaryMetrics").forEach((name, metric) ->
                    secondary.put(metricName(name), metric(metric, at + ".secondaryMetrics." + name)));
        }
        List<String> jvmArgs = new ArrayList<>();
        Object rawArgs = entry.get("jvmArgs");
        if (rawArgs != null) {
            for (Object arg : JsonTree.list(rawArgs, at + ".jvmArgs")) {
                jvmArgs.add(JsonTree.string(arg, at + ".jvmArgs[]"));
            }
        }
        RunSettings settings = new RunSettings(text(entry, "jmhVersion"), text(entry, "jvm"), text(entry, "jdkVersion"),
                text(entry, "vmName"), text(entry, "vmVersion"), jvmArgs,
                integer(entry, "warmupIterations", at), text(entry, "warmupTime"),
                integer(entry, "measurementIterations", at), text(entry, "measurementTime"));
        return new BenchmarkResult(benchmark, JsonTree.string(entry.get("mode"), at + ".mode"),
                integer(entry, "threads", at), integer(entry, "forks", at), params,
                metric(entry.get("primaryMetric"), at + ".primaryMetric"), secondary, settings);
    }

    /** Older JMH versions prefix profiler metrics with a middle dot ({@code ·gc.alloc.rate.norm}). */
    static String metricName(String name) {
        int start = 0;
        while (start < name.length() && name.charAt(start) == '\u00B7') {
            start++;
        }
        return name.substring(start);
    }

    private static Metric metric(Object value, String where) {
        Map<String, Object> metric = JsonTree.object(value, where);
        Object error = metric.get("scoreError");
        return new Metric(JsonTree.number(metric.get("score"), where + ".score"),
                error == null ? Double.NaN : JsonTree.number(error, where + ".scoreError"),
                JsonTree.string(metric.get("scoreUnit"), where + ".scoreUnit"));
    }

    private static String text(Map<String, Object> entry, String field) {
        Object value = entry.get(field);
        return value == null ? "" : String.valueOf(value);
    }

    private static int integer(Map<String, Object> entry, String field, String where) {
        Object value = entry.get(field);
        return value == null ? 0 : (int) JsonTree.number(value, where + "." + field);
    }
}
