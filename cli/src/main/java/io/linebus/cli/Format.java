package io.linebus.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.OptionalDouble;

/** Numbers, sizes and times as the linebus commands print them (locale-independent). */
public final class Format {
    private static final DateTimeFormatter INSTANT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private Format() {
    }

    /** {@code 1,234,567}. */
    public static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    /** Milliseconds with a precision that suits the magnitude: {@code 0.042 ms}, {@code 1.25 ms}, {@code 312 ms}. */
    public static String millis(double ms) {
        if (ms < 1) {
            return String.format(Locale.ROOT, "%.3f ms", ms);
        }
        if (ms < 100) {
            return String.format(Locale.ROOT, "%.2f ms", ms);
        }
        return String.format(Locale.ROOT, "%,.0f ms", ms);
    }

    /** As {@link #millis(double)}, or {@code -} when there is no value. */
    public static String millis(OptionalDouble ms) {
        return ms.isPresent() ? millis(ms.getAsDouble()) : "-";
    }

    /** A ratio as a percentage with one decimal, {@code -} when the denominator is zero. */
    public static String percent(long part, long whole) {
        return whole == 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", part * 100.0 / whole);
    }

    /** {@code 12.3 events/s}-style rates: a count per second. */
    public static String perSecond(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    /** {@code 1.5 s}. */
    public static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toNanos() / 1e9);
    }

    /** {@code 512 B}, {@code 4.0 KiB}, {@code 23.9 MiB}, {@code 1.2 GiB}. */
    public static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /** An instant in UTC with microseconds, e.g. {@code 2025-05-01T10:00:00.123456Z}. */
    public static String instant(Instant instant) {
        return INSTANT.format(instant);
    }
}
