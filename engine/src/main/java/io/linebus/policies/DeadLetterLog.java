package io.linebus.policies;

import io.linebus.models.Event;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * Keeps a storm of dead letters (a handler failing for every event, thousands a second) from writing a
 * log line each: the first dead letter after a quiet period is logged in full, the ones that follow
 * within a window are only counted, and one summary line reports them. Logback writes synchronously, so
 * a line per dead letter, stack trace included, would slow the bus's dispatch thread down to the speed
 * of the log file.
 *
 * <p><b>Mechanism.</b> {@link #record} returns true when its caller is to log the dead letter in full,
 * with a line of its own as before (and its stack trace, if the caller logs one): when no dead letter
 * came for a whole window before it. That line opens a window; dead letters within it are counted, per
 * handler and error type, and return false. The first dead letter after the window ends, while the
 * storm goes on (the previous one came less than a window before it), is counted too and closes the
 * count with a summary line without stack trace, for example {@code 9999 more events dead-lettered in
 * the last 10 s (handler uploader: 9999 x IOException); last: event 1a2b3c4d (handler uploader):
 * IOException: MES unreachable}, and that line opens the next window. So a storm costs one line per
 * window. After a quiet period the summary of what is still counted comes first, then {@code record}
 * returns true for the new one. Counts are never dropped, but nothing runs on a timer: a storm's last
 * counts show with the next dead letter, or when {@link #flush()} is called. The summary's level is the
 * highest level counted in it.
 *
 * <p><b>Cost.</b> A counted dead letter takes a short lock (a clock read, a few field writes, a scan
 * of at most eight handler and error type pairs; pairs beyond those are counted together) and
 * allocates and formats nothing. Lines are formatted and logged outside the lock, so lines of
 * different threads may come out one place out of order.
 *
 * <p><b>Trade-off.</b> Only the first dead letter of a storm carries a stack trace: an error that
 * starts while another storm goes on shows as a count in the summaries, with the message of the last
 * event. Safe for concurrent use.
 */
public final class DeadLetterLog {
    /** The default window in which dead letters after a full line are only counted. */
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(10);

    /** Handler and error type pairs counted apart in one summary. */
    private static final int KINDS = 8;

    private final Logger logger;
    private final String counted;
    private final long windowNanos;
    private final LongSupplier nanoClock;

    // Guarded by this.
    private boolean started;
    /** When the current window opened: the time of the last line. */
    private long windowStart;
    /** When the latest dead letter came. */
    private long lastAt;
    private long count;
    private Level level;
    private final String[] handlers = new String[KINDS];
    private final Object[] types = new Object[KINDS];
    private final long[] kindCounts = new long[KINDS];
    private int kinds;
    private long otherKinds;
    private Event lastEvent;
    private Throwable lastError;
    private String lastHandler;

    /**
     * A log with the {@link #DEFAULT_WINDOW}.
     *
     * @param logger where summaries go (the caller's full lines go wherever the caller logs them)
     * @param counted what the summaries count, such as {@code "events dead-lettered"}
     */
    public DeadLetterLog(Logger logger, String counted) {
        this(logger, counted, DEFAULT_WINDOW, System::nanoTime);
    }

    /**
     * As {@link #DeadLetterLog(Logger, String)}, with this window, reading time from {@code nanoClock}
     * (a monotonic nanosecond counter such as {@link System#nanoTime()}; tests pass a fake one).
     *
     * @throws IllegalArgumentException when {@code window} is not positive
     */
    public DeadLetterLog(Logger logger, String counted, Duration window, LongSupplier nanoClock) {
        this.logger = Objects.requireNonNull(logger, "logger");
        this.counted = Objects.requireNonNull(counted, "counted");
        Objects.requireNonNull(window, "window");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, got " + window);
        }
        this.windowNanos = saturatedNanos(window);
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * Records a dead letter: either the caller logs it in full (true), or it is counted for a summary
     * (false). Logs the summary this dead letter closes, if any, before returning.
     *
     * @param level the level of the caller's line for it; a summary takes the highest it counts
     * @param handlerName the handler it was dead-lettered for, or null
     * @return true when this is the first dead letter after a quiet period, to be logged in full
     */
    public boolean record(Level level, Event event, Throwable error, String handlerName) {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(error, "error");
        long now = nanoClock.getAsLong();
        Summary summary;
        boolean logInFull;
        synchronized (this) {
            if (started && now - windowStart < windowNanos) {
                count(level, event, error, handlerName, now);
                return false;
            }
            if (started && now - lastAt < windowNanos) {
                // The storm goes on: this one is the summary's last.
                count(level, event, error, handlerName, now);
                summary = takeSummary(now);
                logInFull = false;
            } else {
                summary = count > 0 ? takeSummary(now) : null;
                logInFull = true;
            }
            if (!started || now - lastAt > 0) {
                lastAt = now;
            }
            started = true;
            windowStart = now;
        }
        if (summary != null) {
            summary.log();
        }
        return logInFull;
    }

    /**
     * Logs the summary of the dead letters counted since the last line, if any, now rather than with
     * the next dead letter (at shutdown, for example). The current window goes on.
     */
    public void flush() {
        long now = nanoClock.getAsLong();
        Summary summary;
        synchronized (this) {
            if (count == 0) {
                return;
            }
            summary = takeSummary(now);
        }
        summary.log();
    }

    /** How many dead letters are counted and not yet in a summary. */
    synchronized long pending() {
        return count;
    }

    private void count(Level level, Event event, Throwable error, String handlerName, long now) {
        count++;
        if (this.level == null || level.toInt() > this.level.toInt()) {
            this.level = level;
        }
        // Compared by difference: nanoTime values may be negative, and threads read the clock unordered.
        if (now - lastAt > 0) {
            lastAt = now;
        }
        lastEvent = event;
        lastError = error;
        lastHandler = handlerName;
        Object type = typeOf(error);
        for (int i = 0; i < kinds; i++) {
            if (types[i].equals(type) && Objects.equals(handlers[i], handlerName)) {
                kindCounts[i]++;
                return;
            }
        }
        if (kinds < KINDS) {
            handlers[kinds] = handlerName;
            types[kinds] = type;
            kindCounts[kinds] = 1;
            kinds++;
        } else {
            otherKinds++;
        }
    }

    /** Copies and resets the counts; called holding the lock, with at least one dead letter counted. */
    private Summary takeSummary(long now) {
        Summary summary = new Summary(logger, level, counted, count, now - windowStart,
                Arrays.copyOf(handlers, kinds), Arrays.copyOf(types, kinds), Arrays.copyOf(kindCounts, kinds),
                otherKinds, lastEvent, lastError, lastHandler);
        count = 0;
        level = null;
        Arrays.fill(handlers, null);
        Arrays.fill(types, null);
        kinds = 0;
        otherKinds = 0;
        lastEvent = null;
        lastError = null;
        lastHandler = null;
        return summary;
    }

    /** What a summary is counted by: the class, or the original's class name for a {@link RecordedError}. */
    private static Object typeOf(Throwable error) {
        return error instanceof RecordedError recorded ? recorded.errorType() : error.getClass();
    }

    private static String typeName(Object type) {
        if (type instanceof Class<?> cls) {
            String simple = cls.getSimpleName();
            return simple.isEmpty() ? cls.getName() : simple;
        }
        return (String) type;
    }

    /** One summary line's worth of counts, formatted outside the lock. */
    private record Summary(Logger logger, Level level, String counted, long count, long elapsedNanos,
            String[] handlers, Object[] types, long[] kindCounts, long otherKinds, Event lastEvent,
            Throwable lastError, String lastHandler) {

        void log() {
            if (logger.isEnabledForLevel(level)) {
                logger.atLevel(level).log("{}", message());
            }
        }

        String message() {
            StringBuilder line = new StringBuilder(160).append(count).append(" more ").append(counted)
                    .append(" in the last ").append(duration(elapsedNanos)).append(" (");
            boolean[] done = new boolean[handlers.length];
            for (int i = 0; i < handlers.length; i++) {
                if (done[i]) {
                    continue;
                }
                if (i > 0) {
                    line.append("; ");
                }
                line.append(handlers[i] == null ? "no handler" : "handler " + handlers[i]).append(": ");
                // Every pair of this handler, in the order first seen.
                String separator = "";
                for (int j = i; j < handlers.length; j++) {
                    if (!done[j] && Objects.equals(handlers[j], handlers[i])) {
                        done[j] = true;
                        line.append(separator).append(kindCounts[j]).append(" x ").append(typeName(types[j]));
                        separator = ", ";
                    }
                }
            }
            if (otherKinds > 0) {
                line.append("; ").append(otherKinds).append(" of other handlers or error types");
            }
            line.append("); last: event ").append(ShortIds.of(lastEvent));
            if (lastHandler != null) {
                line.append(" (handler ").append(lastHandler).append(')');
            }
            line.append(": ").append(typeName(typeOf(lastError)));
            String message = lastError.getMessage();
            if (message != null && !message.isEmpty()) {
                line.append(": ").append(message);
            }
            return line.toString();
        }

        private static String duration(long nanos) {
            long millis = Math.max(0, nanos / 1_000_000);
            return millis < 1_000 ? millis + " ms" : Math.round(millis / 1_000.0) + " s";
        }
    }
}
