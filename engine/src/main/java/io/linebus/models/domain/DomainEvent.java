package io.linebus.models.domain;

import io.linebus.models.Event;
import io.linebus.models.EventMetadata;
import io.linebus.models.EventType;
import java.util.Map;

/**
 * A typed payload model that travels as an {@link Event}'s payload: its {@link #toMap()} is the
 * payload, and each implementation's static {@code fromMap(event.payload())} reads it back.
 *
 * <pre>{@code
 * Event event = testResult.toEvent("station-1");   // = Event.create(TEST_RESULT, testResult.toMap(), "station-1")
 * TestResultEvent again = TestResultEvent.fromMap(event.payload());
 * }</pre>
 */
public sealed interface DomainEvent permits TestResultEvent, InspectionResultEvent, AssetFaultEvent,
        AssetStateChangedEvent, MaintenanceEvent, MaterialInstalledEvent, UnitDisqualifiedEvent,
        WorkStartedEvent, WorkCompletedEvent, WorkOrderEvent {

    /** The event type this model is published under. */
    EventType eventType();

    /**
     * The lossless map form: the keys Python's {@code to_dict()} writes, in its order, followed by
     * the fields Python drops (D15: lossless domain serialization). Values are payload values:
     * strings for enums and timestamps, {@code Long}/{@code Double} for numbers, maps and lists for
     * nested records.
     */
    Map<String, Object> toMap();

    /** An event of {@link #eventType()} with this model as payload, from {@code source}. */
    default Event toEvent(String source) {
        return Event.create(eventType(), toMap(), source);
    }

    /** An event of {@link #eventType()} with this model as payload, from {@code source}, correlated. */
    default Event toEvent(String source, String correlationId) {
        return Event.create(eventType(), toMap(), source, correlationId);
    }

    /** An event of {@link #eventType()} with this model as payload and the given metadata. */
    default Event toEvent(EventMetadata metadata) {
        return new Event(eventType(), toMap(), metadata);
    }
}
