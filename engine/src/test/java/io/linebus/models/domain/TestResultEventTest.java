package io.linebus.models.domain;

import static io.linebus.models.domain.DomainSamples.END;
import static io.linebus.models.domain.DomainSamples.OTHER_OFFSET;
import static io.linebus.models.domain.DomainSamples.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.linebus.models.Event;
import io.linebus.models.EventJson;
import io.linebus.models.EventType;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TestResultEventTest {

    @Test
    void builderFillsPythonDefaults() {
        TestResultEvent result = TestResultEvent.builder("SN-1").build();

        assertThat(result.unitId()).isEqualTo("SN-1");
        assertThat(result.result()).isEqualTo(TestResult.PASS);
        assertThat(Arrays.asList(result.partNumber(), result.revision(), result.stationId(), result.operatorId(),
                result.endTime(), result.testSocket(), result.batchSn(), result.fixtureId())).containsOnlyNulls();
        assertThat(result.steps()).isEmpty();
        assertThat(result.customData()).isEmpty();
        assertThat(result.startTime().getOffset()).isEqualTo(ZoneOffset.UTC);
        assertThat(result.startTime().getNano() % 1000).isZero();
    }

    @Test
    void rejectsNullForRequiredAndDefaultedComponents() {
        assertThatThrownBy(() -> TestResultEvent.builder(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("unitId");
        assertThatThrownBy(() -> TestResultEvent.builder("SN").result(null).build())
                .isInstanceOf(NullPointerException.class).hasMessage("result");
        assertThatThrownBy(() -> TestResultEvent.builder("SN").addStep(null))
                .isInstanceOf(NullPointerException.class).hasMessage("step");
        List<TestStep> withNull = new ArrayList<>();
        withNull.add(TestStep.builder("a").build());
        withNull.add(null);
        assertThatThrownBy(() -> TestResultEvent.builder("SN").steps(withNull).build())
                .isInstanceOf(NullPointerException.class).hasMessage("steps[1]");
    }

    @Test
    void nullCollectionsBecomeEmpty() {
        TestResultEvent result = new TestResultEvent("SN", TestResult.PASS, null, null, null, null, START, null,
                null, null, null, null, null);
        assertThat(result.steps()).isEmpty();
        assertThat(result.customData()).isEmpty();
    }

    // D14
    @Test
    void holdsUnmodifiableCopies() {
        List<TestStep> steps = new ArrayList<>(List.of(TestStep.builder("a").build()));
        Map<String, Object> custom = new LinkedHashMap<>(Map.of("k", new ArrayList<>(List.of(1))));
        TestResultEvent result = TestResultEvent.builder("SN").steps(steps).customData(custom).build();

        steps.add(TestStep.builder("b").build());
        custom.put("k2", 2);

        assertThat(result.steps()).hasSize(1);
        assertThat(result.customData()).isEqualTo(Map.of("k", List.of(1L)));
        assertThatThrownBy(() -> result.steps().add(TestStep.builder("c").build()))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> result.customData().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void rejectsCustomDataOutsideThePayloadModel() {
        assertThatThrownBy(() -> TestResultEvent.builder("SN").customData(Map.of("when", START)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'custom_data.when'");
    }

    @Test
    void keepsMicrosecondsOnlyAsPythonDoes() {
        OffsetDateTime nanos = OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 123_456_789, ZoneOffset.UTC);
        TestResultEvent result = TestResultEvent.builder("SN").startTime(nanos).endTime(nanos).build();
        assertThat(result.startTime().getNano()).isEqualTo(123_456_000);
        assertThat(result.endTime().getNano()).isEqualTo(123_456_000);
        assertThat(TestResultEvent.fromMap(result.toMap())).isEqualTo(result);
    }

    @ParameterizedTest
    @EnumSource(TestResult.class)
    void passedOnlyForPass(TestResult status) {
        assertThat(TestResultEvent.builder("SN").result(status).build().passed()).isEqualTo(status == TestResult.PASS);
    }

    @Test
    void countsMeasurementsOverAllSteps() {
        assertThat(DomainSamples.testResult().measurementCount()).isEqualTo(2);
        assertThat(TestResultEvent.builder("SN").build().measurementCount()).isZero();
    }

    @Test
    void durationIsPythonsTotalSecondsTimesThousand() {
        assertThat(TestResultEvent.builder("SN").startTime(START).endTime(END).build().durationMs())
                .hasValue(12345.678);
        assertThat(TestResultEvent.builder("SN").startTime(END).endTime(START).build().durationMs())
                .hasValue(-12345.678);
        assertThat(TestResultEvent.builder("SN").startTime(START).endTime(OTHER_OFFSET).build().durationMs())
                .hasValue(60500.0);
        assertThat(TestResultEvent.builder("SN").startTime(START).endTime(START.plusNanos(1000)).build()
                .durationMs()).hasValue(0.001);
        assertThat(TestResultEvent.builder("SN").startTime(START)
                .endTime(START.plus(Duration.ofDays(3)).plusNanos(7000)).build().durationMs())
                .hasValue(259200000.007);
        assertThat(TestResultEvent.builder("SN").build().durationMs()).isEmpty();
    }

    @Test
    void toMapWritesPythonKeysFirstThenTheDroppedOnes() {
        Map<String, Object> map = DomainSamples.testResult().toMap();

        assertThat(map.keySet()).containsExactly("unit_id", "result", "part_number", "revision", "station_id",
                "operator_id", "start_time", "end_time", "steps", "custom_data", "test_socket", "batch_sn",
                "fixture_id");
        assertThat(map).containsEntry("result", "fail")
                .containsEntry("start_time", "2026-01-26T08:30:00+00:00")
                .containsEntry("end_time", "2026-01-26T08:30:12.345678+00:00")
                .containsEntry("test_socket", 2L)
                .containsEntry("custom_data", Map.of("cfx_transaction_id", "5c8e7f0a", "lane", 1L,
                        "defects", List.of("D1")));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> steps = (List<Map<String, Object>>) map.get("steps");
        assertThat(steps.get(0).keySet()).containsExactly("name", "status", "measurements", "start_time",
                "end_time", "message", "step_type");
        assertThat(steps.get(0)).containsEntry("status", "fail").containsEntry("step_type", "numeric");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> measurements = (List<Map<String, Object>>) steps.get(0).get("measurements");
        assertThat(measurements.get(0)).containsExactly(
                Map.entry("name", "V3V3"), Map.entry("value", 3.301), Map.entry("unit", "V"),
                Map.entry("status", "pass"), Map.entry("low_limit", 3.135), Map.entry("high_limit", 3.465),
                Map.entry("nominal", 3.3), Map.entry("comp_op", "GELE"));
    }

    /** What Python's to_dict() gives (no test_socket, step times, nominal ...) reads with the defaults. */
    @Test
    void readsPythonsShorterForm() {
        Event event = EventJson.fromJson("{\"event_type\": \"test.result\", \"payload\": {\"unit_id\": \"SN-1\", "
                + "\"result\": \"fail\", \"part_number\": null, \"revision\": null, \"station_id\": \"T1\", "
                + "\"operator_id\": null, \"start_time\": \"2026-01-26T08:30:00\", \"end_time\": null, "
                + "\"steps\": [{\"name\": \"s1\", \"status\": \"error\", \"measurements\": [{\"name\": \"m\", "
                + "\"value\": 5, \"unit\": \"?\", \"status\": \"pass\", \"low_limit\": 0, \"high_limit\": 10.5}]}], "
                + "\"custom_data\": {}}}");

        TestResultEvent result = TestResultEvent.fromMap(event.payload());

        assertThat(event.eventType()).isEqualTo(EventType.TEST_RESULT);
        assertThat(result.unitId()).isEqualTo("SN-1");
        assertThat(result.result()).isEqualTo(TestResult.FAIL);
        assertThat(result.startTime()).isEqualTo(START);
        assertThat(result.testSocket()).isNull();
        TestStep step = result.steps().get(0);
        assertThat(step.status()).isEqualTo(TestResult.ERROR);
        assertThat(step.stepType()).isEqualTo("passfail");
        assertThat(step.startTime()).isNull();
        TestMeasurement measurement = step.measurements().get(0);
        assertThat(measurement.value()).isEqualTo(5.0);
        assertThat(measurement.lowLimit()).isEqualTo(0.0);
        assertThat(measurement.highLimit()).isEqualTo(10.5);
        assertThat(measurement.compOp()).isEqualTo("GELE");
        assertThat(measurement.nominal()).isNull();
        // Written back, Python's keys come first; numbers are doubles now, as the fields are.
        @SuppressWarnings("unchecked")
        Map<String, Object> writtenStep = ((List<Map<String, Object>>) result.toMap().get("steps")).get(0);
        assertThat(writtenStep).containsEntry("name", "s1").containsEntry("status", "error");
        @SuppressWarnings("unchecked")
        Map<String, Object> writtenMeasurement = ((List<Map<String, Object>>) writtenStep.get("measurements")).get(0);
        assertThat(writtenMeasurement).containsExactly(entry("name", "m"), entry("value", 5.0),
                entry("unit", "?"), entry("status", "pass"), entry("low_limit", 0.0),
                entry("high_limit", 10.5), entry("nominal", null), entry("comp_op", "GELE"));
    }

    @Test
    void fromMapAcceptsTypedValuesToo() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("unit_id", "SN");
        map.put("result", TestResult.ABORTED);
        map.put("start_time", START);
        map.put("test_socket", 3.0);
        TestResultEvent result = TestResultEvent.fromMap(map);
        assertThat(result.result()).isEqualTo(TestResult.ABORTED);
        assertThat(result.startTime()).isEqualTo(START);
        assertThat(result.testSocket()).isEqualTo(3);
    }

    @Test
    void fromMapNamesTheFieldItRejects() {
        assertRejected(Map.of(), "TestResultEvent: field 'unit_id' is required");
        assertRejected(Map.of("unit_id", 5L), "TestResultEvent: field 'unit_id' must be a string, got Long 5");
        assertRejected(Map.of("unit_id", "SN", "result", "passed"),
                "TestResultEvent: field 'result' is invalid: Unknown TestResult value 'passed'; "
                        + "allowed: pass, fail, error, skipped, aborted");
        assertRejected(Map.of("unit_id", "SN", "result", true), "field 'result' must be a TestResult value");
        assertRejected(Map.of("unit_id", "SN", "steps", "x"), "field 'steps' must be a list, got String 'x'");
        assertRejected(Map.of("unit_id", "SN", "steps", List.of("x")), "field 'steps[0]' must be a map");
        assertRejected(Map.of("unit_id", "SN", "steps", List.of(Map.of())), "field 'steps[0].name' is required");
        assertRejected(Map.of("unit_id", "SN", "steps", List.of(Map.of("name", "s", "measurements",
                List.of(Map.of("name", "a"), Map.of("name", "b", "value", "abc"))))),
                "TestResultEvent: field 'steps[0].measurements[1].value' must be a number, got String 'abc'");
        assertRejected(Map.of("unit_id", "SN", "steps", List.of(Map.of("name", "s", "start_time", "soon"))),
                "field 'steps[0].start_time' must be an ISO-8601 timestamp, got String 'soon'");
        assertRejected(Map.of("unit_id", "SN", "test_socket", 1.5), "field 'test_socket' must be a whole number");
        assertRejected(Map.of("unit_id", "SN", "test_socket", 1L << 40), "field 'test_socket' must be a whole number");
        assertRejected(Map.of("unit_id", "SN", "start_time", 17L), "field 'start_time' must be an ISO-8601 timestamp");
        assertRejected(Map.of("unit_id", "SN", "custom_data", List.of()), "field 'custom_data' must be a map");
        assertThatThrownBy(() -> TestResultEvent.fromMap(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("data");
    }

    private static void assertRejected(Map<String, ?> map, String message) {
        assertThatThrownBy(() -> TestResultEvent.fromMap(map))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }
}
