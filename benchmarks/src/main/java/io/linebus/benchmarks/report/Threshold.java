package io.linebus.benchmarks.report;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeSet;

/**
 * One line of {@code benchmarks/thresholds.properties}:
 * <ul>
 *   <li>{@code ratio.<Class>.<linebus>[+<linebus>...]/<baseline>[+<baseline>...]=<min>}: every ratio of
 *       that pair (one per parameter set, see {@link Ratios}) must be at least {@code min};</li>
 *   <li>{@code alloc.<Class>.<method>=<max>}: the gc profiler's {@code gc.alloc.rate.norm} of every
 *       result of that method must be at most {@code max} bytes per operation.</li>
 * </ul>
 * {@code <Class>} is the simple class name of the benchmark.
 */
public record Threshold(String key, Kind kind, String className, List<String> subject, List<String> baseline,
        double limit) {
    /** What a threshold bounds. */
    public enum Kind {
        /** A lower bound on linebus ÷ baseline speed. */
        MIN_RATIO,
        /** An upper bound on bytes allocated per operation. */
        MAX_ALLOC
    }

    public Threshold {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(className, "className");
        subject = List.copyOf(subject);
        baseline = List.copyOf(baseline);
    }

    /** Reads a thresholds file. */
    public static List<Threshold> load(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Properties properties = new Properties();
            properties.load(reader);
            return parse(properties);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    /**
     * Parses every entry, in key order.
     *
     * @throws IllegalArgumentException for an unknown key form or a value that is not a finite number
     */
    public static List<Threshold> parse(Properties properties) {
        List<Threshold> thresholds = new ArrayList<>();
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            thresholds.add(parse(key, properties.getProperty(key)));
        }
        return thresholds;
    }

    static Threshold parse(String key, String value) {
        double limit;
        try {
            limit = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Threshold " + key + ": '" + value + "' is not a number", e);
        }
        if (!Double.isFinite(limit)) {
            throw new IllegalArgumentException("Threshold " + key + ": '" + value + "' is not a finite number");
        }
        if (key.startsWith("ratio.")) {
            String rest = key.substring("ratio.".length());
            int dot = rest.indexOf('.');
            int slash = rest.indexOf('/');
            if (dot <= 0 || slash < dot + 2 || slash == rest.length() - 1) {
                throw new IllegalArgumentException("Threshold " + key
                        + ": expected ratio.<Class>.<linebus method>[+...]/<baseline method>[+...]");
            }
            return new Threshold(key, Kind.MIN_RATIO, rest.substring(0, dot),
                    methods(key, rest.substring(dot + 1, slash)), methods(key, rest.substring(slash + 1)), limit);
        }
        if (key.startsWith("alloc.")) {
            String rest = key.substring("alloc.".length());
            int dot = rest.indexOf('.');
            if (dot <= 0 || dot == rest.length() - 1 || rest.indexOf('.', dot + 1) >= 0) {
                throw new IllegalArgumentException("Threshold " + key + ": expected alloc.<Class>.<method>");
            }
            return new Threshold(key, Kind.MAX_ALLOC, rest.substring(0, dot), List.of(rest.substring(dot + 1)),
                    List.of(), limit);
        }
        throw new IllegalArgumentException("Threshold " + key + ": keys start with 'ratio.' or 'alloc.'");
    }

    private static List<String> methods(String key, String text) {
        List<String> methods = new ArrayList<>();
        for (String method : text.split("\\+", -1)) {
            if (method.isBlank()) {
                throw new IllegalArgumentException("Threshold " + key + ": empty method name in '" + text + "'");
            }
            methods.add(method.trim());
        }
        return methods;
    }

    /** {@code >= 0.7} or {@code <= 1 B/op}. */
    public String bound() {
        return kind == Kind.MIN_RATIO ? ">= " + Formats.significant(limit) : "<= " + Formats.significant(limit) + " B/op";
    }
}
