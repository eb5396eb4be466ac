package io.linebus.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventTypeTest {

    @Test
    void has24ConstantsInPythonOrderWithTheirValues() {
        assertThat(Arrays.stream(EventType.values()).map(EventType::value)).containsExactly(
                "test.result", "test.started", "inspection.result", "inspection.started",
                "asset.fault", "asset.maintenance", "asset.state_changed", "asset.calibration",
                "material.installed", "material.consumed", "material.rejected",
                "production.work_started", "production.work_completed", "production.unit_arrived",
                "production.unit_departed", "production.unit_disqualified",
                "production.work_order_created", "production.work_order_updated",
                "system.transport_connected", "system.transport_disconnected", "system.transport_error",
                "system.handler_error", "system.dead_letter", "custom");
        assertThat(EventType.values()[0]).isEqualTo(EventType.TEST_RESULT);
        assertThat(EventType.values()[23]).isEqualTo(EventType.CUSTOM);
        assertThat(EventType.EVENT_DEAD_LETTER.value()).isEqualTo("system.dead_letter");
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void toStringIsTheValueAndFromStringInvertsIt(EventType type) {
        assertThat(type.toString()).isEqualTo(type.value());
        assertThat(EventType.fromString(type.value())).isSameAs(type);
        assertThat(EventType.lookup(type.value())).isSameAs(type);
        assertThat(EventType.ofOrdinal(type.ordinal())).isSameAs(type);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TEST_RESULT", "test_result", "Test.Result", "test.result ", "", "asset.fault_cleared"})
    @NullSource
    void fromStringRejectsAnythingButAnExactValue(String text) {
        assertThatThrownBy(() -> EventType.fromString(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown event type: " + text);
        assertThat(EventType.lookup(text)).isNull();
    }

    @Test
    void valueOfStillLooksUpByConstantName() {
        assertThat(EventType.valueOf("TEST_RESULT")).isSameAs(EventType.TEST_RESULT);
    }

    @Test
    void groupListsInPythonOrder() {
        assertThat(EventType.testEvents()).containsExactly(EventType.TEST_RESULT, EventType.TEST_STARTED,
                EventType.INSPECTION_RESULT, EventType.INSPECTION_STARTED);
        assertThat(EventType.assetEvents()).containsExactly(EventType.ASSET_FAULT, EventType.ASSET_MAINTENANCE,
                EventType.ASSET_STATE_CHANGED, EventType.ASSET_CALIBRATION);
        assertThat(EventType.materialEvents()).containsExactly(EventType.MATERIAL_INSTALLED,
                EventType.MATERIAL_CONSUMED, EventType.MATERIAL_REJECTED);
        assertThat(EventType.productionEvents()).containsExactly(EventType.WORK_STARTED, EventType.WORK_COMPLETED,
                EventType.UNIT_ARRIVED, EventType.UNIT_DEPARTED, EventType.UNIT_DISQUALIFIED,
                EventType.WORK_ORDER_CREATED, EventType.WORK_ORDER_UPDATED);
        assertThat(EventType.systemEvents()).containsExactly(EventType.TRANSPORT_CONNECTED,
                EventType.TRANSPORT_DISCONNECTED, EventType.TRANSPORT_ERROR, EventType.HANDLER_ERROR,
                EventType.EVENT_DEAD_LETTER);
    }

    @Test
    void everyTypeButCustomIsInExactlyOneGroup() {
        List<EventType> grouped = new ArrayList<>();
        grouped.addAll(EventType.testEvents());
        grouped.addAll(EventType.assetEvents());
        grouped.addAll(EventType.materialEvents());
        grouped.addAll(EventType.productionEvents());
        grouped.addAll(EventType.systemEvents());
        assertThat(grouped).doesNotHaveDuplicates().doesNotContain(EventType.CUSTOM).hasSize(23);
    }

    @Test
    void groupListsCannotBeChangedByCallers() {
        assertThatThrownBy(() -> EventType.testEvents().add(EventType.CUSTOM))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(EventType.testEvents()).hasSize(4);
    }
}
