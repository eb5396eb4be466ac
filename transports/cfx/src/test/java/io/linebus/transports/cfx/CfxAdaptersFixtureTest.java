package io.linebus.transports.cfx;

import static io.linebus.transports.cfx.CfxFixtures.MESSAGE_TIME;
import static io.linebus.transports.cfx.CfxFixtures.SOURCE;
import static io.linebus.transports.cfx.CfxFixtures.assertRoundTrips;
import static org.assertj.core.api.Assertions.assertThat;

import io.linebus.models.Event;
import io.linebus.models.EventType;
import io.linebus.models.domain.AssetFaultEvent;
import io.linebus.models.domain.AssetState;
import io.linebus.models.domain.AssetStateChangedEvent;
import io.linebus.models.domain.SeverityLevel;
import io.linebus.models.domain.TestMeasurement;
import io.linebus.models.domain.TestResult;
import io.linebus.models.domain.TestResultEvent;
import io.linebus.models.domain.TestStep;
import io.linebus.models.domain.UnitDisqualifiedEvent;
import io.linebus.models.domain.WorkStartedEvent;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every shared CFX fixture mapped and checked field by field against the fixture's values. The
 * bodies are wrapped in an envelope from {@link CfxFixtures#SOURCE} at
 * {@link CfxFixtures#TIME_STAMP}, as they arrive on the wire.
 */
class CfxAdaptersFixtureTest {
    private final CfxAdapters adapters = new CfxAdapters("line-7");

    private static void assertMetadata(Event event, String messageName, String correlationId) {
        assertThat(event.source()).isEqualTo("cfx:" + SOURCE);
        assertThat(event.metadata().sourceTopic()).isEqualTo(messageName);
        assertThat(event.metadata().correlationId()).isEqualTo(correlationId);
        assertThat(event.timestamp()).isEqualTo(MESSAGE_TIME);
        assertThat(event.metadata().traceId()).matches("[0-9a-f]{32}");
        assertThat(event.metadata().retryCount()).isZero();
        assertThat(event.metadata().custom()).containsExactly(
                Map.entry("cfx_message_name", messageName),
                Map.entry("cfx_unique_id", CfxFixtures.UNIQUE_ID));
    }

    @Test
    void unitsTestedIctPanel() {
        List<Event> events = adapters.toEvents(
                CfxFixtures.enveloped(CfxMessageNames.UNITS_TESTED, CfxFixtures.UNITS_TESTED));

        assertThat(events).hasSize(2).allSatisfy(event -> {
            assertThat(event.eventType()).isEqualTo(EventType.TEST_RESULT);
            assertMetadata(event, CfxMessageNames.UNITS_TESTED, "c16bb3f4-8088-4697-b789-80faec48ac5a");
            assertRoundTrips(event, TestResultEvent::fromMap);
        });
        assertThat(events.get(0).metadata().traceId()).isEqualTo(events.get(1).metadata().traceId());

        TestResultEvent first = TestResultEvent.fromMap(events.get(0).payload());
        assertThat(first.unitId()).isEqualTo("PANEL34543535");
        assertThat(first.result()).isEqualTo(TestResult.PASS);
        assertThat(first.partNumber()).isNull();
        assertThat(first.revision()).isNull();
        assertThat(first.stationId()).isEqualTo(SOURCE);
        assertThat(first.operatorId()).isEqualTo("BADGE489499");
        // No test has a time: the message time, not the processing time (D27).
        assertThat(first.startTime()).isEqualTo(MESSAGE_TIME);
        assertThat(first.endTime()).isNull();
        assertThat(first.steps()).containsExactly(
                TestStep.builder("RESISTANCE_CHECK_R21")
                        .status(TestResult.PASS)
                        .addMeasurement(r2xMeasurement("RESISTANCE_MEASUREMENT_R21"))
                        .build(),
                TestStep.builder("RESISTANCE_CHECK_R22").status(TestResult.FAIL).build());
        Map<String, Object> firstCustom = new LinkedHashMap<>();
        firstCustom.put("cfx_transaction_id", "c16bb3f4-8088-4697-b789-80faec48ac5a");
        firstCustom.put("test_method", "Automated");
        firstCustom.put("recipe_name", null);
        firstCustom.put("recipe_revision", null);
        firstCustom.put("lane", null);
        firstCustom.put("stage", null);
        firstCustom.put("symptoms", List.of("RESFAIL2"));
        firstCustom.put("defects", List.of());
        firstCustom.put("unit_position", 1L);
        assertThat(first.customData()).containsExactlyEntriesOf(firstCustom);

        TestResultEvent second = TestResultEvent.fromMap(events.get(1).payload());
        assertThat(second.unitId()).isEqualTo("PANEL34543535");
        assertThat(second.result()).isEqualTo(TestResult.PASS);
        assertThat(second.stationId()).isEqualTo(SOURCE);
        assertThat(second.operatorId()).isEqualTo("BADGE489499");
        assertThat(second.steps()).containsExactly(
                TestStep.builder("RESISTANCE_CHECK_R21").addMeasurement(r2xMeasurement("RESISTANCE_MEASUREMENT_R21"))
                        .build(),
                TestStep.builder("RESISTANCE_CHECK_R22").addMeasurement(r2xMeasurement("RESISTANCE_MEASUREMENT_R22"))
                        .build());
        assertThat(second.measurementCount()).isEqualTo(2);
        assertThat(second.customData())
                .containsEntry("symptoms", List.of())
                .containsEntry("defects", List.of())
                .containsEntry("unit_position", 2L);
    }

    /**
     * The fixture's NumericMeasurement: Value 28300.0 in Ohm, limits and expectation in kOhm,
     * carried as they are (no unit conversion).
     */
    private static TestMeasurement r2xMeasurement(String name) {
        return TestMeasurement.builder(name)
                .value(28300.0)
                .unit("Ohm")
                .status(TestResult.PASS)
                .lowLimit(28.0)
                .highLimit(28.4)
                .nominal(28.2)
                .build();
    }

    @Test
    void faultOccurred() {
        List<Event> events = adapters.toEvents(
                CfxFixtures.enveloped(CfxMessageNames.FAULT_OCCURRED, CfxFixtures.FAULT_OCCURRED));

        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.eventType()).isEqualTo(EventType.ASSET_FAULT);
            assertMetadata(event, CfxMessageNames.FAULT_OCCURRED, "ea170e0a-43fb-4b02-af2c-928a8401dd51");
            assertRoundTrips(event, AssetFaultEvent::fromMap);
        });
        AssetFaultEvent fault = AssetFaultEvent.fromMap(events.get(0).payload());
        assertThat(fault.assetId()).isEqualTo(SOURCE);
        assertThat(fault.faultCode()).isEqualTo("ERROR 3943480");
        // Description is null: the cause describes the fault.
        assertThat(fault.faultMessage()).isEqualTo("MechanicalFailure");
        assertThat(fault.severity()).isEqualTo(SeverityLevel.ERROR);
        // OccurredAt, at microsecond precision, with its offset (D27).
        assertThat(fault.timestamp()).isEqualTo(OffsetDateTime.parse("2018-10-31T15:13:31.008359-04:00"));
        assertThat(fault.cleared()).isFalse();
        assertThat(fault.clearedTime()).isNull();
        Map<String, Object> custom = new LinkedHashMap<>();
        custom.put("fault_occurrence_id", "ea170e0a-43fb-4b02-af2c-928a8401dd51");
        custom.put("occurrence_type", null);
        custom.put("component_of_interest", null);
        custom.put("related_units", List.of());
        custom.put("lane", null);
        custom.put("stage", null);
        custom.put("cause", "MechanicalFailure");
        custom.put("side_location", "Unknown");
        custom.put("access_type", "Unknown");
        custom.put("due_date_time", null);
        assertThat(fault.customData()).containsExactlyEntriesOf(custom);
    }

    @Test
    void stationStateChangedWithFault() {
        List<Event> events = adapters.toEvents(
                CfxFixtures.enveloped(CfxMessageNames.STATION_STATE_CHANGED, CfxFixtures.STATION_STATE_CHANGED));

        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.eventType()).isEqualTo(EventType.ASSET_STATE_CHANGED);
            // Correlated with the fault that caused the stoppage.
            assertMetadata(event, CfxMessageNames.STATION_STATE_CHANGED, "3de0cfce-42f4-4302-982b-96dba4ec3de0");
            assertRoundTrips(event, AssetStateChangedEvent::fromMap);
        });
        AssetStateChangedEvent change = AssetStateChangedEvent.fromMap(events.get(0).payload());
        assertThat(change.assetId()).isEqualTo(SOURCE);
        // SEMI E10 5500 USD_ChangeOfConsumables (unscheduled downtime), 1100 PRD_RegularWork (productive).
        assertThat(change.newState()).isEqualTo(AssetState.MAINTENANCE);
        assertThat(change.previousState()).isEqualTo(AssetState.BUSY);
        assertThat(change.timestamp()).isEqualTo(MESSAGE_TIME);
        assertThat(change.reason()).isEqualTo("MechanicalFailure (ERROR 3943480)");
        Map<String, Object> relatedFault = new LinkedHashMap<>();
        relatedFault.put("fault_code", "ERROR 3943480");
        relatedFault.put("cause", "MechanicalFailure");
        relatedFault.put("severity", "error");
        relatedFault.put("fault_occurrence_id", "3de0cfce-42f4-4302-982b-96dba4ec3de0");
        Map<String, Object> custom = new LinkedHashMap<>();
        custom.put("cfx_old_state", "1100");
        custom.put("cfx_new_state", "5500");
        custom.put("old_state_duration_seconds", 25.0);
        custom.put("related_fault", relatedFault);
        assertThat(change.customData()).containsExactlyEntriesOf(custom);
    }

    @Test
    void workStarted() {
        List<Event> events = adapters.toEvents(
                CfxFixtures.enveloped(CfxMessageNames.WORK_STARTED, CfxFixtures.WORK_STARTED));

        assertThat(events).hasSize(2).allSatisfy(event -> {
            assertThat(event.eventType()).isEqualTo(EventType.WORK_STARTED);
            // The fixture spells it TransactionID.
            assertMetadata(event, CfxMessageNames.WORK_STARTED, "2c24590d-39c5-4039-96a5-91900cecedfa");
            assertRoundTrips(event, WorkStartedEvent::fromMap);
        });
        for (int i = 0; i < 2; i++) {
            WorkStartedEvent started = WorkStartedEvent.fromMap(events.get(i).payload());
            assertThat(started.unitId()).isEqualTo("CARRIER5566");
            assertThat(started.stationId()).isEqualTo(SOURCE);
            assertThat(started.workOrderId()).isEqualTo("WO-1000-1000");
            assertThat(started.operatorId()).isNull();
            assertThat(started.timestamp()).isEqualTo(MESSAGE_TIME);
            assertThat(started.lane()).isEqualTo(1);
            Map<String, Object> custom = new LinkedHashMap<>();
            custom.put("cfx_transaction_id", "2c24590d-39c5-4039-96a5-91900cecedfa");
            custom.put("position_number", i + 1L);
            custom.put("position_name", "CIRCUIT" + (i + 1));
            custom.put("serial_number", "CARRIER5566");
            custom.put("stage", null);
            custom.put("primary_identifier", null);
            custom.put("recipe_name", "Recipe1");
            custom.put("recipe_revision", "2.0");
            custom.put("batch", "WO-1000-1000-B1");
            custom.put("unit_status", "Pass");
            assertThat(started.customData()).containsExactlyEntriesOf(custom);
        }
    }

    // D27: UnitsDisqualified always raised TypeError in Python.
    @Test
    void unitsDisqualified() {
        List<Event> events = adapters.toEvents(
                CfxFixtures.enveloped(CfxMessageNames.UNITS_DISQUALIFIED, CfxFixtures.UNITS_DISQUALIFIED));

        assertThat(events).hasSize(2).allSatisfy(event -> {
            assertThat(event.eventType()).isEqualTo(EventType.UNIT_DISQUALIFIED);
            // No TransactionId in the message: the envelope's RequestID correlates.
            assertMetadata(event, CfxMessageNames.UNITS_DISQUALIFIED, CfxFixtures.REQUEST_ID);
            assertRoundTrips(event, UnitDisqualifiedEvent::fromMap);
        });
        for (int i = 0; i < 2; i++) {
            UnitDisqualifiedEvent disqualified = UnitDisqualifiedEvent.fromMap(events.get(i).payload());
            assertThat(disqualified.unitId()).isEqualTo("CARRIER5566");
            assertThat(disqualified.reason()).isEqualTo("DefectiveRepairNotPossible");
            assertThat(disqualified.stationId()).isEqualTo(SOURCE);
            assertThat(disqualified.disqualificationType()).isEqualTo("scrapped");
            assertThat(disqualified.timestamp()).isEqualTo(MESSAGE_TIME);
            Map<String, Object> custom = new LinkedHashMap<>();
            custom.put("cfx_transaction_id", null);
            custom.put("lane", null);
            custom.put("stage", null);
            custom.put("comments", "The units were accidentally dropped, and irrepairably damaged");
            custom.put("position_number", i + 1L);
            custom.put("position_name", "CIRCUIT" + (i + 1));
            assertThat(disqualified.customData()).containsExactlyEntriesOf(custom);
        }
    }

    @Test
    void endpointConnectedEnvelopeIsACustomEvent() {
        CfxMessage message = CfxMessage.parse(CfxFixtures.text(CfxFixtures.ENVELOPE_ENDPOINT_CONNECTED));

        List<Event> events = adapters.toEvents(message);

        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.eventType()).isEqualTo(EventType.CUSTOM);
            assertThat(event.payload()).isEqualTo(Map.of(
                    "CFXHandle", "SMTPlus.Model_21232.SN23123",
                    "RequestNetworkUri", "amqp://host33/",
                    "RequestTargetAddress", "/queue/SN23123"));
            // Source is null: the configured endpoint names the sender.
            assertThat(event.source()).isEqualTo("cfx:line-7");
            assertThat(event.metadata().sourceTopic()).isEqualTo(CfxMessageNames.ENDPOINT_CONNECTED);
            assertThat(event.metadata().correlationId()).isNull();
            assertThat(event.timestamp()).isEqualTo(OffsetDateTime.parse("2018-03-26T16:52:25.376953-04:00"));
            assertThat(event.metadata().custom()).containsExactly(
                    Map.entry("cfx_message_name", CfxMessageNames.ENDPOINT_CONNECTED),
                    Map.entry("cfx_unique_id", "f3b2c8ec-50b7-4c63-9cb3-2ed57c01880f"));
            assertThat(io.linebus.models.EventJson.fromJson(io.linebus.models.EventJson.toJson(event)))
                    .isEqualTo(event);
        });
    }
}
