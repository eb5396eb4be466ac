package io.linebus.models.domain;

import io.linebus.models.EventType;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A unit removed from the production flow (scrapped, reworked or returned); published as
 * {@link EventType#UNIT_DISQUALIFIED}. Python has no {@code to_dict()} for it; the map form uses
 * the field names, in field order (D15: lossless domain serialization).
 *
 * @param unitId required
 * @param reason required
 * @param stationId nullable
 * @param disqualificationType default {@code "scrapped"} (documented: scrapped, reworked, returned)
 * @param timestamp default now (UTC)
 * @param customData never null, a frozen map of payload values
 */
public record UnitDisqualifiedEvent(String unitId, String reason, String stationId, String disqualificationType,
        OffsetDateTime timestamp, Map<String, Object> customData) implements DomainEvent {

    /**
     * @throws NullPointerException for a null required or defaulted component
     * @throws IllegalArgumentException when {@code customData} holds a value outside the payload model
     */
    public UnitDisqualifiedEvent {
        Objects.requireNonNull(unitId, "unitId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(disqualificationType, "disqualificationType");
        timestamp = DomainValues.microsOrNow(timestamp);
        customData = DomainValues.freezeMap(customData, "custom_data");
    }

    public static Builder builder(String unitId, String reason) {
        return new Builder(unitId, reason);
    }

    @Override
    public EventType eventType() {
        return EventType.UNIT_DISQUALIFIED;
    }

    /** Keys: unit_id, reason, station_id, disqualification_type, timestamp, custom_data. */
    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>(8);
        map.put("unit_id", unitId);
        map.put("reason", reason);
        map.put("station_id", stationId);
        map.put("disqualification_type", disqualificationType);
        map.put("timestamp", DomainValues.format(timestamp));
        map.put("custom_data", customData);
        return map;
    }

    /**
     * Reads the {@link #toMap()} form; absent keys take the defaults.
     *
     * @throws IllegalArgumentException naming the field when a value is missing or of the wrong type
     */
    public static UnitDisqualifiedEvent fromMap(Map<String, ?> data) {
        FieldReader fields = FieldReader.of(data, "UnitDisqualifiedEvent");
        return new UnitDisqualifiedEvent(
                fields.requiredString("unit_id"),
                fields.requiredString("reason"),
                fields.string("station_id"),
                fields.string("disqualification_type", Builder.DEFAULT_TYPE),
                fields.time("timestamp"),
                fields.map("custom_data"));
    }

    /** Builds the event; unset properties take the Python defaults. */
    public static final class Builder {
        static final String DEFAULT_TYPE = "scrapped";

        private final String unitId;
        private final String reason;
        private String stationId;
        private String disqualificationType = DEFAULT_TYPE;
        private OffsetDateTime timestamp;
        private Map<String, ?> customData;

        private Builder(String unitId, String reason) {
            this.unitId = Objects.requireNonNull(unitId, "unitId");
            this.reason = Objects.requireNonNull(reason, "reason");
        }

        public Builder stationId(String stationId) {
            this.stationId = stationId;
            return this;
        }

        public Builder disqualificationType(String disqualificationType) {
            this.disqualificationType = disqualificationType;
            return this;
        }

        /** The time of disqualification; {@code null} (the default) means now, taken at {@link #build()}. */
        public Builder timestamp(OffsetDateTime timestamp) {
            this.timestamp = timestamp;
            return this;
        }

        /** The free-form data, copied at {@link #build()}; values must be payload values. */
        public Builder customData(Map<String, ?> customData) {
            this.customData = customData;
            return this;
        }

        @SuppressWarnings("unchecked")
        public UnitDisqualifiedEvent build() {
            return new UnitDisqualifiedEvent(unitId, reason, stationId, disqualificationType, timestamp,
                    (Map<String, Object>) customData);
        }
    }
}
