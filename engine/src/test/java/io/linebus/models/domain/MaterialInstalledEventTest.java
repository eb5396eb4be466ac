package io.linebus.models.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MaterialInstalledEventTest {

    @Test
    void defaultsArePythons() {
        MaterialInstalledEvent event = MaterialInstalledEvent.builder("SN").build();
        assertThat(event.components()).isEmpty();
        assertThat(event.componentCount()).isZero();
        assertThat(event.stationId()).isNull();
        assertThat(event.customData()).isEmpty();

        InstalledComponent component = InstalledComponent.builder("R1").build();
        assertThat(component.partNumber()).isNull();
        assertThat(component.serialNumber()).isNull();
        assertThat(component.lotNumber()).isNull();
        assertThat(component.installedTime()).isNull();
    }

    @Test
    void countsComponents() {
        assertThat(DomainSamples.materialInstalled().componentCount()).isEqualTo(2);
    }

    // D15: installed_time, which Python drops, is kept after Python's keys.
    @Test
    void toMapKeepsTheInstalledTime() {
        Map<String, Object> map = DomainSamples.materialInstalled().toMap();
        assertThat(map.keySet()).containsExactly("unit_id", "components", "station_id", "timestamp", "custom_data");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> components = (List<Map<String, Object>>) map.get("components");
        assertThat(components.get(0)).containsExactly(
                entry("reference_designator", "U3"),
                entry("part_number", "IC-123"),
                entry("serial_number", "C-1"),
                entry("lot_number", "LOT-5"),
                entry("installed_time", "2026-01-26T08:30:12.345678+00:00"));
        assertThat(components.get(1)).containsEntry("installed_time", null);
    }

    @Test
    void componentRoundTripsOnItsOwn() {
        InstalledComponent component = DomainSamples.component();
        assertThat(InstalledComponent.fromMap(component.toMap())).isEqualTo(component);
        Map<String, Object> python = Map.of("reference_designator", "R1", "part_number", "P");
        assertThat(InstalledComponent.fromMap(python)).isEqualTo(InstalledComponent.builder("R1").partNumber("P").build());
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> MaterialInstalledEvent.builder("SN").addComponent(null))
                .isInstanceOf(NullPointerException.class).hasMessage("component");
        assertThatThrownBy(() -> InstalledComponent.builder(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("referenceDesignator");
        assertThatThrownBy(() -> MaterialInstalledEvent.fromMap(Map.of("unit_id", "SN",
                "components", List.of(Map.of("reference_designator", "R1"), Map.of("part_number", "P")))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("MaterialInstalledEvent: field 'components[1].reference_designator' is required");
        assertThatThrownBy(() -> MaterialInstalledEvent.fromMap(Map.of("unit_id", "SN",
                "components", List.of(Map.of("reference_designator", "R1", "installed_time", true)))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("field 'components[0].installed_time' must be an ISO-8601 timestamp");
    }
}
