package io.linebus.models.domain;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One test step with its result and measurements.
 *
 * @param name the step name (required)
 * @param status default {@link TestResult#PASS}
 * @param startTime nullable
 * @param endTime nullable
 * @param measurements never null, unmodifiable
 * @param message nullable
 * @param stepType default {@code "passfail"} (documented: numeric, passfail, string, ...)
 */
public record TestStep(String name, TestResult status, OffsetDateTime startTime, OffsetDateTime endTime,
        List<TestMeasurement> measurements, String message, String stepType) {

    public TestStep {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(stepType, "stepType");
        startTime = DomainValues.micros(startTime);
        endTime = DomainValues.micros(endTime);
        measurements = DomainValues.copyList(measurements, "measurements");
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** {@code endTime - startTime} in milliseconds when both are set. */
    public OptionalDouble durationMs() {
        return Durations.millisBetween(startTime, endTime);
    }

    /**
     * Keys: name, status, measurements (Python's), then start_time, end_time, message, step_type
     * (which Python drops, D15: lossless domain serialization).
     */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>(16);
        map.put("name", name);
        map.put("status", status.value());
        map.put("measurements", DomainValues.toMaps(measurements, TestMeasurement::toMap));
        map.put("start_time", DomainValues.format(startTime));
        map.put("end_time", DomainValues.format(endTime));
        map.put("message", message);
        map.put("step_type", stepType);
        return map;
    }

    /**
     * Reads the {@link #toMap()} form; absent keys take the defaults.
     *
     * @throws IllegalArgumentException naming the field when a value is missing or of the wrong type
     */
    public static TestStep fromMap(Map<String, ?> data) {
        return read(FieldReader.of(data, "TestStep"));
    }

    static TestStep read(FieldReader fields) {
        List<TestMeasurement> measurements = new ArrayList<>();
        for (FieldReader measurement : fields.records("measurements")) {
            measurements.add(TestMeasurement.read(measurement));
        }
        return new TestStep(
                fields.requiredString("name"),
                fields.enumValue("status", TestResult.class, TestResult::fromValue, TestResult.PASS),
                fields.time("start_time"),
                fields.time("end_time"),
                measurements,
                fields.string("message"),
                fields.string("step_type", Builder.DEFAULT_STEP_TYPE));
    }

    /** Builds a step; unset properties take the Python defaults. */
    public static final class Builder {
        static final String DEFAULT_STEP_TYPE = "passfail";

        private final String name;
        private TestResult status = TestResult.PASS;
        private OffsetDateTime startTime;
        private OffsetDateTime endTime;
        private final List<TestMeasurement> measurements = new ArrayList<>();
        private String message;
        private String stepType = DEFAULT_STEP_TYPE;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        public Builder status(TestResult status) {
            this.status = status;
            return this;
        }

        public Builder startTime(OffsetDateTime startTime) {
            this.startTime = startTime;
            return this;
        }

        public Builder endTime(OffsetDateTime endTime) {
            this.endTime = endTime;
            return this;
        }

        /** Replaces the measurements ({@code null} clears them). */
        public Builder measurements(List<TestMeasurement> measurements) {
            this.measurements.clear();
            if (measurements != null) {
                this.measurements.addAll(measurements);
            }
            return this;
        }

        public Builder addMeasurement(TestMeasurement measurement) {
            measurements.add(Objects.requireNonNull(measurement, "measurement"));
            return this;
        }

        public Builder message(String message) {
            this.message = message;
            return this;
        }

        public Builder stepType(String stepType) {
            this.stepType = stepType;
            return this;
        }

        public TestStep build() {
            return new TestStep(name, status, startTime, endTime, measurements, message, stepType);
        }
    }
}
