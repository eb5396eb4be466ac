package io.linebus.cli;

import io.linebus.models.EventType;
import io.linebus.models.IsoTimes;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The argument types of the linebus commands, read from text with messages that say what is allowed. */
final class Converters {
    private Converters() {
    }

    /** A positive duration: {@code 10s}, {@code 500ms}, {@code 2m}, {@code 1h}, {@code 1.5s}, a number of seconds, or ISO-8601 ({@code PT10S}). */
    static final class DurationConverter implements ITypeConverter<Duration> {
        private static final Pattern SIMPLE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

        @Override
        public Duration convert(String text) {
            String value = text.strip().toLowerCase(Locale.ROOT);
            Duration duration;
            Matcher simple = SIMPLE.matcher(value);
            if (simple.matches()) {
                double amount = Double.parseDouble(simple.group(1));
                String unit = simple.group(2) == null ? "s" : simple.group(2);
                double nanosPerUnit = switch (unit) {
                    case "ms" -> 1e6;
                    case "m" -> 60e9;
                    case "h" -> 3600e9;
                    default -> 1e9;
                };
                duration = Duration.ofNanos(Math.round(Math.min(amount * nanosPerUnit, 1e18)));
            } else {
                try {
                    duration = Duration.parse(text.strip());
                } catch (DateTimeParseException e) {
                    throw new TypeConversionException("'" + text + "' is not a duration (e.g. 10s, 500ms, 2m, 1h)");
                }
            }
            if (duration.isZero() || duration.isNegative()) {
                throw new TypeConversionException("'" + text + "' is not a positive duration");
            }
            return duration;
        }
    }

    /** {@code max} or a positive number of events per second. */
    static final class RateConverter implements ITypeConverter<Rate> {
        @Override
        public Rate convert(String text) {
            String value = text.strip();
            if (value.equalsIgnoreCase("max")) {
                return Rate.MAX;
            }
            try {
                double perSecond = Double.parseDouble(value);
                if (perSecond > 0 && Double.isFinite(perSecond)) {
                    return new Rate(perSecond);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new TypeConversionException("'" + text + "' is not a rate: give events per second (> 0) or 'max'");
        }
    }

    /** A journal index (digits) or an ISO-8601 time ({@code 2025-05-01T10:00:00Z}; UTC when no offset is given). */
    static final class PositionConverter implements ITypeConverter<JournalPosition> {
        @Override
        public JournalPosition convert(String text) {
            String value = text.strip();
            if (!value.isEmpty() && value.chars().allMatch(Character::isDigit)) {
                try {
                    return JournalPosition.ofIndex(Long.parseLong(value));
                } catch (NumberFormatException e) {
                    throw new TypeConversionException("'" + text + "' is too large for a journal index");
                }
            }
            try {
                return JournalPosition.ofTime(IsoTimes.parse(value).toInstant());
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + text
                        + "' is neither a journal index nor an ISO-8601 time (e.g. 2025-05-01T10:00:00Z)");
            }
        }
    }

    /** An event type by its wire value ({@code test.result}) or constant name ({@code TEST_RESULT}, any case). */
    static final class EventTypeConverter implements ITypeConverter<EventType> {
        @Override
        public EventType convert(String text) {
            String value = text.strip();
            EventType type = EventType.lookup(value);
            if (type != null) {
                return type;
            }
            for (EventType candidate : EventType.values()) {
                if (candidate.name().equalsIgnoreCase(value)) {
                    return candidate;
                }
            }
            throw new TypeConversionException("unknown event type '" + text + "'; one of: "
                    + Arrays.stream(EventType.values()).map(EventType::value).collect(Collectors.joining(", ")));
        }
    }
}
