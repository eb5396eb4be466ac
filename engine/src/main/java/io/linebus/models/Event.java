package io.linebus.models;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The protocol-agnostic envelope that flows through linebus: a type, a payload and metadata.
 *
 * <p>Immutable (D14: no aliasing, no mutation): the payload is a deep unmodifiable copy in the JSON
 * value model of {@link PayloadValues}, so a handler cannot change what other handlers, the journal
 * or the dead letters see. Equality is component-wise, as Python's dataclass equality.
 */
public record Event(EventType eventType, Map<String, Object> payload, EventMetadata metadata) {
    private static final Logger LOG = LoggerFactory.getLogger(Event.class);

    /**
     * Where {@link #fromMap(Map)} keeps a type string it did not know (D13: the original type is
     * not lost).
     */
    public static final String ORIGINAL_EVENT_TYPE = "original_event_type";

    public Event {
        Objects.requireNonNull(eventType, "eventType");
        payload = PayloadValues.freeze(payload);
        if (metadata == null) {
            metadata = EventMetadata.create();
        }
    }

    /** An event with an empty payload and new metadata. */
    public Event(EventType eventType) {
        this(eventType, null, null);
    }

    /** An event with new metadata. */
    public Event(EventType eventType, Map<String, ?> payload) {
        this(eventType, castPayload(payload), null);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castPayload(Map<String, ?> payload) {
        return (Map<String, Object>) payload;
    }

    public static Event create(EventType type, Map<String, ?> payload) {
        return create(type, payload, EventMetadata.UNKNOWN_SOURCE, null);
    }

    public static Event create(EventType type, Map<String, ?> payload, String source) {
        return create(type, payload, source, null);
    }

    public static Event create(EventType type, Map<String, ?> payload, String source, String correlationId) {
        Objects.requireNonNull(payload, "payload");
        return new Event(type, castPayload(payload),
                EventMetadata.builder().source(source).correlationId(correlationId).build());
    }

    public static Builder builder(EventType type) {
        return new Builder(type);
    }

    /** The event id (same as {@link #eventId()}). */
    public String id() {
        return metadata.eventId();
    }

    public String eventId() {
        return metadata.eventId();
    }

    public String source() {
        return metadata.source();
    }

    public OffsetDateTime timestamp() {
        return metadata.timestamp();
    }

    /** The next attempt of this event: same id and time, retry count + 1, same payload. */
    public Event withRetry() {
        return new Event(eventType, payload, metadata.incrementRetry());
    }

    /** An event caused by this one (see {@link EventMetadata#withCausation(Event)}). */
    public Event derive(EventType type, Map<String, ?> payload) {
        return derive(type, payload, null);
    }

    /**
     * An event caused by this one; a non-empty {@code source} replaces the inherited one (an empty
     * one keeps it, as in Python).
     */
    public Event derive(EventType type, Map<String, ?> payload, String source) {
        EventMetadata derived = metadata.withCausation(this);
        if (source != null && !source.isEmpty()) {
            derived = derived.toBuilder().source(source).build();
        }
        return new Event(type, castPayload(payload), derived);
    }

    /** The Python {@code to_dict()} form: event_id, timestamp, event_type, payload, metadata. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>(8);
        map.put("event_id", id());
        map.put("timestamp", IsoTimes.format(timestamp()));
        map.put("event_type", eventType.value());
        map.put("payload", payload);
        map.put("metadata", metadata.toMap());
        return map;
    }

    /**
     * Reads the {@link #toMap()} form. The top-level {@code event_id} and {@code timestamp} fill in
     * what the metadata lacks, and an unknown type string becomes {@link EventType#CUSTOM} with the
     * original kept in {@code metadata.custom["original_event_type"]} (D13: the original type is
     * not lost; logged as a warning).
     *
     * @throws IllegalArgumentException for values of the wrong type (see
     *     {@link EventMetadata#fromMap(Map)}, {@link PayloadValues})
     */
    @SuppressWarnings("unchecked")
    public static Event fromMap(Map<String, ?> data) {
        Objects.requireNonNull(data, "data");
        Object metadataValue = data.get("metadata");
        if (metadataValue != null && !(metadataValue instanceof Map)) {
            throw new IllegalArgumentException("Field 'metadata' must be a map, got "
                    + metadataValue.getClass().getSimpleName());
        }
        Map<String, Object> metadataMap = new LinkedHashMap<>(
                metadataValue == null ? Map.of() : (Map<String, Object>) metadataValue);
        if (metadataMap.get("event_id") == null && data.get("event_id") != null) {
            metadataMap.put("event_id", data.get("event_id"));
        }
        if (metadataMap.get("timestamp") == null && data.get("timestamp") != null) {
            metadataMap.put("timestamp", data.get("timestamp"));
        }
        Object payloadValue = data.get("payload");
        if (payloadValue != null && !(payloadValue instanceof Map)) {
            throw new IllegalArgumentException("Field 'payload' must be a map, got "
                    + payloadValue.getClass().getSimpleName());
        }
        Object typeValue = data.containsKey("event_type") ? data.get("event_type") : EventType.CUSTOM.value();
        EventType type = typeValue instanceof String text ? EventType.lookup(text) : null;
        if (type == null) {
            LOG.warn("Unknown event type {}; reading the event as custom", typeValue);
            type = EventType.CUSTOM;
            Object custom = metadataMap.get("custom");
            Map<String, Object> customMap = new LinkedHashMap<>(
                    custom instanceof Map ? (Map<String, Object>) custom : Map.of());
            customMap.put(ORIGINAL_EVENT_TYPE, typeValue == null ? null : String.valueOf(typeValue));
            if (custom == null || custom instanceof Map) {
                metadataMap.put("custom", customMap);
            }
        }
        return new Event(type, (Map<String, Object>) payloadValue, EventMetadata.fromMap(metadataMap));
    }

    @Override
    public String toString() {
        String id = id();
        return "Event(type=" + eventType.value() + ", id=" + id.substring(0, Math.min(8, id.length()))
                + "..., source=" + source() + ")";
    }

    /** Builds an event; metadata properties left unset take their defaults. */
    public static final class Builder {
        private final EventType type;
        private Map<String, ?> payload;
        private final EventMetadata.Builder metadata = EventMetadata.builder();

        private Builder(EventType type) {
            this.type = Objects.requireNonNull(type, "type");
        }

        public Builder payload(Map<String, ?> value) {
            payload = value;
            return this;
        }

        public Builder eventId(String value) {
            metadata.eventId(value);
            return this;
        }

        public Builder timestamp(OffsetDateTime value) {
            metadata.timestamp(value);
            return this;
        }

        public Builder source(String value) {
            metadata.source(value);
            return this;
        }

        public Builder correlationId(String value) {
            metadata.correlationId(value);
            return this;
        }

        public Builder causationId(String value) {
            metadata.causationId(value);
            return this;
        }

        public Builder sourceTopic(String value) {
            metadata.sourceTopic(value);
            return this;
        }

        public Builder traceId(String value) {
            metadata.traceId(value);
            return this;
        }

        public Builder spanId(String value) {
            metadata.spanId(value);
            return this;
        }

        public Builder retryCount(int value) {
            metadata.retryCount(value);
            return this;
        }

        public Builder custom(Map<String, ?> value) {
            metadata.custom(value);
            return this;
        }

        public Event build() {
            return new Event(type, castPayload(payload), metadata.build());
        }
    }
}
