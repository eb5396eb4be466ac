package io.linebus.models.domain;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One component placed on a unit (BOM traceability).
 *
 * @param referenceDesignator required, e.g. {@code R1}, {@code U3}
 * @param partNumber nullable
 * @param serialNumber nullable
 * @param lotNumber nullable
 * @param installedTime nullable
 */
public record InstalledComponent(String referenceDesignator, String partNumber, String serialNumber,
        String lotNumber, OffsetDateTime installedTime) {

    public InstalledComponent {
        Objects.requireNonNull(referenceDesignator, "referenceDesignator");
        installedTime = DomainValues.micros(installedTime);
    }

    public static Builder builder(String referenceDesignator) {
        return new Builder(referenceDesignator);
    }

    /**
     * Keys: reference_designator, part_number, serial_number, lot_number (Python's), then
     * installed_time (which Python drops, D15: lossless domain serialization).
     */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>(8);
        map.put("reference_designator", referenceDesignator);
        map.put("part_number", partNumber);
        map.put("serial_number", serialNumber);
        map.put("lot_number", lotNumber);
        map.put("installed_time", DomainValues.format(installedTime));
        return map;
    }

    /**
     * Reads the {@link #toMap()} form; absent keys are null.
     *
     * @throws IllegalArgumentException naming the field when a value is missing or of the wrong type
     */
    public static InstalledComponent fromMap(Map<String, ?> data) {
        return read(FieldReader.of(data, "InstalledComponent"));
    }

    static InstalledComponent read(FieldReader fields) {
        return new InstalledComponent(
                fields.requiredString("reference_designator"),
                fields.string("part_number"),
                fields.string("serial_number"),
                fields.string("lot_number"),
                fields.time("installed_time"));
    }

    /** Builds a component; unset properties are null. */
    public static final class Builder {
        private final String referenceDesignator;
        private String partNumber;
        private String serialNumber;
        private String lotNumber;
        private OffsetDateTime installedTime;

        private Builder(String referenceDesignator) {
            this.referenceDesignator = Objects.requireNonNull(referenceDesignator, "referenceDesignator");
        }

        public Builder partNumber(String partNumber) {
            this.partNumber = partNumber;
            return this;
        }

        public Builder serialNumber(String serialNumber) {
            this.serialNumber = serialNumber;
            return this;
        }

        public Builder lotNumber(String lotNumber) {
            this.lotNumber = lotNumber;
            return this;
        }

        public Builder installedTime(OffsetDateTime installedTime) {
            this.installedTime = installedTime;
            return this;
        }

        public InstalledComponent build() {
            return new InstalledComponent(referenceDesignator, partNumber, serialNumber, lotNumber, installedTime);
        }
    }
}
