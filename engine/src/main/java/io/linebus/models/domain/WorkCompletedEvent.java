package io.linebus.models.domain;

import io.linebus.models.EventType;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Work on a unit at a station has finished; published as {@link EventType#WORK_COMPLETED}.
 *
 * @param unitId required
 * @param stationId required
 * @param result default {@link Result#COMPLETED}
 * @param workOrderId nullable
 * @param operatorId nullable
 * @param startTime nullable
 * @param endTime default now (UTC)
 * @param customData never null, a frozen map of payload values
 */
public record WorkCompletedEvent(String unitId, String stationId, Result result, String workOrderId,
        String operatorId, OffsetDateTime startTime, OffsetDateTime endTime, Map<String, Object> customData)
        implements DomainEvent {

    /** How the work ended. Python types it as a string literal; the map form holds {@link #value()}. */
    public enum Result {
        COMPLETED("completed"),
        FAILED("failed"),
        ABORTED("aborted");

        private final String value;

        Result(String value) {
            this.value = value;
        }

        /** The Python value, e.g. {@code "completed"}. */
        public String value() {
            return value;
        }

        /**
         * The constant whose Python value is exactly {@code value} (case-sensitive).
         *
         * @throws IllegalArgumentException for {@code null} or an unknown value, listing the allowed ones
         */
        public static Result fromValue(String value) {
            for (Result constant : values()) {
                if (constant.value.equals(value)) {
                    return constant;
                }
            }
            throw new IllegalArgumentException(DomainValues.unknownValue("WorkCompletedEvent.Result", value,
                    Arrays.stream(values()).map(Result::value).toList()));
        }
    }

    /**
     * @throws NullPointerException for a null {@code unitId}, {@code stationId} or {@code result}
     * @throws IllegalArgumentException when {@code customData} holds a value outside the payload model
     */
    public WorkCompletedEvent {
        Objects.requireNonNull(unitId, "unitId");
        Objects.requireNonNull(stationId, "stationId");
        Objects.requireNonNull(result, "result");
        startTime = DomainValues.micros(startTime);
        endTime = DomainValues.microsOrNow(endTime);
        customData = DomainValues.freezeMap(customData, "custom_data");
    }

    public static Builder builder(String unitId, String stationId) {
        return new Builder(unitId, stationId);
    }

    @Override
    public EventType eventType() {
        return EventType.WORK_COMPLETED;
    }

    /** {@code endTime - startTime} in milliseconds when the start is set. */
    public OptionalDouble durationMs() {
        return Durations.millisBetween(startTime, endTime);
    }

    /**
     * Keys (all Python's): unit_id, station_id, result, work_order_id, operator_id, start_time,
     * end_time, custom_data.
     */
    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>(16);
        map.put("unit_id", unitId);
        map.put("station_id", stationId);
        map.put("result", result.value());
        map.put("work_order_id", workOrderId);
        map.put("operator_id", operatorId);
        map.put("start_time", DomainValues.format(startTime));
        map.put("end_time", DomainValues.format(endTime));
        map.put("custom_data", customData);
        return map;
    }

    /**
     * Reads the {@link #toMap()} form, which is also Python's {@code to_dict()}; absent keys take
     * the defaults. A result outside completed/failed/aborted is rejected (Python accepts any string).
     *
     * @throws IllegalArgumentException naming the field when a value is missing or of the wrong type
     */
    public static WorkCompletedEvent fromMap(Map<String, ?> data) {
        FieldReader fields = FieldReader.of(data, "WorkCompletedEvent");
        return new WorkCompletedEvent(
                fields.requiredString("unit_id"),
                fields.requiredString("station_id"),
                fields.enumValue("result", Result.class, Result::fromValue, Result.COMPLETED),
                fields.string("work_order_id"),
                fields.string("operator_id"),
                fields.time("start_time"),
                fields.time("end_time"),
                fields.map("custom_data"));
    }

    /** Builds the event; unset properties take the Python defaults. */
    public static final class Builder {
        private final String unitId;
        private final String stationId;
        private Result result = Result.COMPLETED;
        private String workOrderId;
        private String operatorId;
        private OffsetDateTime startTime;
        private OffsetDateTime endTime;
        private Map<String, ?> customData;

        private Builder(String unitId, String stationId) {
            this.unitId = Objects.requireNonNull(unitId, "unitId");
            this.stationId = Objects.requireNonNull(stationId, "stationId");
        }

        public Builder result(Result result) {
            this.result = result;
            return this;
        }

        public Builder workOrderId(String workOrderId) {
            this.workOrderId = workOrderId;
            return this;
        }

        public Builder operatorId(String operatorId) {
            this.operatorId = operatorId;
            return this;
        }

        public Builder startTime(OffsetDateTime startTime) {
            this.startTime = startTime;
            return this;
        }

        /** The end; {@code null} (the default) means now, taken at {@link #build()}. */
        public Builder endTime(OffsetDateTime endTime) {
            this.endTime = endTime;
            return this;
        }

        /** The free-form data, copied at {@link #build()}; values must be payload values. */
        public Builder customData(Map<String, ?> customData) {
            this.customData = customData;
            return this;
        }

        @SuppressWarnings("unchecked")
        public WorkCompletedEvent build() {
            return new WorkCompletedEvent(unitId, stationId, result, workOrderId, operatorId, startTime, endTime,
                    (Map<String, Object>) customData);
        }
    }
}
