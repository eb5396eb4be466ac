package io.linebus.transports.cfx;

import io.linebus.models.Event;
import io.linebus.models.domain.AssetFaultEvent;
import io.linebus.models.domain.AssetState;
import io.linebus.models.domain.AssetStateChangedEvent;
import io.linebus.models.domain.SeverityLevel;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code FaultOccurred}, {@code FaultCleared} and {@code StationStateChanged}: one event each.
 * The asset is the sender (D27: Python uses the adapter's configured endpoint), and faults and
 * state changes are correlated by the fault's {@code FaultOccurrenceId}, which links a fault, the
 * state change it caused and its clearing.
 */
final class ResourceMappings {
    private static final String FAULT_CLEARED_MESSAGE = "Fault cleared";

    private ResourceMappings() {
    }

    /**
     * {@code FaultOccurred} → {@code ASSET_FAULT}, at the fault's {@code OccurredAt} (D27: Python
     * uses the processing time).
     */
    static List<Event> faultOccurred(CfxContext context) {
        CfxBody body = context.body();
        CfxBody fault = body.requiredObject("Fault");
        String occurrenceId = fault.string("FaultOccurrenceId");
        String cause = fault.string("Cause");
        Map<String, Object> custom = new LinkedHashMap<>();
        custom.put("fault_occurrence_id", occurrenceId);
        custom.put("occurrence_type", fault.value("OccurrenceType"));
        custom.put("component_of_interest", fault.value("ComponentOfInterest"));
        custom.put("related_units", fault.list("RelatedUnits"));
        custom.put("lane", fault.value("Lane") != null ? fault.value("Lane") : body.value("Lane"));
        custom.put("stage", fault.value("Stage") != null ? fault.value("Stage") : body.value("Stage"));
        custom.put("cause", cause);
        custom.put("side_location", fault.value("SideLocation"));
        custom.put("access_type", fault.value("AccessType"));
        custom.put("due_date_time", fault.value("DueDateTime"));
        AssetFaultEvent event = AssetFaultEvent.builder(context.sender(),
                        CfxValues.firstNonEmpty(fault.string("FaultCode"), cause, "UNKNOWN"))
                .faultMessage(CfxValues.orEmpty(CfxValues.firstNonEmpty(fault.string("Description"), cause)))
                .severity(CfxEnums.severity(fault.string("Severity")))
                .timestamp(CfxValues.firstTime(fault.time("OccurredAt"), context.messageTime()))
                .customData(custom)
                .build();
        return List.of(context.event(event, occurrenceId));
    }

    /**
     * {@code FaultCleared} → {@code ASSET_FAULT} with {@code cleared = true}: the mapping pyWATS
     * intended but which always throws there (D27: the CFX adapters' defects fixed). The fault code
     * is the occurrence id (the message carries no code); the fault and clearing times are the
     * message time.
     */
    static List<Event> faultCleared(CfxContext context) {
        CfxBody body = context.body();
        String occurrenceId = body.requiredString("FaultOccurrenceId");
        Map<String, Object> custom = new LinkedHashMap<>();
        custom.put("fault_occurrence_id", occurrenceId);
        custom.put("operator_id", CfxValues.operatorId(body, "Operator", null));
        custom.put("lane", body.value("Lane"));
        custom.put("stage", body.value("Stage"));
        AssetFaultEvent event = AssetFaultEvent.builder(context.sender(), occurrenceId)
                .faultMessage(FAULT_CLEARED_MESSAGE)
                .severity(SeverityLevel.INFO)
                .timestamp(context.messageTime())
                .cleared(true)
                .clearedTime(context.messageTime())
                .customData(custom)
                .build();
        return List.of(context.event(event, occurrenceId));
    }

    /**
     * {@code StationStateChanged} → {@code ASSET_STATE_CHANGED}: states as
     * {@link CfxEnums#assetState(Object)} reads them, an unknown new state offline and an unknown
     * old state null; the reason is the related fault's cause and code.
     */
    static List<Event> stationStateChanged(CfxContext context) {
        CfxBody body = context.body();
        Object newState = state(body, "NewState");
        if (newState == null) {
            throw body.error("NewState", "is missing");
        }
        Object oldState = state(body, "OldState");
        CfxBody relatedFault = body.object("RelatedFault");
        Map<String, Object> custom = new LinkedHashMap<>();
        custom.put("cfx_old_state", stateText(oldState));
        custom.put("cfx_new_state", stateText(newState));
        custom.put("old_state_duration_seconds", seconds(body, "OldStateDuration"));
        custom.put("related_fault", relatedFault == null ? null : faultSummary(relatedFault));
        AssetState mappedNew = CfxEnums.assetState(newState);
        AssetStateChangedEvent event = AssetStateChangedEvent.builder(context.sender(),
                        mappedNew != null ? mappedNew : AssetState.OFFLINE)
                .previousState(CfxEnums.assetState(oldState))
                .timestamp(context.messageTime())
                .reason(relatedFault == null ? null : reason(relatedFault))
                .customData(custom)
                .build();
        return List.of(context.event(event, relatedFault == null ? null : relatedFault.string("FaultOccurrenceId")));
    }

    private static Object state(CfxBody body, String key) {
        Object value = body.value(key);
        if (value == null || value instanceof String || value instanceof Long || value instanceof Double) {
            return value;
        }
        throw body.wrongType(key, "a SEMI E10 state code or a state name", value);
    }

    private static String stateText(Object state) {
        if (state instanceof Double real && real == Math.rint(real)) {
            return Long.toString(real.longValue());
        }
        String text = state == null ? "" : state.toString();
        return text.isEmpty() ? "unknown" : text;
    }

    /** A .NET TimeSpan text (or a number of seconds) as seconds. */
    private static Double seconds(CfxBody body, String key) {
        Object value = body.value(key);
        if (value == null || value instanceof Long || value instanceof Double) {
            return value == null ? null : ((Number) value).doubleValue();
        }
        if (!(value instanceof String text)) {
            throw body.wrongType(key, "a .NET TimeSpan text", value);
        }
        Duration duration;
        try {
            duration = DotNetTimeSpan.parse(text);
        } catch (IllegalArgumentException e) {
            throw body.error(key, "is invalid: " + e.getMessage());
        }
        return duration.getSeconds() + duration.getNano() / 1e9;
    }

    private static Map<String, Object> faultSummary(CfxBody fault) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("fault_code", fault.string("FaultCode"));
        summary.put("cause", fault.string("Cause"));
        summary.put("severity", CfxEnums.severity(fault.string("Severity")).value());
        summary.put("fault_occurrence_id", fault.string("FaultOccurrenceId"));
        return summary;
    }

    private static String reason(CfxBody fault) {
        String cause = fault.string("Cause");
        String code = fault.string("FaultCode");
        if (CfxContext.isEmpty(cause) || CfxContext.isEmpty(code)) {
            return CfxValues.firstNonEmpty(cause, code);
        }
        return cause + " (" + code + ")";
    }
}
