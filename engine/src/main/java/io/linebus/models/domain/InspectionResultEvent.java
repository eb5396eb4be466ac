package io.linebus.models.domain;

import io.linebus.models.EventType;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A visual, AOI, X-ray or SPI inspection result of one unit; published as
 * {@link EventType#INSPECTION_RESULT}. Python has no {@code to_dict()} for it; the map form uses
 * the field names, in field order (D15: lossless domain serialization).
 *
 * @param unitId required
 * @param result default {@link TestResult#PASS}
 * @param partNumber nullable
 * @param stationId nullable
 * @param inspectionType default {@code "aoi"} (documented: aoi, visual, xray, spi)
 * @param startTime default now (UTC)
 * @param endTime nullable
 * @param defects never null; each defect a frozen map of payload values
 * @param images URLs or paths, never null
 * @param customData never null, a frozen map of payload values
 */
public record InspectionResultEvent(String unitId, TestResult result, String partNumber, String stationId,
        String inspectionType, OffsetDateTime startTime, OffsetDateTime endTime,
        List<Map<String, Object>> defects, List<String> images, Map<String, Object> customData)
        implements DomainEvent {

    /**
     * @throws NullPointerException for a null required or defaulted component, or a null list element
     * @throws IllegalArgumentException when a defect or {@code customData} holds a value outside the payload model
     */
    public InspectionResultEvent {
        Objects.requireNonNull(unitId, "unitId");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(inspectionType, "inspectionType");
        startTime = DomainValues.microsOrNow(startTime);
        endTime = DomainValues.micros(endTime);
        defects = freezeDefects(DomainValues.copyList(defects, "defects"));
        images = DomainValues.copyList(images, "images");
        customData = DomainValues.freezeMap(customData, "custom_data");
    }

    private static List<Map<String, Object>> freezeDefects(List<Map<String, Object>> defects) {
        List<Map<String, Object>> frozen = new ArrayList<>(defects.size());
        for (Map<String, Object> defect : defects) {
            frozen.add(DomainValues.freezeMap(defect, "defects[" + frozen.size() + "]"));
        }
        return List.copyOf(frozen);
    }

    public static Builder builder(String unitId) {
        return new Builder(unitId);
    }

    @Override
    public EventType eventType() {
        return EventType.INSPECTION_RESULT;
    }

    /**
     * Keys: unit_id, result, part_number, station_id, inspection_type, start_time, end_time,
     * defects, images, custom_data.
     */
    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>(16);
        map.put("unit_id", unitId);
        map.put("result", result.value());
        map.put("part_number", partNumber);
        map.put("station_id", stationId);
        map.put("inspection_type", inspectionType);
        map.put("start_time", DomainValues.format(startTime));
        map.put("end_time", DomainValues.format(endTime));
        map.put("defects", new ArrayList<>(defects));
        map.put("images", new ArrayList<>(images));
        map.put("custom_data", customData);
        return map;
    }

    /**
     * Reads the {@link #toMap()} form; absent keys take the defaults.
     *
     * @throws IllegalArgumentException naming the field when a value is missing or of the wrong type
     */
    public static InspectionResultEvent fromMap(Map<String, ?> data) {
        FieldReader fields = FieldReader.of(data, "InspectionResultEvent");
        return new InspectionResultEvent(
                fields.requiredString("unit_id"),
                fields.enumValue("result", TestResult.class, TestResult::fromValue, TestResult.PASS),
                fields.string("part_number"),
                fields.string("station_id"),
                fields.string("inspection_type", Builder.DEFAULT_INSPECTION_TYPE),
                fields.time("start_time"),
                fields.time("end_time"),
                fields.maps("defects"),
                fields.strings("images"),
                fields.map("custom_data"));
    }

    /** Builds an inspection result; unset properties take the Python defaults. */
    public static final class Builder {
        static final String DEFAULT_INSPECTION_TYPE = "aoi";

        private final String unitId;
        private TestResult result = TestResult.PASS;
        private String partNumber;
        private String stationId;
        private String inspectionType = DEFAULT_INSPECTION_TYPE;
        private OffsetDateTime startTime;
        private OffsetDateTime endTime;
        private final List<Map<String, Object>> defects = new ArrayList<>();
        private final List<String> images = new ArrayList<>();
        private Map<String, ?> customData;

        private Builder(String unitId) {
            this.unitId = Objects.requireNonNull(unitId, "unitId");
        }

        public Builder result(TestResult result) {
            this.result = result;
            return this;
        }

        public Builder partNumber(String partNumber) {
            this.partNumber = partNumber;
            return this;
        }

        public Builder stationId(String stationId) {
            this.stationId = stationId;
            return this;
        }

        public Builder inspectionType(String inspectionType) {
            this.inspectionType = inspectionType;
            return this;
        }

        /** The start; {@code null} (the default) means now, taken at {@link #build()}. */
        public Builder startTime(OffsetDateTime startTime) {
            this.startTime = startTime;
            return this;
        }

        public Builder endTime(OffsetDateTime endTime) {
            this.endTime = endTime;
            return this;
        }

        /** Replaces the defects ({@code null} clears them). */
        @SuppressWarnings("unchecked")
        public Builder defects(List<? extends Map<String, ?>> defects) {
            this.defects.clear();
            if (defects != null) {
                for (Map<String, ?> defect : defects) {
                    this.defects.add((Map<String, Object>) defect);
                }
            }
            return this;
        }

        @SuppressWarnings("unchecked")
        public Builder addDefect(Map<String, ?> defect) {
            defects.add((Map<String, Object>) Objects.requireNonNull(defect, "defect"));
            return this;
        }

        /** Replaces the images ({@code null} clears them). */
        public Builder images(List<String> images) {
            this.images.clear();
            if (images != null) {
                this.images.addAll(images);
            }
            return this;
        }

        public Builder addImage(String image) {
            images.add(Objects.requireNonNull(image, "image"));
            return this;
        }

        /** The free-form data, copied at {@link #build()}; values must be payload values. */
        public Builder customData(Map<String, ?> customData) {
            this.customData = customData;
            return this;
        }

        @SuppressWarnings("unchecked")
        public InspectionResultEvent build() {
            return new InspectionResultEvent(unitId, result, partNumber, stationId, inspectionType, startTime,
                    endTime, defects, images, (Map<String, Object>) customData);
        }
    }
}
