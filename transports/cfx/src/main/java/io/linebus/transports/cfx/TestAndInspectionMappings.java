package io.linebus.transports.cfx;

import io.linebus.models.Event;
import io.linebus.models.domain.InspectionResultEvent;
import io.linebus.models.domain.TestMeasurement;
import io.linebus.models.domain.TestResultEvent;
import io.linebus.models.domain.TestStep;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code UnitsTested} and {@code UnitsInspected}: one event per unit, in message order.
 *
 * <p>Both the CFX SDK's form (fixture {@code UnitsTested-ICT-panel}: {@code Tester} an
 * {@code Operator}, {@code NumericMeasurement}s with a {@code MeasuredValue} object, symptoms and
 * defects per test) and pyWATS' flat form ({@code Tester} a station name,
 * {@code MeasuredValue} a number with {@code MeasurementUnits}, {@code LowerLimit},
 * {@code UpperLimit}, symptoms and defects per unit) are read.
 */
final class TestAndInspectionMappings {
    private TestAndInspectionMappings() {
    }

    /** {@code UnitsTested} → {@code TEST_RESULT} events with {@code TestResultEvent} payloads. */
    static List<Event> unitsTested(CfxContext context) {
        CfxBody body = context.body();
        String transactionId = body.string("TransactionId");
        String stationId = CfxValues.stationId(body, "Tester", context);
        String operatorId = CfxValues.operatorId(body, "Tester", "TestedBy");
        String testMethod = CfxValues.firstNonEmpty(body.string("TestMethod"), "CFX_TEST");
        String recipeName = body.string("RecipeName");
        String recipeRevision = body.string("RecipeRevision");
        OffsetDateTime messageStart = body.time("TestStartTime");
        OffsetDateTime messageEnd = body.time("TestEndTime");
        List<Event> events = new ArrayList<>();
        for (CfxBody unit : body.requiredObjects("TestedUnits")) {
            List<String> symptoms = codes(unit, "Symptoms", "SymptomCode");
            List<String> defects = codes(unit, "Defects", "DefectCode");
            List<Map<String, Object>> nonNumeric = new ArrayList<>();
            List<TestStep> steps = new ArrayList<>();
            List<OffsetDateTime> starts = new ArrayList<>();
            List<OffsetDateTime> ends = new ArrayList<>();
            for (CfxBody test : unit.objects("Tests")) {
                List<String> stepDefects = codes(test, "DefectsFound", "DefectCode");
                symptoms.addAll(codes(test, "SymptomsFound", "SymptomCode"));
                defects.addAll(stepDefects);
                TestStep step = step(test, stepDefects, nonNumeric);
                starts.add(step.startTime());
                ends.add(step.endTime());
                steps.add(step);
            }
            Map<String, Object> custom = new LinkedHashMap<>();
            custom.put("cfx_transaction_id", transactionId);
            custom.put("test_method", testMethod);
            custom.put("recipe_name", recipeName);
            custom.put("recipe_revision", CfxValues.firstNonEmpty(recipeRevision, unit.string("RecipeRevision")));
            custom.put("lane", body.value("Lane"));
            custom.put("stage", body.value("Stage"));
            custom.put("symptoms", symptoms);
            custom.put("defects", defects);
            custom.put("unit_position", unit.whole("UnitPositionNumber"));
            if (!nonNumeric.isEmpty()) {
                custom.put("non_numeric_values", nonNumeric);
            }
            TestResultEvent result = TestResultEvent.builder(unit.requiredString("UnitIdentifier"))
                    .result(CfxEnums.overallResult(unit.requiredString("OverallResult")))
                    .stationId(stationId)
                    .operatorId(operatorId)
                    .startTime(CfxValues.firstTime(messageStart, CfxValues.earliest(starts), context.messageTime()))
                    .endTime(CfxValues.firstTime(messageEnd, CfxValues.latest(ends)))
                    .steps(steps)
                    .customData(custom)
                    .build();
            events.add(context.event(result, transactionId));
        }
        return events;
    }

    private static TestStep step(CfxBody test, List<String> defects, List<Map<String, Object>> nonNumeric) {
        String name = CfxValues.firstNonEmpty(test.string("TestName"), "Test");
        TestStep.Builder step = TestStep.builder(name)
                .status(CfxEnums.testResult(test.string("Result")))
                .startTime(test.time("TestStartTime"))
                .endTime(test.time("TestEndTime"))
                .message(defects.isEmpty() ? null : String.join(", ", defects));
        for (CfxBody measurement : test.objects("Measurements")) {
            step.addMeasurement(measurement(name, measurement, nonNumeric));
        }
        return step.build();
    }

    /**
     * A measurement; a value that is not a number (a boolean or text measurement) cannot go into
     * {@code TestMeasurement.value} and is kept in {@code custom_data.non_numeric_values} instead.
     */
    private static TestMeasurement measurement(String stepName, CfxBody measurement,
            List<Map<String, Object>> nonNumeric) {
        String name = CfxValues.firstNonEmpty(measurement.string("MeasurementName"), measurement.string("CRDs"),
                "Measurement");
        CfxBody numeric = measurement.value("MeasuredValue") instanceof Map ? measurement.object("MeasuredValue") : null;
        Object raw = numeric != null ? numeric.value("Value") : measurement.value("MeasuredValue");
        Double value = numericValue(raw);
        if (raw != null && value == null) {
            Map<String, Object> kept = new LinkedHashMap<>();
            kept.put("step", stepName);
            kept.put("measurement", name);
            kept.put("value", raw);
            nonNumeric.add(kept);
        }
        return TestMeasurement.builder(name)
                .value(value)
                .unit(CfxValues.firstNonEmpty(measurement.string("MeasurementUnits"),
                        numeric == null ? null : numeric.string("ValueUnits"), "?"))
                .status(CfxEnums.testResult(measurement.string("Result")))
                .lowLimit(firstNumber(measurement, "LowerLimit", numeric, "MinimumAcceptableValue"))
                .highLimit(firstNumber(measurement, "UpperLimit", numeric, "MaximumAcceptableValue"))
                .nominal(firstNumber(measurement, "ExpectedValue", numeric, "ExpectedValue"))
                .build();
    }

    private static Double numericValue(Object raw) {
        if (raw instanceof Long || raw instanceof Double) {
            return ((Number) raw).doubleValue();
        }
        if (raw instanceof String text) {
            try {
                double parsed = Double.parseDouble(text.trim());
                return Double.isFinite(parsed) ? parsed : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static Double firstNumber(CfxBody flat, String flatKey, CfxBody numeric, String numericKey) {
        Double value = flat.number(flatKey);
        return value != null || numeric == null ? value : numeric.number(numericKey);
    }

    /**
     * {@code UnitsInspected} → {@code INSPECTION_RESULT} events with {@code InspectionResultEvent}
     * payloads (D27: Python sends inspections as test-result payloads).
     */
    static List<Event> unitsInspected(CfxContext context) {
        CfxBody body = context.body();
        String transactionId = body.string("TransactionId");
        String stationId = CfxValues.stationId(body, "Inspector", context);
        String operatorId = CfxValues.operatorId(body, "Inspector", "InspectedBy");
        String method = body.string("InspectionMethod");
        OffsetDateTime messageStart = body.time("InspectionStartTime");
        OffsetDateTime messageEnd = body.time("InspectionEndTime");
        List<Event> events = new ArrayList<>();
        for (CfxBody unit : body.requiredObjects("InspectedUnits")) {
            List<Map<String, Object>> defects = new ArrayList<>();
            for (Object defect : unit.entries("Defects")) {
                defects.add(defect(unit, "Defects", defect, null));
            }
            List<Map<String, Object>> inspections = new ArrayList<>();
            List<OffsetDateTime> starts = new ArrayList<>();
            List<OffsetDateTime> ends = new ArrayList<>();
            for (CfxBody inspection : unit.objects("Inspections")) {
                String name = CfxValues.firstNonEmpty(inspection.string("InspectionName"), "Inspection");
                Map<String, Object> summary = new LinkedHashMap<>();
                summary.put("name", name);
                summary.put("result", CfxEnums.inspectionResult(inspection.string("Result")).value());
                inspections.add(summary);
                starts.add(inspection.time("InspectionStartTime"));
                ends.add(inspection.time("InspectionEndTime"));
                for (Object defect : inspection.entries("DefectsFound")) {
                    defects.add(defect(inspection, "DefectsFound", defect, name));
                }
            }
            Map<String, Object> custom = new LinkedHashMap<>();
            custom.put("cfx_transaction_id", transactionId);
            custom.put("inspection_method", CfxValues.firstNonEmpty(method, "CFX_INSPECTION"));
            custom.put("recipe_name", body.string("RecipeName"));
            custom.put("recipe_revision", body.string("RecipeRevision"));
            custom.put("operator_id", operatorId);
            custom.put("unit_position", unit.whole("UnitPositionNumber"));
            custom.put("lane", body.value("Lane"));
            custom.put("stage", body.value("Stage"));
            custom.put("inspections", inspections);
            InspectionResultEvent result = InspectionResultEvent.builder(unit.requiredString("UnitIdentifier"))
                    .result(CfxEnums.overallResult(unit.requiredString("OverallResult")))
                    .stationId(stationId)
                    .inspectionType(CfxEnums.inspectionType(method))
                    .startTime(CfxValues.firstTime(messageStart, CfxValues.earliest(starts), context.messageTime()))
                    .endTime(CfxValues.firstTime(messageEnd, CfxValues.latest(ends)))
                    .defects(defects)
                    .customData(custom)
                    .build();
            events.add(context.event(result, transactionId));
        }
        return events;
    }

    /**
     * One defect as a map: defect_code, category, description, reference_designator,
     * part_number, inspection. Defect images are not carried (they are inline base64 data, while
     * {@code images} holds URLs or paths).
     */
    private static Map<String, Object> defect(CfxBody owner, String key, Object entry, String inspection) {
        Map<String, Object> defect = new LinkedHashMap<>();
        if (entry instanceof String code) {
            defect.put("defect_code", code);
        } else if (entry instanceof CfxBody cfx) {
            CfxBody component = cfx.object("ComponentOfInterest");
            defect.put("defect_code", cfx.string("DefectCode"));
            defect.put("category", cfx.string("DefectCategory"));
            defect.put("description", cfx.string("Description"));
            defect.put("reference_designator", component == null ? null : component.string("ReferenceDesignator"));
            defect.put("part_number", component == null ? null : component.string("PartNumber"));
        } else {
            throw owner.wrongType(key, "a list of defect objects or codes", owner.value(key));
        }
        defect.put("inspection", inspection);
        return defect;
    }

    /**
     * The codes of a list of symptoms or defects: an object's {@code codeKey} (else its
     * {@code Description}), or plain text as in pyWATS' form.
     */
    private static List<String> codes(CfxBody owner, String key, String codeKey) {
        List<String> codes = new ArrayList<>();
        for (Object entry : owner.entries(key)) {
            String code;
            if (entry instanceof String text) {
                code = text;
            } else if (entry instanceof CfxBody cfx) {
                code = CfxValues.firstNonEmpty(cfx.string(codeKey), cfx.string("Description"));
            } else {
                throw owner.wrongType(key, "a list of objects or codes", owner.value(key));
            }
            if (!CfxContext.isEmpty(code)) {
                codes.add(code);
            }
        }
        return codes;
    }
}
