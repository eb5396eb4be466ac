package io.linebus.models.domain;

import io.linebus.models.EventType;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An equipment fault or alarm, raised or cleared; published as {@link EventType#ASSET_FAULT}.
 * No consistency between {@code cleared} and {@code clearedTime} is enforced (as in Python).
 *
 * @param assetId required
 * @param faultCode required
 * @param faultMessage default {@code ""}
 * @param severity default {@link SeverityLevel#ERROR}
 * @param timestamp default now (UTC)
 * @param cleared default false
 * @param clearedTime nullable
 * @param customData never null, a frozen map of payload values
 */
public record AssetFaultEvent(String assetId, String faultCode, String faultMessage, SeverityLevel severity,
        OffsetDateTime timestamp, boolean cleared, OffsetDateTime clearedTime, Map<String, Object> customData)
        implements DomainEvent {

    /**
     * @throws NullPointerException for a null required or defaulted component
     * @throws IllegalArgumentException when {@code customData} holds a value outside the payload model
     */
    public AssetFaultEvent {
        Objects.requireNonNull(assetId, "assetId");
        Objects.requireNonNull(faultCode, "faultCode");
        Objects.requireNonNull(faultMessage, "faultMessage");
        Objects.requireNonNull(severity, "severity");
        timestamp = DomainValues.microsOrNow(timestamp);
        clearedTime = DomainValues.micros(clearedTime);
        customData = DomainValues.freezeMap(customData, "custom_data");
    }

    public static Builder builder(String assetId, String faultCode) {
        return new Builder(assetId, faultCode);
    }

    @Override
    public EventType eventType() {
        return EventType.ASSET_FAULT;
    }

    /**
     * Keys (all Python's): asset_id, fault_code, fault_message, severity, timestamp, cleared,
     * cleared_time, custom_data.
     */
    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>(16);
        map.put("asset_id", assetId);
        map.put("fault_code", faultCode);
        map.put("fault_message", faultMessage);
        map.put("severity", severity.value());
        map.put("timestamp", DomainValues.format(timestamp));
        map.put("cleared", cleared);
        map.put("cleared_time", DomainValues.format(clearedTime));
        map.put("custom_data", customData);
        return map;
    }

    /**
     * Reads the {@link #toMap()} form, which is also Python's {@code to_dict()}; absent keys take
     * the defaults.
     *
     * @throws IllegalArgumentException naming the field when a value is missing or of the wrong type
     */
    public static AssetFaultEvent fromMap(Map<String, ?> data) {
        FieldReader fields = FieldReader.of(data, "AssetFaultEvent");
        return new AssetFaultEvent(
                fields.requiredString("asset_id"),
                fields.requiredString("fault_code"),
                fields.string("fault_message", ""),
                fields.enumValue("severity", SeverityLevel.class, SeverityLevel::fromValue, SeverityLevel.ERROR),
                fields.time("timestamp"),
                fields.bool("cleared", false),
                fields.time("cleared_time"),
                fields.map("custom_data"));
    }

    /** Builds a fault; unset properties take the Python defaults. */
    public static final class Builder {
        private final String assetId;
        private final String faultCode;
        private String faultMessage = "";
        private SeverityLevel severity = SeverityLevel.ERROR;
        private OffsetDateTime timestamp;
        private boolean cleared;
        private OffsetDateTime clearedTime;
        private Map<String, ?> customData;

        private Builder(String assetId, String faultCode) {
            this.assetId = Objects.requireNonNull(assetId, "assetId");
            this.faultCode = Objects.requireNonNull(faultCode, "faultCode");
        }

        public Builder faultMessage(String faultMessage) {
            this.faultMessage = faultMessage;
            return this;
        }

        public Builder severity(SeverityLevel severity) {
            this.severity = severity;
            return this;
        }

        /** The time of the fault; {@code null} (the default) means now, taken at {@link #build()}. */
        public Builder timestamp(OffsetDateTime timestamp) {
            this.timestamp = timestamp;
            return this;
        }

        public Builder cleared(boolean cleared) {
            this.cleared = cleared;
            return this;
        }

        public Builder clearedTime(OffsetDateTime clearedTime) {
            this.clearedTime = clearedTime;
            return this;
        }

        /** The free-form data, copied at {@link #build()}; values must be payload values. */
        public Builder customData(Map<String, ?> customData) {
            this.customData = customData;
            return this;
        }

        @SuppressWarnings("unchecked")
        public AssetFaultEvent build() {
            return new AssetFaultEvent(assetId, faultCode, faultMessage, severity, timestamp, cleared, clearedTime,
                    (Map<String, Object>) customData);
        }
    }
}
