package io.linebus.benchmarks.report;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** How the report writes numbers and parameters. */
final class Formats {
    private Formats() {
    }

    /** {@code a=1, b=2} in key order; empty for no parameters. */
    static String params(Map<String, String> params) {
        return params.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }

    /** Three significant digits with an SI suffix: {@code 7.17 M}, {@code 512}, {@code 0.00312}. */
    static String si(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "∞" : "-∞";
        }
        double magnitude = Math.abs(value);
        if (magnitude >= 1e9) {
            return significant(value / 1e9) + " G";
        }
        if (magnitude >= 1e6) {
            return significant(value / 1e6) + " M";
        }
        if (magnitude >= 1e4) {
            return significant(value / 1e3) + " k";
        }
        return significant(value);
    }

    /** Three significant digits, no exponent, no trailing zeros after the point. */
    static String significant(double value) {
        if (value == 0.0) {
            return "0";
        }
        double magnitude = Math.abs(value);
        int digitsBeforePoint = (int) Math.floor(Math.log10(magnitude)) + 1;
        int decimals = Math.max(0, 3 - digitsBeforePoint);
        String text = String.format(Locale.ROOT, "%." + decimals + "f", value);
        if (text.indexOf('.') >= 0) {
            text = text.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return text;
    }

    /** A ratio with two decimals: {@code 0.73}. */
    static String ratio(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.2f", value);
    }

    /** Microseconds with up to three significant digits, at least one decimal below 100. */
    static String micros(double value) {
        if (value >= 100.0) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        return String.format(Locale.ROOT, value >= 10.0 ? "%.1f" : "%.2f", value);
    }
}
