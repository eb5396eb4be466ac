package io.linebus.transports.cfx;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;

/**
 * CFX date-times: ISO-8601 as .NET writes them, with up to seven fraction digits (kept, not
 * truncated) and an offset or {@code Z}. A time without offset is taken as UTC (D13: never a
 * naive time that cannot be compared with others).
 */
final class CfxTimes {
    private static final DateTimeFormatter FORMAT = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart().appendOffset("+HH:MM:ss", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter()
            .withResolverStyle(ResolverStyle.STRICT);

    private CfxTimes() {
    }

    /**
     * @throws IllegalArgumentException naming the text when it is not an ISO-8601 date-time
     */
    static OffsetDateTime parse(String text) {
        try {
            TemporalAccessor parsed = FORMAT.parse(text.trim());
            ZoneOffset offset = parsed.isSupported(ChronoField.OFFSET_SECONDS)
                    ? ZoneOffset.ofTotalSeconds(parsed.get(ChronoField.OFFSET_SECONDS))
                    : ZoneOffset.UTC;
            return OffsetDateTime.of(LocalDateTime.from(parsed), offset);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not an ISO-8601 date-time: '" + text + "'", e);
        }
    }
}
