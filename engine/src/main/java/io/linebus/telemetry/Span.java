package io.linebus.telemetry;

import io.linebus.models.IsoTimes;
import io.linebus.models.PayloadValues;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One timed unit of work inside a trace, with attributes and timestamped annotations ("events").
 *
 * <p>Mutable and thread-safe ({@code synchronized}). Attribute values follow the payload value
 * model of {@link PayloadValues} (an {@code Integer} is stored as a {@code Long}), so that
 * {@link #toMap()} can go to any exporter or JSON writer. Accessors return copies.
 */
public final class Span {
    /** The status of a span that completed normally (the default). */
    public static final String STATUS_OK = "ok";
    /** The status of a span whose work failed. */
    public static final String STATUS_ERROR = "error";

    private final String spanId;
    private final String name;
    private final String traceId;
    private final String parentSpanId;
    private final OffsetDateTime startTime;
    private final Map<String, Object> attributes = new LinkedHashMap<>();
    private final List<Map<String, Object>> events = new ArrayList<>();
    private OffsetDateTime endTime;
    private String status = STATUS_OK;

    /** A span starting now; ids are kept exactly as given. */
    public Span(String spanId, String name, String traceId, String parentSpanId) {
        this(spanId, name, traceId, parentSpanId, IsoTimes.now());
    }

    /**
     * A span with an explicit start time.
     *
     * @param parentSpanId nullable: a root span has no parent
     * @throws IllegalArgumentException when an id is blank
     */
    public Span(String spanId, String name, String traceId, String parentSpanId, OffsetDateTime startTime) {
        this.spanId = requireId(spanId, "spanId");
        this.name = Objects.requireNonNull(name, "name");
        this.traceId = requireId(traceId, "traceId");
        this.parentSpanId = parentSpanId;
        this.startTime = Objects.requireNonNull(startTime, "startTime");
    }

    private static String requireId(String id, String parameter) {
        Objects.requireNonNull(id, parameter);
        if (id.isBlank()) {
            throw new IllegalArgumentException(parameter + " must not be blank");
        }
        return id;
    }

    public String spanId() {
        return spanId;
    }

    public String name() {
        return name;
    }

    public String traceId() {
        return traceId;
    }

    /** The parent span's id; empty for a root span. */
    public Optional<String> parentSpanId() {
        return Optional.ofNullable(parentSpanId);
    }

    public OffsetDateTime startTime() {
        return startTime;
    }

    /** When the span ended; empty while it is open. */
    public synchronized Optional<OffsetDateTime> endTime() {
        return Optional.ofNullable(endTime);
    }

    public synchronized boolean isEnded() {
        return endTime != null;
    }

    /** {@link #STATUS_OK} until ended otherwise. */
    public synchronized String status() {
        return status;
    }

    /** A copy of the attributes, in the order they were first set. */
    public synchronized Map<String, Object> attributes() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /** A copy of the annotations: maps with {@code name}, {@code timestamp}, {@code attributes}. */
    public synchronized List<Map<String, Object>> events() {
        return List.copyOf(events);
    }

    /** End time minus start time in milliseconds; empty while the span is open. */
    public synchronized OptionalDouble durationMs() {
        return endTime == null ? OptionalDouble.empty()
                : OptionalDouble.of(Duration.between(startTime, endTime).toNanos() / 1_000_000.0);
    }

    /**
     * Sets (or overwrites) one attribute.
     *
     * @throws IllegalArgumentException when the value is not a payload value
     */
    public void setAttribute(String key, Object value) {
        Objects.requireNonNull(key, "key");
        Object frozen = PayloadValues.freezeValue(value, key);
        synchronized (this) {
            attributes.put(key, frozen);
        }
    }

    /** Adds an annotation without attributes, timestamped now. */
    public void addEvent(String name) {
        addEvent(name, null);
    }

    /**
     * Adds an annotation {@code {"name", "timestamp" (ISO text, now), "attributes"}}.
     *
     * @param attributes nullable; payload values only
     */
    public void addEvent(String name, Map<String, ?> attributes) {
        Objects.requireNonNull(name, "name");
        Map<String, Object> event = new LinkedHashMap<>(4);
        event.put("name", name);
        event.put("timestamp", IsoTimes.format(IsoTimes.now()));
        event.put("attributes", attributes == null ? Map.of() : attributes);
        Map<String, Object> frozen = PayloadValues.freeze(event);
        synchronized (this) {
            events.add(frozen);
        }
    }

    /** Ends the span now with {@link #STATUS_OK}. */
    public void end() {
        end(STATUS_OK);
    }

    /** Ends the span now with {@code status}; ending again overwrites the end time and status. */
    public synchronized void end(String status) {
        this.status = Objects.requireNonNull(status, "status");
        this.endTime = IsoTimes.now();
    }

    /**
     * The Python {@code to_dict()} form, keys in order: {@code span_id}, {@code trace_id},
     * {@code parent_span_id}, {@code name}, {@code start_time} (ISO), {@code end_time} (ISO or
     * null), {@code duration_ms} (or null), {@code status}, {@code attributes}, {@code events}.
     * A deep unmodifiable copy.
     */
    public synchronized Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>(16);
        map.put("span_id", spanId);
        map.put("trace_id", traceId);
        map.put("parent_span_id", parentSpanId);
        map.put("name", name);
        map.put("start_time", IsoTimes.format(startTime));
        map.put("end_time", endTime == null ? null : IsoTimes.format(endTime));
        map.put("duration_ms", EventStats.boxed(durationMs()));
        map.put("status", status);
        map.put("attributes", attributes);
        map.put("events", events);
        return PayloadValues.freeze(map);
    }

    @Override
    public synchronized String toString() {
        return "Span(name=" + name + ", spanId=" + spanId + ", traceId=" + traceId + ", parentSpanId="
                + parentSpanId + ", status=" + status + ", ended=" + (endTime != null) + ")";
    }
}
