package io.linebus.models.domain;

import static io.linebus.models.domain.DomainSamples.OTHER_OFFSET;
import static io.linebus.models.domain.DomainSamples.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.linebus.models.Event;
import io.linebus.models.EventJson;
import io.linebus.models.EventType;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** AssetFaultEvent, AssetStateChangedEvent and MaintenanceEvent. */
class AssetEventsTest {

    @Test
    void faultDefaultsArePythons() {
        AssetFaultEvent fault = AssetFaultEvent.builder("oven-1", "E-1").build();
        assertThat(fault.faultMessage()).isEmpty();
        assertThat(fault.severity()).isEqualTo(SeverityLevel.ERROR);
        assertThat(fault.cleared()).isFalse();
        assertThat(fault.clearedTime()).isNull();
        assertThat(fault.customData()).isEmpty();
        assertThat(fault.timestamp().getOffset()).isEqualTo(ZoneOffset.UTC);
    }

    @Test
    void faultToMapIsPythonsToDict() {
        assertThat(DomainSamples.assetFault().toMap()).containsExactly(
                entry("asset_id", "oven-1"),
                entry("fault_code", "E-042"),
                entry("fault_message", "Over temperature"),
                entry("severity", "critical"),
                entry("timestamp", "2026-01-26T08:30:00+00:00"),
                entry("cleared", true),
                entry("cleared_time", "2026-01-26T10:31:00.500000+02:00"),
                entry("custom_data", Map.of("fault_occurrence_id", "f-1", "related_units", List.of("SN-1", "SN-2"))));
        assertThat(AssetFaultEvent.builder("a", "f").build().toMap()).containsEntry("cleared_time", null);
    }

    @Test
    void faultReadsPythonJson() {
        Event event = EventJson.fromJson("{\"event_type\": \"asset.fault\", \"payload\": {\"asset_id\": \"cfx\", "
                + "\"fault_code\": \"F1\", \"fault_message\": \"Jam\", \"severity\": \"warning\", "
                + "\"timestamp\": \"2026-01-26T08:30:00.000001+00:00\", \"cleared\": false, \"cleared_time\": null, "
                + "\"custom_data\": {\"lane\": 1}}}");
        AssetFaultEvent fault = AssetFaultEvent.fromMap(event.payload());
        assertThat(event.eventType()).isEqualTo(EventType.ASSET_FAULT);
        assertThat(fault.severity()).isEqualTo(SeverityLevel.WARNING);
        assertThat(fault.timestamp()).isEqualTo(START.plusNanos(1000));
        assertThat(fault.customData()).containsEntry("lane", 1L);
        assertThat(EventJson.toJson(fault.toEvent("cfx:cfx"))).contains("\"payload\":{\"asset_id\":\"cfx\","
                + "\"fault_code\":\"F1\",\"fault_message\":\"Jam\",\"severity\":\"warning\","
                + "\"timestamp\":\"2026-01-26T08:30:00.000001+00:00\",\"cleared\":false,\"cleared_time\":null,"
                + "\"custom_data\":{\"lane\":1}}");
    }

    @Test
    void faultRejectsBadInput() {
        assertThatThrownBy(() -> AssetFaultEvent.builder("a", null)).isInstanceOf(NullPointerException.class)
                .hasMessage("faultCode");
        assertThatThrownBy(() -> AssetFaultEvent.builder("a", "f").severity(null).build())
                .isInstanceOf(NullPointerException.class).hasMessage("severity");
        assertThatThrownBy(() -> AssetFaultEvent.builder("a", "f").faultMessage(null).build())
                .isInstanceOf(NullPointerException.class).hasMessage("faultMessage");
        assertThatThrownBy(() -> AssetFaultEvent.fromMap(Map.of("asset_id", "a", "fault_code", "f", "cleared", "no")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("AssetFaultEvent: field 'cleared' must be a boolean, got String 'no'");
        assertThatThrownBy(() -> AssetFaultEvent.fromMap(Map.of("asset_id", "a", "fault_code", "f",
                "severity", "Error"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("field 'severity' is invalid: Unknown SeverityLevel value 'Error'");
        assertThatThrownBy(() -> AssetFaultEvent.fromMap(Map.of("asset_id", "a")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("AssetFaultEvent: field 'fault_code' is required");
    }

    @Test
    void stateChangeToMapIsPythonsToDict() {
        assertThat(DomainSamples.assetStateChanged().toMap()).containsExactly(
                entry("asset_id", "oven-1"),
                entry("new_state", "maintenance"),
                entry("previous_state", "busy"),
                entry("timestamp", "2026-01-26T10:31:00.500000+02:00"),
                entry("reason", "scheduled service"),
                entry("custom_data", Map.of("old_state_duration_seconds", 3600.5)));
        AssetStateChangedEvent minimal = AssetStateChangedEvent.builder("a", AssetState.IDLE).build();
        assertThat(minimal.previousState()).isNull();
        assertThat(minimal.reason()).isNull();
        assertThat(minimal.toMap()).containsEntry("previous_state", null).containsEntry("reason", null);
    }

    @Test
    void stateChangeKeepsTheTimestampOffset() {
        AssetStateChangedEvent read = AssetStateChangedEvent.fromMap(DomainSamples.assetStateChanged().toMap());
        assertThat(read.timestamp()).isEqualTo(OTHER_OFFSET);
        assertThat(read.timestamp().getOffset()).isEqualTo(ZoneOffset.ofHours(2));
    }

    @Test
    void stateChangeRejectsBadInput() {
        assertThatThrownBy(() -> AssetStateChangedEvent.builder("a", null)).isInstanceOf(NullPointerException.class)
                .hasMessage("newState");
        assertThatThrownBy(() -> AssetStateChangedEvent.fromMap(Map.of("asset_id", "a")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("AssetStateChangedEvent: field 'new_state' is required");
        assertThatThrownBy(() -> AssetStateChangedEvent.fromMap(Map.of("asset_id", "a", "new_state", "online",
                "previous_state", "Processing"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("field 'previous_state' is invalid");
    }

    @Test
    void maintenanceDefaultsAndMap() {
        MaintenanceEvent minimal = MaintenanceEvent.builder("oven-1", "corrective").build();
        assertThat(minimal.description()).isEmpty();
        assertThat(minimal.performedBy()).isNull();
        assertThat(minimal.durationMinutes()).isNull();
        assertThat(minimal.partsReplaced()).isEmpty();

        assertThat(DomainSamples.maintenance().toMap()).containsExactly(
                entry("asset_id", "oven-1"),
                entry("maintenance_type", "preventive"),
                entry("description", "Replaced fan"),
                entry("performed_by", "tech-3"),
                entry("timestamp", "2026-01-26T08:30:00+00:00"),
                entry("duration_minutes", 42.5),
                entry("parts_replaced", List.of("FAN-12", "FILTER-3")),
                entry("custom_data", Map.of("ticket", "MX-77")));
    }

    @Test
    void maintenanceRejectsBadInput() {
        List<String> parts = new ArrayList<>();
        parts.add(null);
        assertThatThrownBy(() -> MaintenanceEvent.builder("a", "m").partsReplaced(parts).build())
                .isInstanceOf(NullPointerException.class).hasMessage("partsReplaced[0]");
        assertThatThrownBy(() -> MaintenanceEvent.fromMap(Map.of("asset_id", "a", "maintenance_type", "m",
                "parts_replaced", List.of("ok", 3L)))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("MaintenanceEvent: field 'parts_replaced[1]' must be a string, got Long 3");
        assertThatThrownBy(() -> MaintenanceEvent.fromMap(Map.of("asset_id", "a", "maintenance_type", "m",
                "duration_minutes", "5"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("field 'duration_minutes' must be a number");
        assertThat(MaintenanceEvent.fromMap(Map.of("asset_id", "a", "maintenance_type", "m",
                "duration_minutes", 5L)).durationMinutes()).isEqualTo(5.0);
    }
}
