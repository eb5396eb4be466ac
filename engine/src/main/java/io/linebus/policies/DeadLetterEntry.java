package io.linebus.policies;

import io.linebus.models.Event;
import io.linebus.models.IsoTimes;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One event that failed for good, with the error that ended it.
 *
 * @param handlerName the handler that failed, or null when not tied to one
 * @param retryCount the event's retry count when it was dead-lettered
 */
public record DeadLetterEntry(Event event, Throwable error, OffsetDateTime timestamp, String handlerName,
        int retryCount) {

    public DeadLetterEntry {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(error, "error");
        if (timestamp == null) {
            timestamp = IsoTimes.now();
        }
    }

    /** An entry made now, with the event's retry count. */
    public static DeadLetterEntry of(Event event, Throwable error, String handlerName) {
        return new DeadLetterEntry(event, error, IsoTimes.now(), handlerName, event.metadata().retryCount());
    }

    /** The short class name of the error (of the original error for a {@link RecordedError}). */
    public String errorType() {
        return error instanceof RecordedError recorded ? recorded.errorType() : error.getClass().getSimpleName();
    }

    /** The error's message, empty when it has none. */
    public String errorMessage() {
        return Objects.requireNonNullElse(error.getMessage(), "");
    }

    /** The Python {@code to_dict()} form: event_id, event_type, error_type, error_message, timestamp, handler_name, retry_count. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>(8);
        map.put("event_id", event.id());
        map.put("event_type", event.eventType().value());
        map.put("error_type", errorType());
        map.put("error_message", errorMessage());
        map.put("timestamp", IsoTimes.format(timestamp));
        map.put("handler_name", handlerName);
        map.put("retry_count", (long) retryCount);
        return map;
    }

    /**
     * {@link #toMap()} plus the whole event under {@code "event"}, so that a serialized entry can
     * be replayed (D17: a serialized dead letter queue must be replayable).
     */
    public Map<String, Object> toMapWithEvent() {
        Map<String, Object> map = toMap();
        map.put("event", event.toMap());
        return map;
    }
}
