package io.linebus.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linebus.models.Event;
import io.linebus.models.EventType;
import io.linebus.models.domain.AssetFaultEvent;
import io.linebus.models.domain.InspectionResultEvent;
import io.linebus.models.domain.MaterialInstalledEvent;
import io.linebus.models.domain.TestMeasurement;
import io.linebus.models.domain.TestResult;
import io.linebus.models.domain.TestResultEvent;
import io.linebus.models.domain.TestStep;
import io.linebus.models.domain.WorkCompletedEvent;
import io.linebus.models.domain.WorkStartedEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LineSimulatorTest {
    private static final int EVENTS = 60_000;

    @Test
    void theSameSeedGivesTheSameLine() {
        LineSimulator first = new LineSimulator(4, 7);
        LineSimulator second = new LineSimulator(4, 7);
        LineSimulator other = new LineSimulator(4, 8);
        List<String> a = new ArrayList<>();
        List<String> b = new ArrayList<>();
        List<String> c = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            a.add(fingerprint(first.next()));
            b.add(fingerprint(second.next()));
            c.add(fingerprint(other.next()));
        }
        assertThat(a).isEqualTo(b).isNotEqualTo(c);
        assertThat(first.produced()).isEqualTo(5_000);
    }

    @Test
    void eventsCarryTheirStationAsSourceAndASequenceNumber() {
        LineSimulator line = new LineSimulator(3, 1);
        assertThat(line.stationIds()).containsExactly("ICT-01", "FCT-02", "ICT-03");
        for (long i = 0; i < 100; i++) {
            Event event = line.next();
            assertThat(event.metadata().custom()).containsEntry(LineSimulator.SEQUENCE_KEY, i);
            assertThat(line.stationIds()).contains(event.source());
        }
    }

    @Test
    void everyUnitGoesThroughTheStationInOrder() {
        LineSimulator line = new LineSimulator(3, 42);
        Map<String, List<EventType>> flows = new LinkedHashMap<>();
        Map<String, List<Long>> attempts = new HashMap<>();
        for (int i = 0; i < EVENTS; i++) {
            Event event = line.next();
            Object unit = event.payload().get("unit_id");
            if (unit != null) {
                flows.computeIfAbsent((String) unit, key -> new ArrayList<>()).add(event.eventType());
            }
            if (event.eventType() == EventType.TEST_RESULT) {
                TestResultEvent result = TestResultEvent.fromMap(event.payload());
                attempts.computeIfAbsent(result.unitId(), key -> new ArrayList<>())
                        .add((Long) result.customData().get(LineSimulator.ATTEMPT_KEY));
            }
        }
        int complete = 0;
        int retested = 0;
        for (Map.Entry<String, List<EventType>> flow : flows.entrySet()) {
            List<EventType> types = flow.getValue();
            if (!types.contains(EventType.WORK_COMPLETED)) {
                continue; // still on its way when the stream was cut
            }
            complete++;
            assertThat(types.subList(0, 3)).containsExactly(EventType.WORK_STARTED, EventType.MATERIAL_INSTALLED,
                    EventType.TEST_RESULT);
            assertThat(types.subList(types.size() - 2, types.size()))
                    .containsExactly(EventType.INSPECTION_RESULT, EventType.WORK_COMPLETED);
            List<Long> tries = attempts.get(flow.getKey());
            assertThat(tries).hasSize(types.size() - 4).isEqualTo(
                    LongStream.rangeClosed(1, tries.size()).boxed().toList());
            if (tries.size() > 1) {
                retested++;
            }
        }
        assertThat(complete).isGreaterThan(10_000);
        // About 4.5 % of first tests fail and are retested.
        assertThat(retested).isBetween(complete * 3 / 100, complete * 6 / 100);
    }

    @Test
    void testResultsHaveStepsWithMeasurementsWithinOrOutsideTheirLimits() {
        LineSimulator line = new LineSimulator(2, 3);
        int failed = 0;
        int passed = 0;
        for (int i = 0; i < EVENTS; i++) {
            Event event = line.next();
            if (event.eventType() != EventType.TEST_RESULT) {
                continue;
            }
            TestResultEvent result = TestResultEvent.fromMap(event.payload());
            assertThat(result.partNumber()).isEqualTo("PCBA-7781-01");
            assertThat(result.endTime()).isAfter(result.startTime());
            assertThat(result.customData().get(LineSimulator.PROGRAM_KEY)).isIn("ICT", "FCT");
            List<TestStep> steps = result.steps();
            assertThat(steps).isNotEmpty();
            if (result.passed()) {
                passed++;
                assertThat(steps).allSatisfy(step -> {
                    assertThat(step.status()).isEqualTo(TestResult.PASS);
                    assertThat(step.measurements()).allSatisfy(m -> assertThat(m.isWithinLimits()).isTrue());
                });
            } else {
                failed++;
                // Stop on first failure: the last step failed, the others passed.
                TestStep last = steps.get(steps.size() - 1);
                assertThat(last.status()).isEqualTo(TestResult.FAIL);
                assertThat(steps.subList(0, steps.size() - 1)).allSatisfy(step -> assertThat(step.status())
                        .isEqualTo(TestResult.PASS));
                if (last.measurements().isEmpty()) {
                    assertThat(last.message()).isNotBlank();
                } else {
                    assertThat(last.measurements()).filteredOn(m -> !m.isWithinLimits()).hasSize(1)
                            .allSatisfy(m -> assertThat(m.status()).isEqualTo(TestResult.FAIL));
                }
            }
            for (TestStep step : steps) {
                for (TestMeasurement measurement : step.measurements()) {
                    assertThat(measurement.lowLimit()).isLessThan(measurement.highLimit());
                    assertThat(measurement.status()).isEqualTo(measurement.isWithinLimits() ? TestResult.PASS : TestResult.FAIL);
                }
            }
        }
        assertThat(passed).isPositive();
        assertThat(failed).isPositive();
    }

    @Test
    void everyDomainEventReadsBackWithItsTypedModel() {
        LineSimulator line = new LineSimulator(4, 11);
        Map<EventType, Integer> seen = new HashMap<>();
        for (int i = 0; i < EVENTS; i++) {
            Event event = line.next();
            seen.merge(event.eventType(), 1, Integer::sum);
            switch (event.eventType()) {
                case WORK_STARTED -> assertThat(WorkStartedEvent.fromMap(event.payload()).workOrderId()).startsWith("WO-");
                case MATERIAL_INSTALLED -> assertThat(MaterialInstalledEvent.fromMap(event.payload()).componentCount()).isEqualTo(4);
                case INSPECTION_RESULT -> {
                    InspectionResultEvent inspection = InspectionResultEvent.fromMap(event.payload());
                    assertThat(inspection.inspectionType()).isEqualTo("aoi");
                    assertThat(inspection.defects().isEmpty()).isEqualTo(inspection.result() == TestResult.PASS);
                }
                case WORK_COMPLETED -> assertThat(WorkCompletedEvent.fromMap(event.payload()).startTime()).isNotNull();
                case ASSET_FAULT -> assertThat(AssetFaultEvent.fromMap(event.payload()).faultCode()).matches("[EW]-\\d{3}");
                default -> { }
            }
        }
        assertThat(seen).containsKeys(EventType.WORK_STARTED, EventType.MATERIAL_INSTALLED, EventType.TEST_RESULT,
                EventType.INSPECTION_RESULT, EventType.WORK_COMPLETED, EventType.ASSET_FAULT,
                EventType.ASSET_STATE_CHANGED);
    }

    @Test
    void faultsAreClearedAgainAndTheStationStopsWhileDown() {
        LineSimulator line = new LineSimulator(1, 5);
        Map<String, Boolean> open = new HashMap<>();
        int raised = 0;
        int cleared = 0;
        for (int i = 0; i < EVENTS; i++) {
            Event event = line.next();
            if (event.eventType() == EventType.ASSET_FAULT) {
                AssetFaultEvent fault = AssetFaultEvent.fromMap(event.payload());
                if (fault.cleared()) {
                    assertThat(open.remove(fault.faultCode())).as("cleared %s was open", fault.faultCode()).isTrue();
                    assertThat(fault.clearedTime()).isAfterOrEqualTo(fault.timestamp());
                    cleared++;
                } else {
                    assertThat(open).as("one fault at a time").isEmpty();
                    open.put(fault.faultCode(), true);
                    raised++;
                }
            } else if (event.payload().containsKey("unit_id")) {
                assertThat(open).as("no unit while the station is down").isEmpty();
            }
        }
        assertThat(raised).isPositive();
        assertThat(cleared).isBetween(raised - 1, raised);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 100})
    void aStationCountOutOfRangeIsRejected(int stations) {
        assertThatThrownBy(() -> new LineSimulator(stations, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("stations must be in 1..99, got " + stations);
    }

    /** The event without what differs between runs (ids and times). */
    private static String fingerprint(Event event) {
        Map<String, Object> payload = new LinkedHashMap<>(event.payload());
        payload.keySet().removeIf(key -> key.endsWith("time") || key.equals("timestamp") || key.equals("steps")
                || key.equals("components"));
        Object steps = event.payload().get("steps");
        return event.eventType() + " " + event.source() + " " + payload + " " + stepValues(steps);
    }

    private static String stepValues(Object steps) {
        if (!(steps instanceof List<?> list)) {
            return "";
        }
        StringBuilder values = new StringBuilder();
        for (Object step : list) {
            Map<?, ?> map = (Map<?, ?>) step;
            values.append(map.get("name")).append('=').append(map.get("status")).append(map.get("measurements")).append(';');
        }
        return values.toString();
    }
}
