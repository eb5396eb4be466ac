package io.linebus.models;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Tracing, correlation and retry bookkeeping that travels with an event. Immutable.
 *
 * <p>Never null: {@code eventId} (a new UUIDv7 when absent, D28: never a null id),
 * {@code timestamp} (now, UTC), {@code source} ({@code "unknown"}) and {@code custom} (empty).
 * {@code retryCount} is never negative. The other fields are nullable.
 */
public record EventMetadata(
        String eventId,
        String correlationId,
        String causationId,
        OffsetDateTime timestamp,
        String source,
        String sourceTopic,
        int retryCount,
        String traceId,
        String spanId,
        Map<String, Object> custom) {

    /** The source of events that do not name one. */
    public static final String UNKNOWN_SOURCE = "unknown";

    public EventMetadata {
        if (eventId == null || eventId.isBlank()) {
            eventId = EventIds.newEventId();
        }
        if (timestamp == null) {
            timestamp = IsoTimes.now();
        }
        if (source == null) {
            source = UNKNOWN_SOURCE;
        }
        if (retryCount < 0) {
            throw new IllegalArgumentException("retryCount must be >= 0, got " + retryCount);
        }
        custom = PayloadValues.freeze(custom);
    }

    /** Metadata with every Python default: a new id, now, source {@code "unknown"}. */
    public static EventMetadata create() {
        return new EventMetadata(null, null, null, null, null, null, 0, null, null, null);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A copy with {@code retryCount + 1}; everything else, the id and time included, unchanged. */
    public EventMetadata incrementRetry() {
        return new EventMetadata(eventId, correlationId, causationId, timestamp, source, sourceTopic,
                retryCount + 1, traceId, spanId, custom);
    }

    /**
     * Metadata for an event caused by {@code causingEvent}: a new id and time, the causation id set
     * to the cause's id, the correlation id kept (or the cause's id when there is none), the trace
     * kept (or the cause's), a new W3C span id, retry count 0, no source topic, custom copied.
     */
    public EventMetadata withCausation(Event causingEvent) {
        Objects.requireNonNull(causingEvent, "causingEvent");
        String correlation = isNullOrEmpty(correlationId) ? causingEvent.id() : correlationId;
        String trace = isNullOrEmpty(traceId) ? causingEvent.metadata().traceId() : traceId;
        return new EventMetadata(null, correlation, causingEvent.id(), null, source, null, 0, trace,
                EventIds.newSpanId(), custom);
    }

    /** The Python {@code to_dict()} form: keys in Python's order, absent values as null. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>(16);
        map.put("event_id", eventId);
        map.put("correlation_id", correlationId);
        map.put("causation_id", causationId);
        map.put("timestamp", IsoTimes.format(timestamp));
        map.put("source", source);
        map.put("source_topic", sourceTopic);
        map.put("retry_count", (long) retryCount);
        map.put("trace_id", traceId);
        map.put("span_id", spanId);
        map.put("custom", custom);
        return map;
    }

    /**
     * Reads the {@link #toMap()} form (and Python's {@code to_dict()}). Missing or null id, time
     * and source get their defaults; unknown keys are ignored.
     *
     * @throws IllegalArgumentException for a value of the wrong type (a non-numeric or negative
     *     retry count, an unparseable timestamp, a custom value that is not a map)
     */
    public static EventMetadata fromMap(Map<String, ?> data) {
        Objects.requireNonNull(data, "data");
        Object timestamp = data.get("timestamp");
        return new EventMetadata(
                string(data, "event_id"),
                string(data, "correlation_id"),
                string(data, "causation_id"),
                timestamp == null ? null : IsoTimes.coerce(timestamp, "timestamp"),
                string(data, "source"),
                string(data, "source_topic"),
                retryCount(data.get("retry_count")),
                string(data, "trace_id"),
                string(data, "span_id"),
                customMap(data.get("custom")));
    }

    private static String string(Map<String, ?> data, String key) {
        Object value = data.get(key);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw new IllegalArgumentException("Metadata field '" + key + "' must be a string, got "
                + value.getClass().getSimpleName() + " " + value);
    }

    private static int retryCount(Object value) {
        if (value == null) {
            return 0;
        }
        if (value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())) {
            long count = number.longValue();
            if (count >= 0 && count <= Integer.MAX_VALUE) {
                return (int) count;
            }
        }
        throw new IllegalArgumentException("Metadata field 'retry_count' must be a whole number >= 0, got " + value);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> customMap(Object value) {
        if (value == null || value instanceof Map) {
            return (Map<String, Object>) value;
        }
        throw new IllegalArgumentException("Metadata field 'custom' must be a map, got "
                + value.getClass().getSimpleName());
    }

    private static boolean isNullOrEmpty(String value) {
        return value == null || value.isEmpty();
    }

    /** Builds metadata; every property left unset takes its Python default. */
    public static final class Builder {
        private String eventId;
        private String correlationId;
        private String causationId;
        private OffsetDateTime timestamp;
        private String source;
        private String sourceTopic;
        private int retryCount;
        private String traceId;
        private String spanId;
        private Map<String, ?> custom;

        private Builder() {
        }

        private Builder(EventMetadata from) {
            eventId = from.eventId;
            correlationId = from.correlationId;
            causationId = from.causationId;
            timestamp = from.timestamp;
            source = from.source;
            sourceTopic = from.sourceTopic;
            retryCount = from.retryCount;
            traceId = from.traceId;
            spanId = from.spanId;
            custom = from.custom;
        }

        public Builder eventId(String value) {
            eventId = value;
            return this;
        }

        public Builder correlationId(String value) {
            correlationId = value;
            return this;
        }

        public Builder causationId(String value) {
            causationId = value;
            return this;
        }

        public Builder timestamp(OffsetDateTime value) {
            timestamp = value;
            return this;
        }

        public Builder source(String value) {
            source = value;
            return this;
        }

        public Builder sourceTopic(String value) {
            sourceTopic = value;
            return this;
        }

        public Builder retryCount(int value) {
            retryCount = value;
            return this;
        }

        public Builder traceId(String value) {
            traceId = value;
            return this;
        }

        public Builder spanId(String value) {
            spanId = value;
            return this;
        }

        public Builder custom(Map<String, ?> value) {
            custom = value;
            return this;
        }

        @SuppressWarnings("unchecked")
        public EventMetadata build() {
            return new EventMetadata(eventId, correlationId, causationId, timestamp, source, sourceTopic,
                    retryCount, traceId, spanId, (Map<String, Object>) custom);
        }
    }
}
