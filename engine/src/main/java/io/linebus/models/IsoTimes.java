package io.linebus.models;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAccessor;

/**
 * Timestamps in the form Python's {@code datetime.isoformat()} writes, so that JSON made by pyWATS
 * reads into linebus and back unchanged.
 *
 * <p>Written: {@code 2026-11-26T21:35:33.094582+00:00}, the fraction only when non-zero and then
 * exactly six digits, UTC as {@code +00:00} (never {@code Z}). Read: {@code Z} or any offset, any
 * fraction length (truncated to microseconds, as Python does), a missing offset or a date alone
 * taken as UTC (D13: Python would make a naive time that cannot be compared with aware ones).
 */
public final class IsoTimes {
    private static final DateTimeFormatter PARSER = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart()
            .appendLiteral('T')
            .appendValue(ChronoField.HOUR_OF_DAY, 2)
            .optionalStart().appendLiteral(':').appendValue(ChronoField.MINUTE_OF_HOUR, 2).optionalEnd()
            .optionalStart().appendLiteral(':').appendValue(ChronoField.SECOND_OF_MINUTE, 2).optionalEnd()
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .optionalEnd()
            .optionalStart().appendOffset("+HH:MM:ss", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMMss", "Z").optionalEnd()
            // STRICT: Python rejects 2026-02-30; the default SMART style would make it 02-28.
            .toFormatter()
            .withResolverStyle(ResolverStyle.STRICT);

    private IsoTimes() {
    }

    /** Now, in UTC, at microsecond precision (what Python can represent). */
    public static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    /** The Python {@code isoformat()} text of {@code time}. */
    public static String format(OffsetDateTime time) {
        StringBuilder out = new StringBuilder(32);
        appendTo(out, time);
        return out.toString();
    }

    /** Appends the Python {@code isoformat()} text of {@code time} to {@code out}. */
    public static void appendTo(StringBuilder out, OffsetDateTime time) {
        pad(out, time.getYear(), 4).append('-');
        pad(out, time.getMonthValue(), 2).append('-');
        pad(out, time.getDayOfMonth(), 2).append('T');
        pad(out, time.getHour(), 2).append(':');
        pad(out, time.getMinute(), 2).append(':');
        pad(out, time.getSecond(), 2);
        int micros = time.getNano() / 1000;
        if (micros != 0) {
            out.append('.');
            pad(out, micros, 6);
        }
        int offset = time.getOffset().getTotalSeconds();
        out.append(offset < 0 ? '-' : '+');
        offset = Math.abs(offset);
        pad(out, offset / 3600, 2).append(':');
        pad(out, (offset / 60) % 60, 2);
        if (offset % 60 != 0) {
            out.append(':');
            pad(out, offset % 60, 2);
        }
    }

    private static StringBuilder pad(StringBuilder out, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            out.append('0');
        }
        return out.append(digits);
    }

    /**
     * Parses an ISO-8601 date-time as Python 3.11's {@code fromisoformat} accepts it.
     *
     * @throws IllegalArgumentException naming the text when it is not a date-time
     */
    public static OffsetDateTime parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("Timestamp must not be null");
        }
        try {
            TemporalAccessor parsed = PARSER.parse(text.trim());
            LocalDate date = LocalDate.from(parsed);
            LocalDateTime local = parsed.isSupported(ChronoField.HOUR_OF_DAY)
                    ? date.atTime(parsed.get(ChronoField.HOUR_OF_DAY),
                            field(parsed, ChronoField.MINUTE_OF_HOUR),
                            field(parsed, ChronoField.SECOND_OF_MINUTE),
                            field(parsed, ChronoField.NANO_OF_SECOND) / 1000 * 1000)
                    : date.atStartOfDay();
            ZoneOffset offset = parsed.isSupported(ChronoField.OFFSET_SECONDS)
                    ? ZoneOffset.ofTotalSeconds(parsed.get(ChronoField.OFFSET_SECONDS))
                    : ZoneOffset.UTC;
            return OffsetDateTime.of(local, offset);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("Not an ISO-8601 timestamp: '" + text + "'", e);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("Invalid timestamp '" + text + "': " + e.getMessage(), e);
        }
    }

    private static int field(TemporalAccessor parsed, ChronoField field) {
        return parsed.isSupported(field) ? parsed.get(field) : 0;
    }

    /**
     * A timestamp from any of the forms a map may hold: ISO text, {@link OffsetDateTime},
     * {@link ZonedDateTime} or {@link Instant} (taken as UTC).
     *
     * @throws IllegalArgumentException for any other type, naming the field
     */
    public static OffsetDateTime coerce(Object value, String field) {
        if (value instanceof OffsetDateTime time) {
            return time;
        }
        if (value instanceof String text) {
            return parse(text);
        }
        if (value instanceof ZonedDateTime zoned) {
            return zoned.toOffsetDateTime();
        }
        if (value instanceof Instant instant) {
            return instant.atOffset(ZoneOffset.UTC);
        }
        throw new IllegalArgumentException("Field '" + field + "' must be an ISO-8601 timestamp, got "
                + (value == null ? "null" : value.getClass().getSimpleName() + " " + value));
    }
}
