package io.linebus.models.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.linebus.models.Event;
import io.linebus.models.EventJson;
import io.linebus.models.EventMetadata;
import io.linebus.models.EventType;
import io.linebus.models.PayloadValues;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** D15: every domain event reads back from its map form, its event payload and its JSON, unchanged. */
class DomainEventRoundTripTest {

    static Stream<DomainEvent> events() {
        return Stream.concat(DomainSamples.allEvents().stream(), minimalEvents().stream());
    }

    static List<DomainEvent> minimalEvents() {
        return List.of(
                TestResultEvent.builder("SN").build(),
                InspectionResultEvent.builder("SN").build(),
                AssetFaultEvent.builder("a", "f").build(),
                AssetStateChangedEvent.builder("a", AssetState.ONLINE).build(),
                MaintenanceEvent.builder("a", "scheduled").build(),
                MaterialInstalledEvent.builder("SN").build(),
                UnitDisqualifiedEvent.builder("SN", "r").build(),
                WorkStartedEvent.builder("SN", "").build(),
                WorkCompletedEvent.builder("SN", "st").build(),
                WorkOrderEvent.builder("WO", WorkOrderEvent.Action.CREATED).build());
    }

    /** The {@code fromMap} of the record's own class. */
    static DomainEvent read(Class<?> type, Map<String, ?> map) {
        if (type == TestResultEvent.class) {
            return TestResultEvent.fromMap(map);
        } else if (type == InspectionResultEvent.class) {
            return InspectionResultEvent.fromMap(map);
        } else if (type == AssetFaultEvent.class) {
            return AssetFaultEvent.fromMap(map);
        } else if (type == AssetStateChangedEvent.class) {
            return AssetStateChangedEvent.fromMap(map);
        } else if (type == MaintenanceEvent.class) {
            return MaintenanceEvent.fromMap(map);
        } else if (type == MaterialInstalledEvent.class) {
            return MaterialInstalledEvent.fromMap(map);
        } else if (type == UnitDisqualifiedEvent.class) {
            return UnitDisqualifiedEvent.fromMap(map);
        } else if (type == WorkStartedEvent.class) {
            return WorkStartedEvent.fromMap(map);
        } else if (type == WorkCompletedEvent.class) {
            return WorkCompletedEvent.fromMap(map);
        } else if (type == WorkOrderEvent.class) {
            return WorkOrderEvent.fromMap(map);
        }
        throw new AssertionError("no reader for " + type);
    }

    // D15
    @ParameterizedTest
    @MethodSource("events")
    void fromMapInvertsToMap(DomainEvent record) {
        assertThat(read(record.getClass(), record.toMap())).isEqualTo(record);
    }

    // D15
    @ParameterizedTest
    @MethodSource("events")
    void readsBackFromAnEventPayload(DomainEvent record) {
        Event event = Event.create(record.eventType(), record.toMap(), "station-1");

        assertThat(read(record.getClass(), event.payload())).isEqualTo(record);
        assertThat(record.toEvent("station-1").payload()).isEqualTo(event.payload());
        assertThat(record.toEvent("station-1").source()).isEqualTo("station-1");
        assertThat(record.toEvent("station-1", "corr").metadata().correlationId()).isEqualTo("corr");
        EventMetadata metadata = EventMetadata.builder().eventId("given").source("line-2").build();
        assertThat(record.toEvent(metadata)).isEqualTo(new Event(record.eventType(), record.toMap(), metadata));
    }

    // D15
    @ParameterizedTest
    @MethodSource("events")
    void readsBackFromJson(DomainEvent record) {
        Event event = EventJson.fromJson(EventJson.toJson(record.toEvent("station-1")));

        assertThat(event.eventType()).isEqualTo(record.eventType());
        assertThat(read(record.getClass(), event.payload())).isEqualTo(record);
    }

    @ParameterizedTest
    @MethodSource("events")
    void toMapHoldsOnlyPayloadValues(DomainEvent record) {
        Map<String, Object> map = record.toMap();
        // freezing would turn an Integer into a Long, a record into an error: nothing changes
        assertThat(PayloadValues.freeze(map)).isEqualTo(map);
    }

    @ParameterizedTest
    @MethodSource("events")
    void toMapIsAFreshCopyEachTime(DomainEvent record) {
        Map<String, Object> map = record.toMap();
        map.clear();
        assertThat(record.toMap()).isNotEmpty().isEqualTo(record.toMap());
    }

    @ParameterizedTest
    @MethodSource("events")
    void everyRecordIsPublishedUnderItsEventType(DomainEvent record) {
        EventType expected = switch (record.getClass().getSimpleName()) {
            case "TestResultEvent" -> EventType.TEST_RESULT;
            case "InspectionResultEvent" -> EventType.INSPECTION_RESULT;
            case "AssetFaultEvent" -> EventType.ASSET_FAULT;
            case "AssetStateChangedEvent" -> EventType.ASSET_STATE_CHANGED;
            case "MaintenanceEvent" -> EventType.ASSET_MAINTENANCE;
            case "MaterialInstalledEvent" -> EventType.MATERIAL_INSTALLED;
            case "UnitDisqualifiedEvent" -> EventType.UNIT_DISQUALIFIED;
            case "WorkStartedEvent" -> EventType.WORK_STARTED;
            case "WorkCompletedEvent" -> EventType.WORK_COMPLETED;
            default -> ((WorkOrderEvent) record).action() == WorkOrderEvent.Action.CREATED
                    ? EventType.WORK_ORDER_CREATED : EventType.WORK_ORDER_UPDATED;
        };
        assertThat(record.eventType()).isEqualTo(expected);
        assertThat(record.toEvent("s").eventType()).isEqualTo(expected);
    }
}
