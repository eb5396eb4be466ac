package io.linebus.models.domain;

import io.linebus.models.EventType;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Maintenance work done on equipment; published as {@link EventType#ASSET_MAINTENANCE}. Python has
 * no {@code to_dict()} for it; the map form uses the field names, in field order (D15: lossless
 * domain serialization).
 *
 * @param assetId required
 * @param maintenanceType required (documented: scheduled, preventive, corrective)
 * @param description default {@code ""}
 * @param performedBy nullable
 * @param timestamp default now (UTC)
 * @param durationMinutes nullable
 * @param partsReplaced never null, unmodifiable
 * @param customData never null, a frozen map of payload values
 */
public record MaintenanceEvent(String assetId, String maintenanceType, String description, String performedBy,
        OffsetDateTime timestamp, Double durationMinutes, List<String> partsReplaced,
        Map<String, Object> customData) implements DomainEvent {

    /**
     * @throws NullPointerException for a null required or defaulted component, or a null part
     * @throws IllegalArgumentException when {@code customData} holds a value outside the payload model
     */
    public MaintenanceEvent {
        Objects.requireNonNull(assetId, "assetId");
        Objects.requireNonNull(maintenanceType, "maintenanceType");
        Objects.requireNonNull(description, "description");
        timestamp = DomainValues.microsOrNow(timestamp);
        partsReplaced = DomainValues.copyList(partsReplaced, "partsReplaced");
        customData = DomainValues.freezeMap(customData, "custom_data");
    }

    public static Builder builder(String assetId, String maintenanceType) {
        return new Builder(assetId, maintenanceType);
    }

    @Override
    public EventType eventType() {
        return EventType.ASSET_MAINTENANCE;
    }

    /**
     * Keys: asset_id, maintenance_type, description, performed_by, timestamp, duration_minutes,
     * parts_replaced, custom_data.
     */
    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>(16);
        map.put("asset_id", assetId);
        map.put("maintenance_type", maintenanceType);
        map.put("description", description);
        map.put("performed_by", performedBy);
        map.put("timestamp", DomainValues.format(timestamp));
        map.put("duration_minutes", durationMinutes);
        map.put("parts_replaced", new ArrayList<>(partsReplaced));
        map.put("custom_data", customData);
        return map;
    }

    /**
     * Reads the {@link #toMap()} form; absent keys take the defaults.
     *
     * @throws IllegalArgumentException naming the field when a value is missing or of the wrong type
     */
    public static MaintenanceEvent fromMap(Map<String, ?> data) {
        FieldReader fields = FieldReader.of(data, "MaintenanceEvent");
        return new MaintenanceEvent(
                fields.requiredString("asset_id"),
                fields.requiredString("maintenance_type"),
                fields.string("description", ""),
                fields.string("performed_by"),
                fields.time("timestamp"),
                fields.number("duration_minutes"),
                fields.strings("parts_replaced"),
                fields.map("custom_data"));
    }

    /** Builds a maintenance record; unset properties take the Python defaults. */
    public static final class Builder {
        private final String assetId;
        private final String maintenanceType;
        private String description = "";
        private String performedBy;
        private OffsetDateTime timestamp;
        private Double durationMinutes;
        private final List<String> partsReplaced = new ArrayList<>();
        private Map<String, ?> customData;

        private Builder(String assetId, String maintenanceType) {
            this.assetId = Objects.requireNonNull(assetId, "assetId");
            this.maintenanceType = Objects.requireNonNull(maintenanceType, "maintenanceType");
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        public Builder performedBy(String performedBy) {
            this.performedBy = performedBy;
            return this;
        }

        /** The time of the work; {@code null} (the default) means now, taken at {@link #build()}. */
        public Builder timestamp(OffsetDateTime timestamp) {
            this.timestamp = timestamp;
            return this;
        }

        public Builder durationMinutes(Double durationMinutes) {
            this.durationMinutes = durationMinutes;
            return this;
        }

        /** Replaces the replaced parts ({@code null} clears them). */
        public Builder partsReplaced(List<String> partsReplaced) {
            this.partsReplaced.clear();
            if (partsReplaced != null) {
                this.partsReplaced.addAll(partsReplaced);
            }
            return this;
        }

        public Builder addPartReplaced(String part) {
            partsReplaced.add(Objects.requireNonNull(part, "part"));
            return this;
        }

        /** The free-form data, copied at {@link #build()}; values must be payload values. */
        public Builder customData(Map<String, ?> customData) {
            this.customData = customData;
            return this;
        }

        @SuppressWarnings("unchecked")
        public MaintenanceEvent build() {
            return new MaintenanceEvent(assetId, maintenanceType, description, performedBy, timestamp,
                    durationMinutes, partsReplaced, (Map<String, Object>) customData);
        }
    }
}
