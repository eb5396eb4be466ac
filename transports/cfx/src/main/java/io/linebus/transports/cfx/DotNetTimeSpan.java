package io.linebus.transports.cfx;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads .NET {@code TimeSpan} text as CFX writes it (e.g. {@code OldStateDuration}): the constant
 * format {@code [-][d.]hh:mm:ss[.fffffff]} ({@code "00:01:25"}, {@code "1.02:03:04.5"}), also
 * without seconds ({@code "02:30"}), or whole days alone ({@code "3"}), as {@code TimeSpan.Parse}
 * accepts them.
 */
public final class DotNetTimeSpan {
    private static final Pattern FORMAT = Pattern.compile(
            "(-)?(?:(?:(\\d{1,8})\\.)?(\\d{1,2}):(\\d{1,2})(?::(\\d{1,2})(?:\\.(\\d{1,7}))?)?|(\\d{1,8}))");

    private DotNetTimeSpan() {
    }

    /**
     * The duration {@code text} denotes.
     *
     * @throws NullPointerException for null text
     * @throws IllegalArgumentException when the text is not a TimeSpan or a component is out of
     *     range (hours 0-23, minutes and seconds 0-59)
     */
    public static Duration parse(String text) {
        Objects.requireNonNull(text, "text");
        Matcher matcher = FORMAT.matcher(text.trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("Not a .NET TimeSpan: '" + text
                    + "' (expected [-][d.]hh:mm[:ss[.fffffff]] or whole days)");
        }
        Duration duration;
        if (matcher.group(7) != null) {
            duration = Duration.ofDays(Long.parseLong(matcher.group(7)));
        } else {
            long hours = component(matcher.group(3), 23, "hours", text);
            long minutes = component(matcher.group(4), 59, "minutes", text);
            long seconds = component(matcher.group(5), 59, "seconds", text);
            String fraction = matcher.group(6);
            // Seven fraction digits are .NET ticks of 100 ns; pad to nanoseconds.
            long nanos = fraction == null ? 0 : Long.parseLong((fraction + "000000000").substring(0, 9));
            duration = Duration.ofDays(matcher.group(2) == null ? 0 : Long.parseLong(matcher.group(2)))
                    .plusHours(hours).plusMinutes(minutes).plusSeconds(seconds).plusNanos(nanos);
        }
        return matcher.group(1) == null ? duration : duration.negated();
    }

    private static long component(String digits, int max, String name, String text) {
        if (digits == null) {
            return 0;
        }
        long value = Long.parseLong(digits);
        if (value > max) {
            throw new IllegalArgumentException("Not a .NET TimeSpan: '" + text + "' (" + name + " must be 0-"
                    + max + ", got " + value + ")");
        }
        return value;
    }
}
