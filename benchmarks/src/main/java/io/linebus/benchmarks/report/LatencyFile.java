package io.linebus.benchmarks.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * The latency results file: {@code {"results": [record, ...]}}, each record with its benchmark, params,
 * count, percentiles in microseconds (for people) and the whole histogram, compressed and Base64-encoded
 * (so that the forks' files can be merged exactly). Each latency-benchmark fork writes one such file;
 * the report merges them into {@code <name>-latency.json}, which has the same form.
 */
public final class LatencyFile {
    /** The percentiles written out, in percent. */
    static final double[] PERCENTILES = {50.0, 90.0, 99.0, 99.9, 99.99};

    private static final JsonFactory JSON = new JsonFactory();

    private LatencyFile() {
    }

    public static void write(Path file, List<LatencyRecord> records) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            try (JsonGenerator out = JSON.createGenerator(file.toFile(), JsonEncoding.UTF8)) {
                out.useDefaultPrettyPrinter();
                out.writeStartObject();
                out.writeArrayFieldStart("results");
                for (LatencyRecord record : records) {
                    writeRecord(out, record);
                }
                out.writeEndArray();
                out.writeEndObject();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    private static void writeRecord(JsonGenerator out, LatencyRecord record) throws IOException {
        out.writeStartObject();
        out.writeStringField("benchmark", record.benchmark());
        out.writeObjectFieldStart("params");
        for (Map.Entry<String, String> param : new TreeMap<>(record.params()).entrySet()) {
            out.writeStringField(param.getKey(), param.getValue());
        }
        out.writeEndObject();
        out.writeNumberField("segments", record.segments());
        out.writeNumberField("count", record.count());
        out.writeStringField("unit", "us");
        out.writeNumberField("mean", round(record.meanMicros()));
        for (double percentile : PERCENTILES) {
            out.writeNumberField(percentileKey(percentile), round(record.percentileMicros(percentile)));
        }
        out.writeNumberField("max", round(record.maxMicros()));
        out.writeStringField("histogram", encode(record.histogram()));
        out.writeEndObject();
    }

    /** {@code p50}, {@code p99}, {@code p99.9}, ... */
    static String percentileKey(double percentile) {
        String text = Double.toString(percentile);
        return "p" + (text.endsWith(".0") ? text.substring(0, text.length() - 2) : text);
    }

    private static double round(double micros) {
        return Math.round(micros * 1000.0) / 1000.0;
    }

    /** Reads one file, or every {@code *.json} file of a directory (in name order). */
    public static List<LatencyRecord> readAll(Path fileOrDirectory) {
        if (!Files.isDirectory(fileOrDirectory)) {
            return read(fileOrDirectory);
        }
        List<LatencyRecord> records = new ArrayList<>();
        try (Stream<Path> files = Files.list(fileOrDirectory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
                records.addAll(read(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + fileOrDirectory, e);
        }
        return records;
    }

    public static List<LatencyRecord> read(Path file) {
        Object root;
        try (JsonParser parser = JSON.createParser(file.toFile())) {
            root = JsonTree.read(parser);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        List<LatencyRecord> records = new ArrayList<>();
        for (Object item : JsonTree.list(JsonTree.object(root, file.toString()).get("results"), "results")) {
            Map<String, Object> record = JsonTree.object(item, "result");
            Map<String, String> params = new LinkedHashMap<>();
            JsonTree.object(record.getOrDefault("params", Map.of()), "params")
                    .forEach((key, value) -> params.put(key, String.valueOf(value)));
            records.add(new LatencyRecord(JsonTree.string(record.get("benchmark"), "benchmark"), params,
                    (int) JsonTree.number(record.getOrDefault("segments", 1L), "segments"),
                    decode(JsonTree.string(record.get("histogram"), "histogram"))));
        }
        return records;
    }

    /** Adds up the histograms of records with the same benchmark and params; keeps first-seen order. */
    public static List<LatencyRecord> merge(List<LatencyRecord> records) {
        Map<String, LatencyRecord> merged = new LinkedHashMap<>();
        for (LatencyRecord record : records) {
            String key = record.benchmark() + new TreeMap<>(record.params());
            merged.merge(key, record, (a, b) -> {
                Histogram sum = a.histogram().copy();
                sum.add(b.histogram());
                return new LatencyRecord(a.benchmark(), a.params(), a.segments() + b.segments(), sum);
            });
        }
        return List.copyOf(merged.values());
    }

    static String encode(Histogram histogram) {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        buffer.flip();
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    static Histogram decode(String base64) {
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0L);
        } catch (DataFormatException | RuntimeException e) { // a short buffer underflows, a foreign one is refused
            throw new IllegalArgumentException("Not an encoded HdrHistogram: " + e.getMessage(), e);
        }
    }
}
