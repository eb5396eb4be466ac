package io.linebus.models.domain;

import io.linebus.models.EventType;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Components were installed on a unit; published as {@link EventType#MATERIAL_INSTALLED}.
 *
 * @param unitId required
 * @param components never null, unmodifiable
 * @param stationId nullable
 * @param timestamp default now (UTC)
 * @param customData never null, a frozen map of payload values
 */
public record MaterialInstalledEvent(String unitId, List<InstalledComponent> components, String stationId,
        OffsetDateTime timestamp, Map<String, Object> customData) implements DomainEvent {

    /**
     * @throws NullPointerException for a null {@code unitId} or a null component
     * @throws IllegalArgumentException when {@code customData} holds a value outside the payload model
     */
    public MaterialInstalledEvent {
        Objects.requireNonNull(unitId, "unitId");
        components = DomainValues.copyList(components, "components");
        timestamp = DomainValues.microsOrNow(timestamp);
        customData = DomainValues.freezeMap(customData, "custom_data");
    }

    public static Builder builder(String unitId) {
        return new Builder(unitId);
    }

    @Override
    public EventType eventType() {
        return EventType.MATERIAL_INSTALLED;
    }

    /** The number of installed components. */
    public int componentCount() {
        return components.size();
    }

    /**
     * Keys (Python's): unit_id, components, station_id, timestamp, custom_data; each component as
     * {@link InstalledComponent#toMap()}, which adds the installed_time Python drops (D15: lossless
     * domain serialization).
     */
    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>(8);
        map.put("unit_id", unitId);
        map.put("components", DomainValues.toMaps(components, InstalledComponent::toMap));
        map.put("station_id", stationId);
        map.put("timestamp", DomainValues.format(timestamp));
        map.put("custom_data", customData);
        return map;
    }

    /**
     * Reads the {@link #toMap()} form, and Python's {@code to_dict()}; absent keys take the defaults.
     *
     * @throws IllegalArgumentException naming the field when a value is missing or of the wrong type
     */
    public static MaterialInstalledEvent fromMap(Map<String, ?> data) {
        FieldReader fields = FieldReader.of(data, "MaterialInstalledEvent");
        List<InstalledComponent> components = new ArrayList<>();
        for (FieldReader component : fields.records("components")) {
            components.add(InstalledComponent.read(component));
        }
        return new MaterialInstalledEvent(
                fields.requiredString("unit_id"),
                components,
                fields.string("station_id"),
                fields.time("timestamp"),
                fields.map("custom_data"));
    }

    /** Builds the event; unset properties take the Python defaults. */
    public static final class Builder {
        private final String unitId;
        private final List<InstalledComponent> components = new ArrayList<>();
        private String stationId;
        private OffsetDateTime timestamp;
        private Map<String, ?> customData;

        private Builder(String unitId) {
            this.unitId = Objects.requireNonNull(unitId, "unitId");
        }

        /** Replaces the components ({@code null} clears them). */
        public Builder components(List<InstalledComponent> components) {
            this.components.clear();
            if (components != null) {
                this.components.addAll(components);
            }
            return this;
        }

        public Builder addComponent(InstalledComponent component) {
            components.add(Objects.requireNonNull(component, "component"));
            return this;
        }

        public Builder stationId(String stationId) {
            this.stationId = stationId;
            return this;
        }

        /** The time of installation; {@code null} (the default) means now, taken at {@link #build()}. */
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
        public MaterialInstalledEvent build() {
            return new MaterialInstalledEvent(unitId, components, stationId, timestamp,
                    (Map<String, Object>) customData);
        }
    }
}
