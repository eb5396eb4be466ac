package io.linebus.models.domain;

import io.linebus.models.EventType;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Work on a unit at a station has started; published as {@link EventType#WORK_STARTED}.
 *
 * @param unitId required
 * @param stationId required
 * @param workOrderId nullable
 * @param operatorId nullable
 * @param timestamp default now (UTC)
 * @param lane nullable
 * @param customData never null, a frozen map of payload values
 */
public record WorkStartedEvent(String unitId, String stationId, String workOrderId, String operatorId,
        OffsetDateTime timestamp, Integer lane, Map<String, Object> customData) implements DomainEvent {

    /**
     * @throws NullPointerException for a null {@code unitId} or {@code stationId}
     * @throws IllegalArgumentException when {@code customData} holds a value outside the payload model
     */
    public WorkStartedEvent {
        Objects.requireNonNull(unitId, "unitId");
        Objects.requireNonNull(stationId, "stationId");
        timestamp = DomainValues.microsOrNow(timestamp);
        customData = DomainValues.freezeMap(customData, "custom_data");
    }

    public static Builder builder(String unitId, String stationId) {
        return new Builder(unitId, stationId);
    }

    @Override
    public EventType eventType() {
        return EventType.WORK_STARTED;
    }

    /** Keys (all Python's): unit_id, station_id, work_order_id, operator_id, timestamp, lane, custom_data. */
    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>(16);
        map.put("unit_id", unitId);
        map.put("station_id", stationId);
        map.put("work_order_id", workOrderId);
        map.put("operator_id", operatorId);
        map.put("timestamp", DomainValues.format(timestamp));
        map.put("lane", DomainValues.toLong(lane));
        map.put("custom_data", customData);
        return map;
    }

    /**
     * Reads the {@link #toMap()} form, which is also Python's {@code to_dict()}; absent keys take
     * the defaults.
     *
     * @throws IllegalArgumentException naming the field when a value is missing or of the wrong type
     */
    public static WorkStartedEvent fromMap(Map<String, ?> data) {
        FieldReader fields = FieldReader.of(data, "WorkStartedEvent");
        return new WorkStartedEvent(
                fields.requiredString("unit_id"),
                fields.requiredString("station_id"),
                fields.string("work_order_id"),
                fields.string("operator_id"),
                fields.time("timestamp"),
                fields.integer("lane"),
                fields.map("custom_data"));
    }

    /** Builds the event; unset properties take the Python defaults. */
    public static final class Builder {
        private final String unitId;
        private final String stationId;
        private String workOrderId;
        private String operatorId;
        private OffsetDateTime timestamp;
        private Integer lane;
        private Map<String, ?> customData;

        private Builder(String unitId, String stationId) {
            this.unitId = Objects.requireNonNull(unitId, "unitId");
            this.stationId = Objects.requireNonNull(stationId, "stationId");
        }

        public Builder workOrderId(String workOrderId) {
            this.workOrderId = workOrderId;
            return this;
        }

        public Builder operatorId(String operatorId) {
            this.operatorId = operatorId;
            return this;
        }

        /** The start; {@code null} (the default) means now, taken at {@link #build()}. */
        public Builder timestamp(OffsetDateTime timestamp) {
            this.timestamp = timestamp;
            return this;
        }

        public Builder lane(Integer lane) {
            this.lane = lane;
            return this;
        }

        /** The free-form data, copied at {@link #build()}; values must be payload values. */
        public Builder customData(Map<String, ?> customData) {
            this.customData = customData;
            return this;
        }

        @SuppressWarnings("unchecked")
        public WorkStartedEvent build() {
            return new WorkStartedEvent(unitId, stationId, workOrderId, operatorId, timestamp, lane,
                    (Map<String, Object>) customData);
        }
    }
}
