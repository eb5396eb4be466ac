package io.linebus.models.domain;

import static io.linebus.models.domain.DomainSamples.END;
import static io.linebus.models.domain.DomainSamples.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.linebus.models.EventType;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** WorkStartedEvent, WorkCompletedEvent, WorkOrderEvent and UnitDisqualifiedEvent. */
class ProductionEventsTest {

    @Test
    void workStartedToMapIsPythonsToDict() {
        assertThat(DomainSamples.workStarted().toMap()).containsExactly(
                entry("unit_id", "SN-0005"),
                entry("station_id", "SMT-2"),
                entry("work_order_id", "WO-1"),
                entry("operator_id", "op-1"),
                entry("timestamp", "2026-01-26T08:30:00+00:00"),
                entry("lane", 2L),
                entry("custom_data", Map.of("stage", "top")));
        WorkStartedEvent minimal = WorkStartedEvent.builder("SN", "").build();
        assertThat(minimal.toMap()).containsEntry("lane", null).containsEntry("work_order_id", null);
        assertThat(minimal.timestamp().getOffset()).isEqualTo(ZoneOffset.UTC);
    }

    @Test
    void workStartedRejectsBadInput() {
        assertThatThrownBy(() -> WorkStartedEvent.builder("SN", null)).isInstanceOf(NullPointerException.class)
                .hasMessage("stationId");
        assertThatThrownBy(() -> WorkStartedEvent.fromMap(Map.of("unit_id", "SN", "station_id", "S", "lane", "1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("WorkStartedEvent: field 'lane' must be a whole number in the int range, got String '1'");
    }

    @Test
    void workCompletedDefaultsArePythons() {
        WorkCompletedEvent event = WorkCompletedEvent.builder("SN", "S").build();
        assertThat(event.result()).isEqualTo(WorkCompletedEvent.Result.COMPLETED);
        assertThat(event.startTime()).isNull();
        assertThat(event.endTime()).isNotNull();
        assertThat(event.durationMs()).isEmpty();
    }

    @Test
    void workCompletedDurationAndMap() {
        WorkCompletedEvent event = DomainSamples.workCompleted();
        assertThat(event.durationMs()).hasValue(12345.678);
        assertThat(event.toMap()).containsExactly(
                entry("unit_id", "SN-0005"),
                entry("station_id", "SMT-2"),
                entry("result", "aborted"),
                entry("work_order_id", "WO-1"),
                entry("operator_id", "op-1"),
                entry("start_time", "2026-01-26T08:30:00+00:00"),
                entry("end_time", "2026-01-26T08:30:12.345678+00:00"),
                entry("custom_data", Map.of("cfx_result", "Aborted")));
        assertThat(WorkCompletedEvent.builder("SN", "S").startTime(END).endTime(START).build().durationMs())
                .hasValue(-12345.678);
    }

    @Test
    void workCompletedRejectsResultsOutsideThePythonLiteral() {
        assertThatThrownBy(() -> WorkCompletedEvent.fromMap(Map.of("unit_id", "SN", "station_id", "S",
                "result", "Completed"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("WorkCompletedEvent: field 'result' is invalid: Unknown WorkCompletedEvent.Result value "
                        + "'Completed'; allowed: completed, failed, aborted");
        assertThatThrownBy(() -> WorkCompletedEvent.builder("SN", "S").result(null).build())
                .isInstanceOf(NullPointerException.class).hasMessage("result");
    }

    @Test
    void workOrderMapAndEventTypes() {
        assertThat(DomainSamples.workOrder().toMap()).containsExactly(
                entry("work_order_id", "WO-1"),
                entry("action", "started"),
                entry("part_number", "PN-100"),
                entry("quantity", 250L),
                entry("status", "in progress"),
                entry("timestamp", "2026-01-26T08:30:00+00:00"),
                entry("custom_data", Map.of("priority", "high")));
        for (WorkOrderEvent.Action action : WorkOrderEvent.Action.values()) {
            assertThat(WorkOrderEvent.builder("WO", action).build().eventType()).isEqualTo(
                    action == WorkOrderEvent.Action.CREATED ? EventType.WORK_ORDER_CREATED
                            : EventType.WORK_ORDER_UPDATED);
        }
    }

    @Test
    void workOrderRejectsBadInput() {
        assertThatThrownBy(() -> WorkOrderEvent.builder("WO", null)).isInstanceOf(NullPointerException.class)
                .hasMessage("action");
        assertThatThrownBy(() -> WorkOrderEvent.fromMap(Map.of("work_order_id", "WO")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("WorkOrderEvent: field 'action' is required");
        assertThatThrownBy(() -> WorkOrderEvent.fromMap(Map.of("work_order_id", "WO", "action", "created",
                "quantity", 3_000_000_000L))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("field 'quantity' must be a whole number in the int range");
        assertThat(WorkOrderEvent.fromMap(Map.of("work_order_id", "WO", "action", "created", "quantity", 7L))
                .quantity()).isEqualTo(7);
    }

    @Test
    void unitDisqualifiedDefaultsAndMap() {
        UnitDisqualifiedEvent minimal = UnitDisqualifiedEvent.builder("SN", "Scratched").build();
        assertThat(minimal.disqualificationType()).isEqualTo("scrapped");
        assertThat(minimal.stationId()).isNull();
        assertThat(DomainSamples.unitDisqualified().toMap()).containsExactly(
                entry("unit_id", "SN-0004"),
                entry("reason", "Cracked board"),
                entry("station_id", "QA-1"),
                entry("disqualification_type", "reworked"),
                entry("timestamp", "2026-01-26T08:30:00+00:00"),
                entry("custom_data", Map.of("lane", 2L)));
    }

    @Test
    void unitDisqualifiedRejectsBadInput() {
        assertThatThrownBy(() -> UnitDisqualifiedEvent.builder("SN", null)).isInstanceOf(NullPointerException.class)
                .hasMessage("reason");
        assertThatThrownBy(() -> UnitDisqualifiedEvent.fromMap(Map.of("unit_id", "SN")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("UnitDisqualifiedEvent: field 'reason' is required");
    }
}
