package io.linebus.models.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InspectionResultEventTest {

    @Test
    void defaultsArePythons() {
        InspectionResultEvent event = InspectionResultEvent.builder("SN").build();
        assertThat(event.result()).isEqualTo(TestResult.PASS);
        assertThat(event.inspectionType()).isEqualTo("aoi");
        assertThat(event.partNumber()).isNull();
        assertThat(event.stationId()).isNull();
        assertThat(event.endTime()).isNull();
        assertThat(event.defects()).isEmpty();
        assertThat(event.images()).isEmpty();
        assertThat(event.customData()).isEmpty();
        assertThat(event.startTime()).isNotNull();
    }

    @Test
    void toMapUsesTheFieldNamesInOrder() {
        assertThat(DomainSamples.inspection().toMap()).containsExactly(
                entry("unit_id", "SN-0002"),
                entry("result", "fail"),
                entry("part_number", "PN-200"),
                entry("station_id", "AOI-1"),
                entry("inspection_type", "xray"),
                entry("start_time", "2026-01-26T08:30:00+00:00"),
                entry("end_time", "2026-01-26T08:30:12.345678+00:00"),
                entry("defects", List.of(Map.of("code", "BRIDGE", "x", 12.5, "y", 3L))),
                entry("images", List.of("file:///images/SN-0002-top.png", "s3://bucket/SN-0002-bottom.png")),
                entry("custom_data", Map.of("recipe", "R-1")));
    }

    // D14
    @Test
    void defectsAreFrozenCopies() {
        Map<String, Object> defect = new LinkedHashMap<>(Map.of("code", "BRIDGE", "count", 2));
        InspectionResultEvent event = InspectionResultEvent.builder("SN").addDefect(defect).build();
        defect.put("code", "CHANGED");
        assertThat(event.defects()).containsExactly(Map.of("code", "BRIDGE", "count", 2L));
        assertThatThrownBy(() -> event.defects().get(0).put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> event.defects().add(Map.of())).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> event.images().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> InspectionResultEvent.builder("SN").addDefect(Map.of("at", new Object())).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'defects[0].at'");
        List<String> images = new ArrayList<>();
        images.add(null);
        assertThatThrownBy(() -> InspectionResultEvent.builder("SN").images(images).build())
                .isInstanceOf(NullPointerException.class).hasMessage("images[0]");
        assertThatThrownBy(() -> InspectionResultEvent.builder("SN").inspectionType(null).build())
                .isInstanceOf(NullPointerException.class).hasMessage("inspectionType");
        assertThatThrownBy(() -> InspectionResultEvent.fromMap(Map.of("unit_id", "SN", "defects", List.of("BRIDGE"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("InspectionResultEvent: field 'defects[0]' must be a map, got String 'BRIDGE'");
        assertThatThrownBy(() -> InspectionResultEvent.fromMap(Map.of("unit_id", "SN", "images", "a.png")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("InspectionResultEvent: field 'images' must be a list, got String 'a.png'");
    }
}
