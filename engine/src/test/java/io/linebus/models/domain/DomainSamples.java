package io.linebus.models.domain;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** Domain records with every field set, for tests here and in other modules. */
public final class DomainSamples {
    public static final OffsetDateTime START = OffsetDateTime.of(2026, 1, 26, 8, 30, 0, 0, ZoneOffset.UTC);
    public static final OffsetDateTime END = OffsetDateTime.of(2026, 1, 26, 8, 30, 12, 345_678_000, ZoneOffset.UTC);
    public static final OffsetDateTime OTHER_OFFSET = OffsetDateTime.of(2026, 1, 26, 10, 31, 0, 500_000_000,
            ZoneOffset.ofHours(2));

    private DomainSamples() {
    }

    public static TestMeasurement measurement() {
        return TestMeasurement.builder("V3V3").value(3.301).unit("V").status(TestResult.PASS).lowLimit(3.135)
                .highLimit(3.465).nominal(3.3).compOp("GELE").build();
    }

    public static TestStep step() {
        return TestStep.builder("Voltage 3V3").status(TestResult.FAIL).startTime(START).endTime(END)
                .addMeasurement(measurement())
                .addMeasurement(TestMeasurement.builder("I_leak").value(1.2e-5).unit("A").status(TestResult.FAIL)
                        .highLimit(1e-5).compOp("LE").build())
                .message("D1, D2").stepType("numeric").build();
    }

    public static TestResultEvent testResult() {
        return TestResultEvent.builder("SN-0001").result(TestResult.FAIL).partNumber("PN-100").revision("B")
                .stationId("ICT-3").operatorId("op-7").startTime(START).endTime(END)
                .addStep(step()).addStep(TestStep.builder("Boot").build())
                .testSocket(2).batchSn("BATCH-9").fixtureId("FX-1")
                .customData(Map.of("cfx_transaction_id", "5c8e7f0a", "lane", 1, "defects", List.of("D1")))
                .build();
    }

    public static InspectionResultEvent inspection() {
        return InspectionResultEvent.builder("SN-0002").result(TestResult.FAIL).partNumber("PN-200")
                .stationId("AOI-1").inspectionType("xray").startTime(START).endTime(END)
                .addDefect(Map.of("code", "BRIDGE", "x", 12.5, "y", 3L))
                .addImage("file:///images/SN-0002-top.png").addImage("s3://bucket/SN-0002-bottom.png")
                .customData(Map.of("recipe", "R-1")).build();
    }

    public static AssetFaultEvent assetFault() {
        return AssetFaultEvent.builder("oven-1", "E-042").faultMessage("Over temperature")
                .severity(SeverityLevel.CRITICAL).timestamp(START).cleared(true).clearedTime(OTHER_OFFSET)
                .customData(Map.of("fault_occurrence_id", "f-1", "related_units", List.of("SN-1", "SN-2")))
                .build();
    }

    public static AssetStateChangedEvent assetStateChanged() {
        return AssetStateChangedEvent.builder("oven-1", AssetState.MAINTENANCE).previousState(AssetState.BUSY)
                .timestamp(OTHER_OFFSET).reason("scheduled service")
                .customData(Map.of("old_state_duration_seconds", 3600.5)).build();
    }

    public static MaintenanceEvent maintenance() {
        return MaintenanceEvent.builder("oven-1", "preventive").description("Replaced fan")
                .performedBy("tech-3").timestamp(START).durationMinutes(42.5)
                .addPartReplaced("FAN-12").addPartReplaced("FILTER-3")
                .customData(Map.of("ticket", "MX-77")).build();
    }

    public static InstalledComponent component() {
        return InstalledComponent.builder("U3").partNumber("IC-123").serialNumber("C-1").lotNumber("LOT-5")
                .installedTime(END).build();
    }

    public static MaterialInstalledEvent materialInstalled() {
        return MaterialInstalledEvent.builder("SN-0003").addComponent(component())
                .addComponent(InstalledComponent.builder("R1").build()).stationId("SMT-2").timestamp(START)
                .customData(Map.of("unit_position", 1)).build();
    }

    public static UnitDisqualifiedEvent unitDisqualified() {
        return UnitDisqualifiedEvent.builder("SN-0004", "Cracked board").stationId("QA-1")
                .disqualificationType("reworked").timestamp(START).customData(Map.of("lane", 2)).build();
    }

    public static WorkStartedEvent workStarted() {
        return WorkStartedEvent.builder("SN-0005", "SMT-2").workOrderId("WO-1").operatorId("op-1")
                .timestamp(START).lane(2).customData(Map.of("stage", "top")).build();
    }

    public static WorkCompletedEvent workCompleted() {
        return WorkCompletedEvent.builder("SN-0005", "SMT-2").result(WorkCompletedEvent.Result.ABORTED)
                .workOrderId("WO-1").operatorId("op-1").startTime(START).endTime(END)
                .customData(Map.of("cfx_result", "Aborted")).build();
    }

    public static WorkOrderEvent workOrder() {
        return WorkOrderEvent.builder("WO-1", WorkOrderEvent.Action.STARTED).partNumber("PN-100").quantity(250)
                .status("in progress").timestamp(START).customData(Map.of("priority", "high")).build();
    }

    /** One of every domain event, fully populated. */
    public static List<DomainEvent> allEvents() {
        return List.of(testResult(), inspection(), assetFault(), assetStateChanged(), maintenance(),
                materialInstalled(), unitDisqualified(), workStarted(), workCompleted(), workOrder());
    }
}
