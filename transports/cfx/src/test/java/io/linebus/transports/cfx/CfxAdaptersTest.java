package io.linebus.transports.cfx;

import static io.linebus.transports.cfx.CfxFixtures.MESSAGE_TIME;
import static io.linebus.transports.cfx.CfxFixtures.SOURCE;
import static io.linebus.transports.cfx.CfxFixtures.assertRoundTrips;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.linebus.models.Event;
import io.linebus.models.EventJson;
import io.linebus.models.EventType;
import io.linebus.models.domain.AssetFaultEvent;
import io.linebus.models.domain.AssetState;
import io.linebus.models.domain.AssetStateChangedEvent;
import io.linebus.models.domain.InspectionResultEvent;
import io.linebus.models.domain.InstalledComponent;
import io.linebus.models.domain.MaterialInstalledEvent;
import io.linebus.models.domain.SeverityLevel;
import io.linebus.models.domain.TestMeasurement;
import io.linebus.models.domain.TestResult;
import io.linebus.models.domain.TestResultEvent;
import io.linebus.models.domain.TestStep;
import io.linebus.models.domain.WorkCompletedEvent;
import io.linebus.models.domain.WorkStartedEvent;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The mappings beyond the fixtures: hand-written bodies, the D27 fixes, unknown and malformed messages. */
class CfxAdaptersTest {
    private static final Instant NOW = Instant.parse("2026-02-01T10:00:00.123456789Z");
    private static final OffsetDateTime NOW_MICROS = OffsetDateTime.parse("2026-02-01T10:00:00.123456Z");

    private final CfxAdapters adapters = new CfxAdapters("line-7", Clock.fixed(NOW, ZoneOffset.UTC));

    private static CfxMessage bare(String messageName, String bodyJson) {
        return CfxMessage.of(messageName, EventJson.parseObject(bodyJson));
    }

    private static CfxMessage enveloped(String messageName, String bodyJson) {
        return CfxMessage.parse(CfxFixtures.envelope(messageName, bodyJson));
    }

    // --- UnitsTested in pyWATS' flat form, under pyWATS' message name --------------------------

    /** Hand-written: pyWATS' flat UnitsTested form (no SDK fixture has this form). */
    private static final String FLAT_UNITS_TESTED = """
            {
              "TransactionId": "0b5d6c1e-9a43-4c2f-8f0e-3d1a2b4c5d6e",
              "TestMethod": "",
              "Tester": "ICT-03",
              "TestedBy": "op-17",
              "RecipeName": "BoardX",
              "RecipeRevision": null,
              "TestStartTime": "2026-01-26T08:30:00",
              "TestEndTime": "2026-01-26T08:31:15Z",
              "Lane": 2,
              "Stage": "S1",
              "TestedUnits": [
                {
                  "UnitIdentifier": "SN-1",
                  "UnitPositionNumber": 1,
                  "OverallResult": "Error",
                  "RecipeRevision": "B",
                  "Symptoms": ["NO_BOOT"],
                  "Defects": ["PCB_SCRATCH"],
                  "Tests": [
                    {"TestName": "Voltage", "Result": "Passed", "DefectsFound": [], "Measurements": [
                      {"MeasurementName": "V3V3", "MeasuredValue": 3.31, "MeasurementUnits": "V", "Result": "Error",
                       "LowerLimit": 3.2, "UpperLimit": 3.4, "ExpectedValue": 3.3},
                      {"MeasurementName": "Count", "MeasuredValue": 7, "MeasurementUnits": "", "Result": "Failed"},
                      {"MeasurementName": "Label", "MeasuredValue": "OK-LABEL", "Result": "Aborted"}]},
                    {"TestName": "Boot", "Result": "Error", "TestStartTime": "2026-01-26T08:30:10",
                     "TestEndTime": "2026-01-26T08:30:40", "DefectsFound": ["U3_COLD_JOINT", "R5_MISSING"]},
                    {"TestName": "Flash", "Result": "Aborted"},
                    {"TestName": "Burn", "Result": "Terminated"}
                  ]
                }
              ]
            }
            """;

    @Test
    void unitsTestedInPywatsFlatForm() {
        List<Event> events = adapters.toEvents(bare(CfxMessageNames.UNITS_TESTED_PYWATS, FLAT_UNITS_TESTED));

        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.eventType()).isEqualTo(EventType.TEST_RESULT);
            assertThat(event.source()).isEqualTo("cfx:line-7");
            assertThat(event.metadata().correlationId()).isEqualTo("0b5d6c1e-9a43-4c2f-8f0e-3d1a2b4c5d6e");
            assertThat(event.metadata().sourceTopic()).isEqualTo(CfxMessageNames.UNITS_TESTED_PYWATS);
            assertRoundTrips(event, TestResultEvent::fromMap);
        });
        TestResultEvent result = TestResultEvent.fromMap(events.get(0).payload());
        assertThat(result.unitId()).isEqualTo("SN-1");
        assertThat(result.result()).isEqualTo(TestResult.FAIL);
        // A text Tester names the station (pyWATS' form), TestedBy the operator.
        assertThat(result.stationId()).isEqualTo("ICT-03");
        assertThat(result.operatorId()).isEqualTo("op-17");
        assertThat(result.startTime()).isEqualTo(OffsetDateTime.parse("2026-01-26T08:30:00Z"));
        assertThat(result.endTime()).isEqualTo(OffsetDateTime.parse("2026-01-26T08:31:15Z"));
        assertThat(result.steps()).containsExactly(
                TestStep.builder("Voltage").status(TestResult.PASS)
                        .addMeasurement(TestMeasurement.builder("V3V3").value(3.31).unit("V").status(TestResult.ERROR)
                                .lowLimit(3.2).highLimit(3.4).nominal(3.3).build())
                        .addMeasurement(TestMeasurement.builder("Count").value(7.0).status(TestResult.FAIL).build())
                        .addMeasurement(TestMeasurement.builder("Label").status(TestResult.ABORTED).build())
                        .build(),
                TestStep.builder("Boot").status(TestResult.ERROR)
                        .startTime(OffsetDateTime.parse("2026-01-26T08:30:10Z"))
                        .endTime(OffsetDateTime.parse("2026-01-26T08:30:40Z"))
                        .message("U3_COLD_JOINT, R5_MISSING")
                        .build(),
                TestStep.builder("Flash").status(TestResult.ABORTED).build(),
                TestStep.builder("Burn").status(TestResult.PASS).build());
        Map<String, Object> custom = new LinkedHashMap<>();
        custom.put("cfx_transaction_id", "0b5d6c1e-9a43-4c2f-8f0e-3d1a2b4c5d6e");
        custom.put("test_method", "CFX_TEST");
        custom.put("recipe_name", "BoardX");
        custom.put("recipe_revision", "B");
        custom.put("lane", 2L);
        custom.put("stage", "S1");
        custom.put("symptoms", List.of("NO_BOOT"));
        custom.put("defects", List.of("PCB_SCRATCH", "U3_COLD_JOINT", "R5_MISSING"));
        custom.put("unit_position", 1L);
        custom.put("non_numeric_values", List.of(Map.of("step", "Voltage", "measurement", "Label", "value", "OK-LABEL")));
        assertThat(result.customData()).containsExactlyEntriesOf(custom);
    }

    // D27: a measurement's Error result is error, not pass.
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"Passed, pass", "Failed, fail", "Error, error", "Aborted, aborted", "Terminated, pass",
            "Indeterminate, pass", "error, error"})
    void measurementResults(String cfx, String expected) {
        String body = "{\"TestedUnits\":[{\"UnitIdentifier\":\"U\",\"OverallResult\":\"Passed\",\"Tests\":[{\"TestName\":"
                + "\"T\",\"Result\":\"" + cfx + "\",\"Measurements\":[{\"MeasurementName\":\"M\",\"Result\":\"" + cfx
                + "\"}]}]}]}";

        TestResultEvent result = TestResultEvent.fromMap(
                adapters.toEvents(bare(CfxMessageNames.UNITS_TESTED, body)).get(0).payload());

        assertThat(result.steps().get(0).status().value()).isEqualTo(expected);
        assertThat(result.steps().get(0).measurements().get(0).status().value()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"Passed, pass", "Failed, fail", "Error, fail", "Aborted, fail", "Indeterminate, fail"})
    void overallResults(String cfx, String expected) {
        String body = "{\"TestedUnits\":[{\"UnitIdentifier\":\"U\",\"OverallResult\":\"" + cfx + "\"}]}";

        TestResultEvent result = TestResultEvent.fromMap(
                adapters.toEvents(bare(CfxMessageNames.UNITS_TESTED, body)).get(0).payload());

        assertThat(result.result().value()).isEqualTo(expected);
        assertThat(result.steps()).isEmpty();
    }

    @Test
    void stepTimesGiveTheTestTimesWhenTheMessageHasNone() {
        String body = """
                {"TestedUnits": [{"UnitIdentifier": "U", "OverallResult": "Passed", "Tests": [
                  {"TestName": "COLD_TEST", "TestStartTime": "2018-10-03T16:02:33.2842009-04:00",
                   "TestEndTime": "2018-10-03T16:03:05.2842009-04:00"},
                  {"TestName": "HOT_TEST", "TestStartTime": "2018-10-03T16:02:33.2831984-04:00",
                   "TestEndTime": "2018-10-03T16:03:04.0000000-04:00"}]}]}
                """;

        TestResultEvent result = TestResultEvent.fromMap(
                adapters.toEvents(bare(CfxMessageNames.UNITS_TESTED, body)).get(0).payload());

        assertThat(result.startTime()).isEqualTo(OffsetDateTime.parse("2018-10-03T16:02:33.283198-04:00"));
        assertThat(result.endTime()).isEqualTo(OffsetDateTime.parse("2018-10-03T16:03:05.284200-04:00"));
    }

    // --- UnitsInspected ---------------------------------------------------------------------

    /** Hand-written, shortened from the CFX SDK's AOI example of UnitsInspected (not a shared fixture). */
    private static final String UNITS_INSPECTED = """
            {
              "TransactionId": "14d48338-09b7-4d20-acb9-bf951270793a",
              "InspectionMethod": "AOI",
              "Inspector": {"OperatorIdentifier": "BADGE489499", "ActorType": "Human"},
              "InspectedUnits": [
                {"UnitIdentifier": "PANEL34543535", "UnitPositionNumber": 1, "OverallResult": "Passed",
                 "Inspections": [{"InspectionName": "INSPECT_R21", "Result": "Passed", "DefectsFound": []}]},
                {"UnitIdentifier": "PANEL34543535", "UnitPositionNumber": 2, "OverallResult": "Failed",
                 "Inspections": [
                   {"InspectionName": "INSPECT_R22", "Result": "Failed",
                    "InspectionStartTime": "2026-01-26T08:29:58.5-05:00", "InspectionEndTime": "2026-01-26T08:29:59-05:00",
                    "DefectsFound": [
                      {"DefectCode": "ISFSLD112", "DefectCategory": "Solder Problems",
                       "Description": "Insufficient Solder on R22, Lead 1",
                       "ComponentOfInterest": {"ReferenceDesignator": "R22.1", "PartNumber": "11123-8897"},
                       "DefectImages": [{"MimeType": "image/jpg", "ImageData": "rFRWd9iZ"}]}]},
                   {"Result": "Error"}]}
              ]
            }
            """;

    // D27: inspections are InspectionResultEvent payloads, not TestResultEvent ones.
    @Test
    void unitsInspectedGiveInspectionResultPayloads() {
        List<Event> events = adapters.toEvents(enveloped(CfxMessageNames.UNITS_INSPECTED, UNITS_INSPECTED));

        assertThat(events).hasSize(2).allSatisfy(event -> {
            assertThat(event.eventType()).isEqualTo(EventType.INSPECTION_RESULT);
            assertThat(event.payload()).containsOnlyKeys(InspectionResultEvent.builder("x").build().toMap().keySet());
            assertThat(event.metadata().correlationId()).isEqualTo("14d48338-09b7-4d20-acb9-bf951270793a");
            assertRoundTrips(event, InspectionResultEvent::fromMap);
        });
        InspectionResultEvent passed = InspectionResultEvent.fromMap(events.get(0).payload());
        assertThat(passed.unitId()).isEqualTo("PANEL34543535");
        assertThat(passed.result()).isEqualTo(TestResult.PASS);
        assertThat(passed.stationId()).isEqualTo(SOURCE);
        assertThat(passed.inspectionType()).isEqualTo("aoi");
        assertThat(passed.startTime()).isEqualTo(MESSAGE_TIME);
        assertThat(passed.endTime()).isNull();
        assertThat(passed.defects()).isEmpty();

        InspectionResultEvent failed = InspectionResultEvent.fromMap(events.get(1).payload());
        assertThat(failed.result()).isEqualTo(TestResult.FAIL);
        assertThat(failed.partNumber()).isNull();
        assertThat(failed.startTime()).isEqualTo(OffsetDateTime.parse("2026-01-26T08:29:58.5-05:00"));
        assertThat(failed.endTime()).isEqualTo(OffsetDateTime.parse("2026-01-26T08:29:59-05:00"));
        Map<String, Object> defect = new LinkedHashMap<>();
        defect.put("defect_code", "ISFSLD112");
        defect.put("category", "Solder Problems");
        defect.put("description", "Insufficient Solder on R22, Lead 1");
        defect.put("reference_designator", "R22.1");
        defect.put("part_number", "11123-8897");
        defect.put("inspection", "INSPECT_R22");
        assertThat(failed.defects()).containsExactly(defect);
        assertThat(failed.images()).isEmpty();
        Map<String, Object> custom = new LinkedHashMap<>();
        custom.put("cfx_transaction_id", "14d48338-09b7-4d20-acb9-bf951270793a");
        custom.put("inspection_method", "AOI");
        custom.put("recipe_name", null);
        custom.put("recipe_revision", null);
        custom.put("operator_id", "BADGE489499");
        custom.put("unit_position", 2L);
        custom.put("lane", null);
        custom.put("stage", null);
        custom.put("inspections", List.of(Map.of("name", "INSPECT_R22", "result", "fail"),
                Map.of("name", "Inspection", "result", "fail")));
        assertThat(failed.customData()).containsExactlyEntriesOf(custom);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"AOI, aoi", "SPI, spi", "AXI, xray", "XRay, xray", "Human, visual", "Visual, visual",
            "Functional, functional", "'', aoi"})
    void inspectionTypes(String method, String expected) {
        String body = "{\"InspectionMethod\":\"" + method + "\",\"InspectedUnits\":[{\"UnitIdentifier\":\"U\","
                + "\"OverallResult\":\"Passed\"}]}";

        Event event = adapters.toEvents(bare(CfxMessageNames.UNITS_INSPECTED_PYWATS, body)).get(0);

        assertThat(InspectionResultEvent.fromMap(event.payload()).inspectionType()).isEqualTo(expected);
    }

    @Test
    void pywatsInspectionFormWithUnitDefectsAndAnInspectorStation() {
        String body = """
                {"Inspector": "AOI-2", "InspectedBy": "op-3", "InspectionMethod": null,
                 "InspectedUnits": [{"UnitIdentifier": "U", "OverallResult": "Defective",
                   "Defects": [{"DefectCode": "BRIDGE"}, {"Description": "no code"}]}]}
                """;

        InspectionResultEvent result = InspectionResultEvent.fromMap(
                adapters.toEvents(bare(CfxMessageNames.UNITS_INSPECTED_PYWATS, body)).get(0).payload());

        assertThat(result.result()).isEqualTo(TestResult.FAIL);
        assertThat(result.stationId()).isEqualTo("AOI-2");
        assertThat(result.customData()).containsEntry("operator_id", "op-3")
                .containsEntry("inspection_method", "CFX_INSPECTION");
        assertThat(result.defects()).extracting(d -> d.get("defect_code")).containsExactly("BRIDGE", null);
        assertThat(result.defects()).extracting(d -> d.get("description")).containsExactly(null, "no code");
    }

    // --- MaterialsInstalled -----------------------------------------------------------------

    /**
     * Hand-written (the SDK's MaterialsInstalled example is not valid JSON): the SDK's form
     * (Material package, InstallationTime) with the component fields pyWATS' adapter reads.
     */
    private static final String MATERIALS_INSTALLED = """
            {
              "TransactionId": "ce1cf002-50fe-4cd4-af27-5e46fdae5608",
              "InstalledMaterials": [
                {"UnitIdentifier": "PANEL23423432", "UnitPositionNumber": 1, "QuantityInstalled": 3.0,
                 "Material": {"UniqueIdentifier": "MAT4566556456", "InternalPartNumber": "IPN47788", "Quantity": 887.0},
                 "InstalledComponents": [
                   {"ReferenceDesignator": "R1", "InternalPartNumber": "IPN-R1", "PartNumber": "MPN-R1",
                    "ComponentSerialNumber": "CSN-1", "LotCode": "LOT-A", "ManufacturerLotCode": "MLOT-A",
                    "InstallationTime": "2018-10-03T16:03:05.1091909-04:00"},
                   {"ReferenceDesignator": "R2", "InternalPartNumber": "", "PartNumber": "MPN-R2",
                    "ManufacturerLotCode": "MLOT-B"},
                   {"ReferenceDesignator": "R3"},
                   {"PartNumber": "MPN-X"}
                 ]},
                {"UnitIdentifier": "PANEL23423432", "UnitPositionNumber": 2, "InstalledComponents": []}
              ]
            }
            """;

    @Test
    void materialsInstalled() {
        List<Event> events = adapters.toEvents(enveloped(CfxMessageNames.MATERIALS_INSTALLED, MATERIALS_INSTALLED));

        assertThat(events).hasSize(2).allSatisfy(event -> {
            assertThat(event.eventType()).isEqualTo(EventType.MATERIAL_INSTALLED);
            assertThat(event.metadata().correlationId()).isEqualTo("ce1cf002-50fe-4cd4-af27-5e46fdae5608");
            assertThat(event.source()).isEqualTo("cfx:" + SOURCE);
            assertRoundTrips(event, MaterialInstalledEvent::fromMap);
        });
        MaterialInstalledEvent first = MaterialInstalledEvent.fromMap(events.get(0).payload());
        assertThat(first.unitId()).isEqualTo("PANEL23423432");
        // D27: the station is the sender, the time the message's.
        assertThat(first.stationId()).isEqualTo(SOURCE);
        assertThat(first.timestamp()).isEqualTo(MESSAGE_TIME);
        assertThat(first.components()).containsExactly(
                InstalledComponent.builder("R1").partNumber("IPN-R1").serialNumber("CSN-1").lotNumber("LOT-A")
                        .installedTime(OffsetDateTime.parse("2018-10-03T16:03:05.109190-04:00")).build(),
                InstalledComponent.builder("R2").partNumber("MPN-R2").lotNumber("MLOT-B").build(),
                InstalledComponent.builder("R3").partNumber("IPN47788").build(),
                InstalledComponent.builder("").partNumber("MPN-X").build());
        Map<String, Object> custom = new LinkedHashMap<>();
        custom.put("cfx_transaction_id", "ce1cf002-50fe-4cd4-af27-5e46fdae5608");
        custom.put("unit_position", 1L);
        custom.put("quantity_installed", 3.0);
        custom.put("material_id", "MAT4566556456");
        assertThat(first.customData()).containsExactlyEntriesOf(custom);

        MaterialInstalledEvent second = MaterialInstalledEvent.fromMap(events.get(1).payload());
        assertThat(second.componentCount()).isZero();
        assertThat(second.customData()).containsEntry("unit_position", 2L).containsEntry("material_id", null);
    }

    // --- Work ---------------------------------------------------------------------------------

    // D27: Aborted is aborted, not failed.
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"Completed, completed", "Failed, failed", "Aborted, aborted", "Bogus, failed"})
    void workCompletedResults(String cfx, String expected) {
        // The CFX SDK's short WorkCompleted form: no units.
        String body = "{\"TransactionID\":\"2c24590d-39c5-4039-96a5-91900cecedfa\",\"Result\":\"" + cfx + "\"}";

        List<Event> events = adapters.toEvents(enveloped(CfxMessageNames.WORK_COMPLETED, body));

        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.eventType()).isEqualTo(EventType.WORK_COMPLETED);
            assertThat(event.metadata().correlationId()).isEqualTo("2c24590d-39c5-4039-96a5-91900cecedfa");
            assertRoundTrips(event, WorkCompletedEvent::fromMap);
        });
        WorkCompletedEvent completed = WorkCompletedEvent.fromMap(events.get(0).payload());
        assertThat(completed.result().value()).isEqualTo(expected);
        assertThat(completed.unitId()).isEmpty();
        assertThat(completed.stationId()).isEqualTo(SOURCE);
        // D27: the end is the message time.
        assertThat(completed.endTime()).isEqualTo(MESSAGE_TIME);
        assertThat(completed.startTime()).isNull();
        assertThat(completed.customData()).containsEntry("cfx_result", cfx)
                .containsEntry("cfx_transaction_id", "2c24590d-39c5-4039-96a5-91900cecedfa");
    }

    @Test
    void workUnitIdentifiersFallBackToPositionThenPrimaryIdentifier() {
        String withUnits = """
                {"TransactionID": "t1", "Result": "Completed", "PrimaryIdentifier": "CARRIER5566", "Lane": "2",
                 "WorkOrderIdentifier": "WO-7",
                 "Units": [{"UnitIdentifier": "", "PositionNumber": 3}, {"UnitIdentifier": null}]}
                """;
        String withoutUnits = "{\"TransactionID\":\"t2\",\"PrimaryIdentifier\":\"CARRIER5566\",\"Units\":[]}";

        List<Event> completed = adapters.toEvents(bare(CfxMessageNames.WORK_COMPLETED, withUnits));
        List<Event> started = adapters.toEvents(bare(CfxMessageNames.WORK_STARTED, withoutUnits));

        assertThat(completed).extracting(e -> WorkCompletedEvent.fromMap(e.payload()).unitId())
                .containsExactly("Position-3", "CARRIER5566");
        assertThat(WorkCompletedEvent.fromMap(completed.get(0).payload()).workOrderId()).isEqualTo("WO-7");
        assertThat(started).singleElement().satisfies(event -> {
            WorkStartedEvent work = WorkStartedEvent.fromMap(event.payload());
            assertThat(work.unitId()).isEqualTo("CARRIER5566");
            assertThat(work.lane()).isNull();
            assertThat(work.customData()).containsEntry("position_number", null).containsEntry("serial_number", null);
        });
        // A lane written as text (as .NET writes some) reads as a number.
        assertThat(WorkStartedEvent.fromMap(adapters.toEvents(bare(CfxMessageNames.WORK_STARTED, withUnits))
                .get(0).payload()).lane()).isEqualTo(2);
    }

    // D27: production events carry the sender as station, or the configured endpoint without one.
    @Test
    void productionStationIsTheSenderElseTheEndpoint() {
        WorkStartedEvent enveloped = WorkStartedEvent.fromMap(adapters.toEvents(
                CfxFixtures.enveloped(CfxMessageNames.WORK_STARTED, CfxFixtures.WORK_STARTED)).get(0).payload());
        WorkStartedEvent bare = WorkStartedEvent.fromMap(adapters.toEvents(
                CfxFixtures.bare(CfxMessageNames.WORK_STARTED, CfxFixtures.WORK_STARTED)).get(0).payload());

        assertThat(enveloped.stationId()).isEqualTo(SOURCE);
        assertThat(bare.stationId()).isEqualTo("line-7");
    }

    // --- Faults and states --------------------------------------------------------------------

    // D27: the asset is the CFX sender; the configured endpoint only when there is no Source.
    @Test
    void assetIsTheSenderElseTheConfiguredEndpoint() {
        Event fromSender = adapters.toEvents(
                CfxFixtures.enveloped(CfxMessageNames.FAULT_OCCURRED, CfxFixtures.FAULT_OCCURRED)).get(0);
        Event fromBareBody = adapters.toEvents(
                CfxFixtures.bare(CfxMessageNames.FAULT_OCCURRED, CfxFixtures.FAULT_OCCURRED)).get(0);
        Event fromDefault = new CfxAdapters().toEvents(
                CfxFixtures.bare(CfxMessageNames.FAULT_OCCURRED, CfxFixtures.FAULT_OCCURRED)).get(0);

        assertThat(fromSender.payload()).containsEntry("asset_id", SOURCE);
        assertThat(fromSender.source()).isEqualTo("cfx:" + SOURCE);
        assertThat(fromBareBody.payload()).containsEntry("asset_id", "line-7");
        assertThat(fromBareBody.source()).isEqualTo("cfx:line-7");
        assertThat(fromDefault.payload()).containsEntry("asset_id", "cfx");
        assertThat(fromDefault.source()).isEqualTo("cfx:cfx");
    }

    // D27: CFX times are kept; only a body without any time gets the processing time.
    @Test
    void cfxTimesAreKeptAndProcessingTimeOnlyWithoutThem() {
        Event fault = adapters.toEvents(
                CfxFixtures.bare(CfxMessageNames.FAULT_OCCURRED, CfxFixtures.FAULT_OCCURRED)).get(0);
        Event work = adapters.toEvents(CfxFixtures.bare(CfxMessageNames.WORK_STARTED, CfxFixtures.WORK_STARTED)).get(0);
        Event workEnveloped = adapters.toEvents(
                CfxFixtures.enveloped(CfxMessageNames.WORK_STARTED, CfxFixtures.WORK_STARTED)).get(0);

        assertThat(AssetFaultEvent.fromMap(fault.payload()).timestamp())
                .isEqualTo(OffsetDateTime.parse("2018-10-31T15:13:31.008359-04:00"));
        assertThat(fault.timestamp()).isEqualTo(NOW_MICROS);
        assertThat(WorkStartedEvent.fromMap(work.payload()).timestamp()).isEqualTo(NOW_MICROS);
        assertThat(WorkStartedEvent.fromMap(workEnveloped.payload()).timestamp()).isEqualTo(MESSAGE_TIME);
        assertThat(workEnveloped.timestamp()).isEqualTo(MESSAGE_TIME);
    }

    // D27: FaultCleared always raised TypeError in Python.
    @Test
    void faultCleared() {
        // The CFX SDK's documented FaultCleared body.
        List<Event> events = adapters.toEvents(enveloped(CfxMessageNames.FAULT_CLEARED,
                "{\"FaultOccurrenceId\": \"731ce619-7e80-4bf0-bb82-2985a9fa7368\"}"));

        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.eventType()).isEqualTo(EventType.ASSET_FAULT);
            assertThat(event.metadata().correlationId()).isEqualTo("731ce619-7e80-4bf0-bb82-2985a9fa7368");
            assertRoundTrips(event, AssetFaultEvent::fromMap);
        });
        AssetFaultEvent cleared = AssetFaultEvent.fromMap(events.get(0).payload());
        assertThat(cleared.assetId()).isEqualTo(SOURCE);
        assertThat(cleared.faultCode()).isEqualTo("731ce619-7e80-4bf0-bb82-2985a9fa7368");
        assertThat(cleared.faultMessage()).isEqualTo("Fault cleared");
        assertThat(cleared.severity()).isEqualTo(SeverityLevel.INFO);
        assertThat(cleared.cleared()).isTrue();
        assertThat(cleared.clearedTime()).isEqualTo(MESSAGE_TIME);
        assertThat(cleared.timestamp()).isEqualTo(MESSAGE_TIME);
        Map<String, Object> custom = new LinkedHashMap<>();
        custom.put("fault_occurrence_id", "731ce619-7e80-4bf0-bb82-2985a9fa7368");
        custom.put("operator_id", null);
        custom.put("lane", null);
        custom.put("stage", null);
        assertThat(cleared.customData()).containsExactlyEntriesOf(custom);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(value = {"Information, info", "Warning, warning", "Error, error", "Alarm, critical",
            "Bogus, error", "NULL, error"}, nullValues = "NULL")
    void faultSeverities(String cfx, String expected) {
        Map<String, Object> fault = new LinkedHashMap<>();
        fault.put("FaultCode", "F1");
        fault.put("Severity", cfx);

        Event event = adapters.toEvents(CfxMessage.of(CfxMessageNames.FAULT_OCCURRED, Map.of("Fault", fault))).get(0);

        assertThat(event.payload()).containsEntry("severity", expected);
    }

    @Test
    void faultCodeAndMessageFallBackToTheCause() {
        AssetFaultEvent withCause = AssetFaultEvent.fromMap(adapters.toEvents(bare(CfxMessageNames.FAULT_OCCURRED,
                "{\"Fault\":{\"FaultCode\":\"\",\"Cause\":\"Overheat\"},\"Lane\":\"1\"}")).get(0).payload());
        AssetFaultEvent withDescription = AssetFaultEvent.fromMap(adapters.toEvents(bare(
                CfxMessageNames.FAULT_OCCURRED, "{\"Fault\":{\"FaultCode\":\"E7\",\"Cause\":\"Overheat\","
                        + "\"Description\":\"Oven zone 3 too hot\",\"RelatedUnits\":[\"U1\"]}}")).get(0).payload());
        AssetFaultEvent empty = AssetFaultEvent.fromMap(adapters.toEvents(
                bare(CfxMessageNames.FAULT_OCCURRED, "{\"Fault\":{}}")).get(0).payload());

        assertThat(withCause.faultCode()).isEqualTo("Overheat");
        assertThat(withCause.faultMessage()).isEqualTo("Overheat");
        assertThat(withCause.customData()).containsEntry("lane", "1");
        assertThat(withDescription.faultCode()).isEqualTo("E7");
        assertThat(withDescription.faultMessage()).isEqualTo("Oven zone 3 too hot");
        assertThat(withDescription.customData()).containsEntry("related_units", List.of("U1"));
        assertThat(empty.faultCode()).isEqualTo("UNKNOWN");
        assertThat(empty.faultMessage()).isEmpty();
    }

    static Stream<Arguments> resourceStates() {
        return Stream.of(
                Arguments.of(1000L, AssetState.BUSY), Arguments.of(1100L, AssetState.BUSY),
                Arguments.of(1400L, AssetState.BUSY), Arguments.of(2000L, AssetState.IDLE),
                Arguments.of(2200L, AssetState.IDLE), Arguments.of(3100L, AssetState.IDLE),
                Arguments.of(4000L, AssetState.MAINTENANCE), Arguments.of(4300L, AssetState.MAINTENANCE),
                Arguments.of(4500L, AssetState.BUSY), Arguments.of(5000L, AssetState.MAINTENANCE),
                Arguments.of(5500L, AssetState.MAINTENANCE), Arguments.of(6000L, AssetState.OFFLINE),
                Arguments.of(6500L, AssetState.OFFLINE), Arguments.of(5300.0, AssetState.MAINTENANCE),
                Arguments.of("1100", AssetState.BUSY), Arguments.of("PRD_RegularWork", AssetState.BUSY),
                Arguments.of("SBY_NoProduct", AssetState.IDLE), Arguments.of("ENG", AssetState.IDLE),
                Arguments.of("SDT_Setup", AssetState.BUSY), Arguments.of("SDT_PreventiveMaintenance", AssetState.MAINTENANCE),
                Arguments.of("USD_Repair", AssetState.MAINTENANCE), Arguments.of("NST", AssetState.OFFLINE),
                Arguments.of("On", AssetState.ONLINE), Arguments.of("Off", AssetState.OFFLINE),
                Arguments.of("Standby", AssetState.IDLE), Arguments.of("Engineering", AssetState.IDLE),
                Arguments.of("ReadyProcessing", AssetState.IDLE), Arguments.of("Starved", AssetState.IDLE),
                Arguments.of("Processing", AssetState.BUSY), Arguments.of("ProcessingExecutingRecipe", AssetState.BUSY),
                Arguments.of("Blocked", AssetState.BUSY), Arguments.of("Setup", AssetState.BUSY),
                Arguments.of("Teardown", AssetState.BUSY), Arguments.of("Maintenance", AssetState.MAINTENANCE),
                Arguments.of("ScheduledMaintenance", AssetState.MAINTENANCE),
                Arguments.of("UnscheduledMaintenance", AssetState.MAINTENANCE),
                Arguments.of("MachineError", AssetState.ERROR), Arguments.of("machineerror", AssetState.ERROR),
                Arguments.of(999L, null), Arguments.of(7000L, null), Arguments.of("IdleStarved", null),
                Arguments.of("", null));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("resourceStates")
    void stationStates(Object cfxState, AssetState expected) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("OldState", cfxState);
        body.put("NewState", cfxState);

        AssetStateChangedEvent change = AssetStateChangedEvent.fromMap(
                adapters.toEvents(CfxMessage.of(CfxMessageNames.STATION_STATE_CHANGED, body)).get(0).payload());

        // Unknown: the new state is offline, the previous one null (as pyWATS maps them).
        assertThat(change.newState()).isEqualTo(expected == null ? AssetState.OFFLINE : expected);
        assertThat(change.previousState()).isEqualTo(expected);
        String text = cfxState instanceof Double real ? Long.toString(real.longValue()) : cfxState.toString();
        assertThat(change.customData()).containsEntry("cfx_new_state", text.isEmpty() ? "unknown" : text);
    }

    @Test
    void stationStateWithoutOldStateOrFault() {
        String body = "{\"NewState\":\"1100\",\"OldStateDuration\":\"1.02:03:04.5\",\"RelatedFault\":null}";

        Event event = adapters.toEvents(enveloped(CfxMessageNames.STATION_STATE_CHANGED, body)).get(0);

        AssetStateChangedEvent change = AssetStateChangedEvent.fromMap(event.payload());
        assertThat(change.previousState()).isNull();
        assertThat(change.reason()).isNull();
        assertThat(change.customData()).containsEntry("cfx_old_state", "unknown")
                .containsEntry("old_state_duration_seconds", 93784.5)
                .containsEntry("related_fault", null);
        assertThat(event.metadata().correlationId()).isEqualTo(CfxFixtures.REQUEST_ID);
        assertRoundTrips(event, AssetStateChangedEvent::fromMap);
    }

    // --- Unknown and malformed messages -------------------------------------------------------

    @Test
    void unknownMessageBecomesACustomEventWithTheRawBody() {
        String body = """
                {"$type": "CFX.Production.UnitsArrived, CFX", "PrimaryIdentifier": "CARRIER5566",
                 "Units": [{"UnitIdentifier": "CARRIER5566", "PositionNumber": 1, "X": 50.45}]}
                """;

        List<Event> events = adapters.toEvents(bare("CFX.Production.UnitsArrived", body));

        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.eventType()).isEqualTo(EventType.CUSTOM);
            assertThat(event.payload()).isEqualTo(Map.of("PrimaryIdentifier", "CARRIER5566",
                    "Units", List.of(Map.of("UnitIdentifier", "CARRIER5566", "PositionNumber", 1L, "X", 50.45))));
            assertThat(event.metadata().custom()).containsExactly(
                    Map.entry("cfx_message_name", "CFX.Production.UnitsArrived"));
            assertThat(event.metadata().sourceTopic()).isEqualTo("CFX.Production.UnitsArrived");
            assertThat(event.metadata().correlationId()).isNull();
            assertThat(event.source()).isEqualTo("cfx:line-7");
            assertThat(event.timestamp()).isEqualTo(NOW_MICROS);
            assertThat(EventJson.fromJson(EventJson.toJson(event))).isEqualTo(event);
        });
        assertThat(CfxAdapters.isMapped("CFX.Production.UnitsArrived")).isFalse();
        assertThat(CfxAdapters.isMapped(CfxMessageNames.UNITS_TESTED)).isTrue();
        assertThat(CfxAdapters.isMapped(CfxMessageNames.UNITS_TESTED_PYWATS)).isTrue();
        assertThat(CfxAdapters.isMapped(null)).isFalse();
    }

    @Test
    void aMappedMessageWithoutUnitsGivesNoEvents() {
        assertThat(adapters.toEvents(bare(CfxMessageNames.UNITS_TESTED, "{\"TestedUnits\":[]}"))).isEmpty();
    }

    @ParameterizedTest(name = "{index}: {0}")
    @CsvSource(delimiter = '|', textBlock = """
            CFX.Production.TestAndInspection.UnitsTested | {}                                          | 'TestedUnits' is missing (expected a list)
            CFX.Production.TestAndInspection.UnitsTested | {"TestedUnits":"x"}                         | 'TestedUnits' must be a list, got string "x"
            CFX.Production.TestAndInspection.UnitsTested | {"TestedUnits":[7]}                         | 'TestedUnits[0]' must be an object, got number 7
            CFX.Production.TestAndInspection.UnitsTested | {"TestedUnits":[{"OverallResult":"Passed"}]} | 'TestedUnits[0].UnitIdentifier' is missing
            CFX.Production.TestAndInspection.UnitsTested | {"TestedUnits":[{"UnitIdentifier":"U","OverallResult":5}]} | 'TestedUnits[0].OverallResult' must be a string, got number 5
            CFX.Production.TestAndInspection.UnitsTested | {"Tester":5,"TestedUnits":[]}               | 'Tester' must be an Operator object or a station name, got number 5
            CFX.Production.TestAndInspection.UnitsTested | {"TestedUnits":[{"UnitIdentifier":"U","OverallResult":"Passed","Tests":[{"TestStartTime":"soon"}]}]} | 'TestedUnits[0].Tests[0].TestStartTime' is not an ISO-8601 date-time: 'soon'
            CFX.Production.TestAndInspection.UnitsTested | {"TestedUnits":[{"UnitIdentifier":"U","OverallResult":"Passed","Tests":[{"Measurements":[{"MeasuredValue":{"Value":1,"MinimumAcceptableValue":"low"}}]}]}]} | 'TestedUnits[0].Tests[0].Measurements[0].MeasuredValue.MinimumAcceptableValue' must be a number, got string "low"
            CFX.Production.TestAndInspection.UnitsInspected | {"InspectedUnits":[{"UnitIdentifier":"U","OverallResult":"Passed","Inspections":[{"DefectsFound":[3]}]}]} | 'InspectedUnits[0].Inspections[0].DefectsFound' must be a list of defect objects or codes, got a list
            CFX.Production.Assembly.MaterialsInstalled | {"InstalledMaterials":[{"UnitIdentifier":"U","InstalledComponents":[{"ReferenceDesignator":7}]}]} | 'InstalledMaterials[0].InstalledComponents[0].ReferenceDesignator' must be a string, got number 7
            CFX.Production.WorkStarted                 | {"Lane":"left"}                               | 'Lane' must be a whole number in the int range, got string "left"
            CFX.Production.WorkStarted                 | {"Lane":1.5}                                  | 'Lane' must be a whole number, got number 1.5
            CFX.Production.WorkStarted                 | {"Units":{"UnitIdentifier":"U"}}              | 'Units' must be a list, got an object
            CFX.Production.WorkCompleted               | {"Result":3}                                  | 'Result' must be a string, got number 3
            CFX.Production.UnitsDisqualified           | {"Reason":"x"}                                | 'Units' is missing (expected a list)
            CFX.ResourcePerformance.FaultOccurred      | {}                                            | 'Fault' is missing
            CFX.ResourcePerformance.FaultOccurred      | {"Fault":{"OccurredAt":"noon"}}               | 'Fault.OccurredAt' is not an ISO-8601 date-time: 'noon'
            CFX.ResourcePerformance.FaultCleared       | {}                                            | 'FaultOccurrenceId' is missing
            CFX.ResourcePerformance.StationStateChanged | {"OldState":1000}                            | 'NewState' is missing
            CFX.ResourcePerformance.StationStateChanged | {"NewState":true}                            | 'NewState' must be a SEMI E10 state code or a state name, got boolean true
            CFX.ResourcePerformance.StationStateChanged | {"NewState":1000,"OldStateDuration":"25 s"}  | 'OldStateDuration' is invalid: Not a .NET TimeSpan: '25 s' (expected [-][d.]hh:mm[:ss[.fffffff]] or whole days)
            """)
    void malformedBodiesNameTheMessageAndTheField(String messageName, String body, String problem) {
        CfxMessage message = bare(messageName, body);

        assertThatIllegalArgumentException().isThrownBy(() -> adapters.toEvents(message))
                .withMessage("CFX message " + messageName + ": field " + problem);
    }

    @Test
    void rejectsBadArguments() {
        assertThatNullPointerException().isThrownBy(() -> adapters.toEvents(null)).withMessage("message");
        assertThatNullPointerException().isThrownBy(() -> new CfxAdapters(null)).withMessage("endpointName");
        assertThatNullPointerException().isThrownBy(() -> new CfxAdapters("x", null)).withMessage("clock");
        assertThatIllegalArgumentException().isThrownBy(() -> new CfxAdapters(" "))
                .withMessage("endpointName must not be blank");
        assertThat(new CfxAdapters().endpointName()).isEqualTo(CfxAdapters.DEFAULT_ENDPOINT_NAME);
    }

    @Test
    void oneAdapterServesSeveralThreads() throws Exception {
        List<CfxMessage> messages = List.of(
                CfxFixtures.enveloped(CfxMessageNames.UNITS_TESTED, CfxFixtures.UNITS_TESTED),
                CfxFixtures.enveloped(CfxMessageNames.WORK_STARTED, CfxFixtures.WORK_STARTED),
                CfxFixtures.enveloped(CfxMessageNames.STATION_STATE_CHANGED, CfxFixtures.STATION_STATE_CHANGED),
                CfxFixtures.enveloped(CfxMessageNames.UNITS_DISQUALIFIED, CfxFixtures.UNITS_DISQUALIFIED));
        List<List<Map<String, Object>>> expected = new ArrayList<>();
        for (CfxMessage message : messages) {
            expected.add(adapters.toEvents(message).stream().map(Event::payload).toList());
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int thread = 0; thread < 4; thread++) {
                results.add(pool.submit(() -> {
                    for (int round = 0; round < 200; round++) {
                        int i = round % messages.size();
                        List<Map<String, Object>> payloads =
                                adapters.toEvents(messages.get(i)).stream().map(Event::payload).toList();
                        if (!payloads.equals(expected.get(i))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get(30, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
