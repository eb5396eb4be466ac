package io.linebus.models.domain;

import io.linebus.models.EventType;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * A completed test of one unit, with its steps and measurements; published as
 * {@link EventType#TEST_RESULT}.
 *
 * @param unitId the unit's serial number (required)
 * @param result default {@link TestResult#PASS}
 * @param partNumber nullable
 * @param revision nullable
 * @param stationId nullable
 * @param operatorId nullable
 * @param startTime default now (UTC)
 * @param endTime nullable
 * @param steps never null, unmodifiable
 * @param testSocket nullable
 * @param batchSn nullable
 * @param fixtureId nullable
 * @param customData never null, a frozen map of payload values
 */
public record TestResultEvent(String unitId, TestResult result, String partNumber, String revision,
        String stationId, String operatorId, OffsetDateTime startTime, OffsetDateTime endTime,
        List<TestStep> steps, Integer testSocket, String batchSn, String fixtureId,
        Map<String, Object> customData) implements DomainEvent {

    /**
     * @throws NullPointerException for a null {@code unitId} or {@code result}
     * @throws IllegalArgumentException when {@code customData} holds a value outside the payload model
     */
    public TestResultEvent {
        Objects.requireNonNull(unitId, "unitId");
        Objects.requireNonNull(result, "result");
        startTime = DomainValues.microsOrNow(startTime);
        endTime = DomainValues.micros(endTime);
        steps = DomainValues.copyList(steps, "steps");
        customData = DomainValues.freezeMap(customData, "custom_data");
    }

    public static Builder builder(String unitId) {
        return new Builder(unitId);
    }

    @Override
    public EventType eventType() {
        return EventType.TEST_RESULT;
    }

    /** {@code endTime - startTime} in milliseconds when the end is set. */
    public OptionalDouble durationMs() {
        return Durations.millisBetween(startTime, endTime);
    }

    /** Whether the result is {@link TestResult#PASS} (anything else, {@code SKIPPED} included, is not). */
    public boolean passed() {
        return result == TestResult.PASS;
    }

    /** The number of measurements over all steps. */
    public int measurementCount() {
        int count = 0;
        for (TestStep step : steps) {
            count += step.measurements().size();
        }
        return count;
    }

    /**
     * Keys: unit_id, result, part_number, revision, station_id, operator_id, start_time, end_time,
     * steps, custom_data (Python's), then test_socket, batch_sn, fixture_id (which Python
     * drops, D15: lossless domain serialization).
     */
    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>(32);
        map.put("unit_id", unitId);
        map.put("result", result.value());
        map.put("part_number", partNumber);
        map.put("revision", revision);
        map.put("station_id", stationId);
        map.put("operator_id", operatorId);
        map.put("start_time", DomainValues.format(startTime));
        map.put("end_time", DomainValues.format(endTime));
        map.put("steps", DomainValues.toMaps(steps, TestStep::toMap));
        map.put("custom_data", customData);
        map.put("test_socket", DomainValues.toLong(testSocket));
        map.put("batch_sn", batchSn);
        map.put("fixture_id", fixtureId);
        return map;
    }

    /**
     * Reads the {@link #toMap()} form, and Python's {@code to_dict()} (absent keys take the defaults).
     *
     * @throws IllegalArgumentException naming the field when a value is missing or of the wrong type
     */
    public static TestResultEvent fromMap(Map<String, ?> data) {
        FieldReader fields = FieldReader.of(data, "TestResultEvent");
        List<TestStep> steps = new ArrayList<>();
        for (FieldReader step : fields.records("steps")) {
            steps.add(TestStep.read(step));
        }
        return new TestResultEvent(
                fields.requiredString("unit_id"),
                fields.enumValue("result", TestResult.class, TestResult::fromValue, TestResult.PASS),
                fields.string("part_number"),
                fields.string("revision"),
                fields.string("station_id"),
                fields.string("operator_id"),
                fields.time("start_time"),
                fields.time("end_time"),
                steps,
                fields.integer("test_socket"),
                fields.string("batch_sn"),
                fields.string("fixture_id"),
                fields.map("custom_data"));
    }

    /** Builds a test result; unset properties take the Python defaults. */
    public static final class Builder {
        private final String unitId;
        private TestResult result = TestResult.PASS;
        private String partNumber;
        private String revision;
        private String stationId;
        private String operatorId;
        private OffsetDateTime startTime;
        private OffsetDateTime endTime;
        private final List<TestStep> steps = new ArrayList<>();
        private Integer testSocket;
        private String batchSn;
        private String fixtureId;
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

        public Builder revision(String revision) {
            this.revision = revision;
            return this;
        }

        public Builder stationId(String stationId) {
            this.stationId = stationId;
            return this;
        }

        public Builder operatorId(String operatorId) {
            this.operatorId = operatorId;
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

        /** Replaces the steps ({@code null} clears them). */
        public Builder steps(List<TestStep> steps) {
            this.steps.clear();
            if (steps != null) {
                this.steps.addAll(steps);
            }
            return this;
        }

        public Builder addStep(TestStep step) {
            steps.add(Objects.requireNonNull(step, "step"));
            return this;
        }

        public Builder testSocket(Integer testSocket) {
            this.testSocket = testSocket;
            return this;
        }

        public Builder batchSn(String batchSn) {
            this.batchSn = batchSn;
            return this;
        }

        public Builder fixtureId(String fixtureId) {
            this.fixtureId = fixtureId;
            return this;
        }

        /** The free-form data, copied at {@link #build()}; values must be payload values. */
        public Builder customData(Map<String, ?> customData) {
            this.customData = customData;
            return this;
        }

        @SuppressWarnings("unchecked")
        public TestResultEvent build() {
            return new TestResultEvent(unitId, result, partNumber, revision, stationId, operatorId, startTime,
                    endTime, steps, testSocket, batchSn, fixtureId, (Map<String, Object>) customData);
        }
    }
}
