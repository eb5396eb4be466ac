package io.linebus.models.domain;

import io.linebus.models.EventType;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An equipment state transition; published as {@link EventType#ASSET_STATE_CHANGED}.
 *
 * @param assetId required
 * @param newState required
 * @param previousState nullable
 * @param timestamp default now (UTC)
 * @param reason nullable
 * @param customData never null, a frozen map of payload values
 */
public record AssetStateChangedEvent(String assetId, AssetState newState, AssetState previousState,
        OffsetDateTime timestamp, String reason, Map<String, Object> customData) implements DomainEvent {

    /**
     * @throws NullPointerException for a null {@code assetId} or {@code newState}
     * @throws IllegalArgumentException when {@code customData} holds a value outside the payload model
     */
    public AssetStateChangedEvent {
        Objects.requireNonNull(assetId, "assetId");
        Objects.requireNonNull(newState, "newState");
        timestamp = DomainValues.microsOrNow(timestamp);
        customData = DomainValues.freezeMap(customData, "custom_data");
    }

    public static Builder builder(String assetId, AssetState newState) {
        return new Builder(assetId, newState);
    }

    @Override
    public EventType eventType() {
        return EventType.ASSET_STATE_CHANGED;
    }

    /** Keys (all Python's): asset_id, new_state, previous_state, timestamp, reason, custom_data. */
    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>(16);
        map.put("asset_id", assetId);
        map.put("new_state", newState.value());
        map.put("previous_state", previousState == null ? null : previousState.value());
        map.put("timestamp", DomainValues.format(timestamp));
        map.put("reason", reason);
        map.put("custom_data", customData);
        return map;
    }

    /**
     * Reads the {@link #toMap()} form, which is also Python's {@code to_dict()}; absent keys take
     * the defaults.
     *
     * @throws IllegalArgumentException naming the field when a value is missing or of the wrong type
     */
    public static AssetStateChangedEvent fromMap(Map<String, ?> data) {
        FieldReader fields = FieldReader.of(data, "AssetStateChangedEvent");
        return new AssetStateChangedEvent(
                fields.requiredString("asset_id"),
                fields.requiredEnum("new_state", AssetState.class, AssetState::fromValue),
                fields.enumValue("previous_state", AssetState.class, AssetState::fromValue, null),
                fields.time("timestamp"),
                fields.string("reason"),
                fields.map("custom_data"));
    }

    /** Builds a state change; unset properties take the Python defaults. */
    public static final class Builder {
        private final String assetId;
        private final AssetState newState;
        private AssetState previousState;
        private OffsetDateTime timestamp;
        private String reason;
        private Map<String, ?> customData;

        private Builder(String assetId, AssetState newState) {
            this.assetId = Objects.requireNonNull(assetId, "assetId");
            this.newState = Objects.requireNonNull(newState, "newState");
        }

        public Builder previousState(AssetState previousState) {
            this.previousState = previousState;
            return this;
        }

        /** The time of the change; {@code null} (the default) means now, taken at {@link #build()}. */
        public Builder timestamp(OffsetDateTime timestamp) {
            this.timestamp = timestamp;
            return this;
        }

        public Builder reason(String reason) {
            this.reason = reason;
            return this;
        }

        /** The free-form data, copied at {@link #build()}; values must be payload values. */
        public Builder customData(Map<String, ?> customData) {
            this.customData = customData;
            return this;
        }

        @SuppressWarnings("unchecked")
        public AssetStateChangedEvent build() {
            return new AssetStateChangedEvent(assetId, newState, previousState, timestamp, reason,
                    (Map<String, Object>) customData);
        }
    }
}
