package io.linebus.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventTest {
    private static final String UUID_V7 = "[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

    // Python: test_create_event_with_defaults
    @Test
    void createEventWithDefaults() {
        Event event = new Event(EventType.TEST_RESULT, Map.of("result", "passed"));

        assertThat(event.eventId()).isNotNull().matches(UUID_V7);
        assertThat(event.timestamp()).isNotNull();
        assertThat(event.eventType()).isEqualTo(EventType.TEST_RESULT);
        assertThat(event.payload()).isEqualTo(Map.of("result", "passed"));
        assertThat(event.source()).isEqualTo("unknown");
        assertThat(event.id()).isEqualTo(event.eventId()).isEqualTo(event.metadata().eventId());
    }

    // Python: test_create_event_with_metadata
    @Test
    void createEventWithMetadata() {
        EventMetadata metadata = EventMetadata.builder()
                .correlationId("corr-123").source("test-station").traceId("trace-456").build();

        Event event = new Event(EventType.ASSET_FAULT, Map.of("fault", "temperature"), metadata);

        assertThat(event.metadata().correlationId()).isEqualTo("corr-123");
        assertThat(event.metadata().source()).isEqualTo("test-station");
        assertThat(event.metadata().traceId()).isEqualTo("trace-456");
        assertThat(event.source()).isEqualTo("test-station");
    }

    // Python: test_event_to_dict
    @Test
    void eventToDict() {
        Event event = new Event(EventType.MATERIAL_INSTALLED, Map.of("component", "IC123"));

        Map<String, Object> map = event.toMap();

        assertThat(map).containsKey("event_id").containsKey("timestamp");
        assertThat(map.get("event_type")).isEqualTo("material.installed");
        assertThat(map.get("payload")).isEqualTo(Map.of("component", "IC123"));
    }

    // Python: test_event_from_dict (with the D13 additions)
    @Test
    void eventFromDict() {
        String topLevelId = UUID.randomUUID().toString();
        Map<String, Object> data = new HashMap<>();
        data.put("event_id", topLevelId);
        data.put("event_type", "test_result");
        data.put("timestamp", LocalDateTime.now().toString());
        data.put("payload", Map.of("test", "data"));
        data.put("metadata", Map.of("correlation_id", "abc", "source", "test"));

        Event event = Event.fromMap(data);

        assertThat(event.payload()).isEqualTo(Map.of("test", "data"));
        assertThat(event.metadata().correlationId()).isEqualTo("abc");
        assertThat(event.source()).isEqualTo("test");
        // D13: the unknown type is CUSTOM with the original kept, and the top-level id is used.
        assertThat(event.eventType()).isEqualTo(EventType.CUSTOM);
        assertThat(event.metadata().custom()).containsEntry(Event.ORIGINAL_EVENT_TYPE, "test_result");
        assertThat(event.eventId()).isEqualTo(topLevelId);
        assertThat(event.timestamp().getOffset()).isEqualTo(ZoneOffset.UTC);
    }

    // D13
    @Test
    void fromMapUsesTopLevelIdAndTimestampOnlyWhenTheMetadataLacksThem() {
        Map<String, Object> noMetadata = Map.of("event_id", "top", "timestamp", "2024-01-15T10:30:00+00:00",
                "event_type", "test.result");
        Event fromTop = Event.fromMap(noMetadata);
        assertThat(fromTop.eventId()).isEqualTo("top");
        assertThat(fromTop.timestamp()).isEqualTo(OffsetDateTime.of(2024, 1, 15, 10, 30, 0, 0, ZoneOffset.UTC));
        assertThat(fromTop.eventType()).isEqualTo(EventType.TEST_RESULT);

        Map<String, Object> both = new LinkedHashMap<>(noMetadata);
        both.put("metadata", Map.of("event_id", "nested", "timestamp", "2025-01-01T00:00:00+00:00"));
        Event fromNested = Event.fromMap(both);
        assertThat(fromNested.eventId()).isEqualTo("nested");
        assertThat(fromNested.timestamp().getYear()).isEqualTo(2025);
    }

    // D13
    @Test
    void fromMapKeepsTheOriginalOfAnyUnknownType() {
        Map<String, Object> nonString = Map.of("event_type", 5, "metadata", Map.of("custom", Map.of("a", 1)));
        Event event = Event.fromMap(nonString);
        assertThat(event.eventType()).isEqualTo(EventType.CUSTOM);
        assertThat(event.metadata().custom()).containsEntry(Event.ORIGINAL_EVENT_TYPE, "5").containsEntry("a", 1L);

        Map<String, Object> nullType = new HashMap<>();
        nullType.put("event_type", null);
        assertThat(Event.fromMap(nullType).metadata().custom()).containsEntry(Event.ORIGINAL_EVENT_TYPE, null);

        Event custom = Event.fromMap(Map.of());
        assertThat(custom.eventType()).isEqualTo(EventType.CUSTOM);
        assertThat(custom.metadata().custom()).doesNotContainKey(Event.ORIGINAL_EVENT_TYPE);
        assertThat(custom.eventId()).matches(UUID_V7);

        assertThat(Event.fromMap(Map.of("event_type", "TEST_RESULT")).eventType()).isEqualTo(EventType.CUSTOM);
        assertThat(Event.fromMap(Map.of("event_type", "test.result")).eventType()).isEqualTo(EventType.TEST_RESULT);
    }

    @Test
    void fromMapRejectsAPayloadOrMetadataThatIsNoMap() {
        assertThatThrownBy(() -> Event.fromMap(Map.of("payload", List.of(1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'payload'");
        assertThatThrownBy(() -> Event.fromMap(Map.of("metadata", "x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'metadata'");
        assertThatThrownBy(() -> Event.fromMap(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void fromMapInvertsToMap() {
        Event event = Event.builder(EventType.WORK_STARTED).payload(Map.of("unit", "SN1", "n", 2L))
                .source("line-1").correlationId("c").causationId("k").sourceTopic("t").traceId("tr")
                .spanId("sp").retryCount(1).custom(Map.of("x", List.of(true))).build();
        assertThat(Event.fromMap(event.toMap())).isEqualTo(event);
    }

    @Test
    void withRetryKeepsIdTimeAndPayloadAndCountsUp() {
        Event event = Event.create(EventType.TEST_RESULT, Map.of("a", 1), "station");

        Event retry = event.withRetry();

        assertThat(retry.eventId()).isEqualTo(event.eventId());
        assertThat(retry.timestamp()).isEqualTo(event.timestamp());
        assertThat(retry.payload()).isEqualTo(event.payload());
        assertThat(retry.source()).isEqualTo("station");
        assertThat(retry.metadata().retryCount()).isEqualTo(1);
        assertThat(retry.withRetry().metadata().retryCount()).isEqualTo(2);
        assertThat(retry).isNotEqualTo(event);
        assertThat(event.metadata().retryCount()).isZero();
    }

    @Test
    void deriveLinksTheNewEventToItsCause() {
        Event parent = Event.builder(EventType.TEST_RESULT).source("station").sourceTopic("topic")
                .traceId("trace").retryCount(2).custom(Map.of("k", "v")).build();

        Event child = parent.derive(EventType.WORK_COMPLETED, Map.of("b", 2));

        assertThat(child.eventType()).isEqualTo(EventType.WORK_COMPLETED);
        assertThat(child.payload()).isEqualTo(Map.of("b", 2L));
        assertThat(child.eventId()).isNotEqualTo(parent.eventId()).matches(UUID_V7);
        assertThat(child.metadata().causationId()).isEqualTo(parent.eventId());
        assertThat(child.metadata().correlationId()).isEqualTo(parent.eventId());
        assertThat(child.metadata().traceId()).isEqualTo("trace");
        assertThat(child.metadata().spanId()).matches("[0-9a-f]{16}");
        assertThat(child.metadata().retryCount()).isZero();
        assertThat(child.metadata().sourceTopic()).isNull();
        assertThat(child.metadata().custom()).isEqualTo(Map.of("k", "v"));
        assertThat(child.source()).isEqualTo("station");
    }

    @Test
    void deriveReplacesTheSourceOnlyWithANonEmptyOne() {
        Event parent = Event.create(EventType.TEST_RESULT, Map.of(), "station", "corr");
        assertThat(parent.derive(EventType.CUSTOM, Map.of(), "router").source()).isEqualTo("router");
        assertThat(parent.derive(EventType.CUSTOM, Map.of(), "").source()).isEqualTo("station");
        assertThat(parent.derive(EventType.CUSTOM, Map.of(), null).source()).isEqualTo("station");
        assertThat(parent.derive(EventType.CUSTOM, Map.of()).metadata().correlationId()).isEqualTo("corr");
    }

    @Test
    void toMapHasPythonKeysInOrder() {
        Event event = Event.create(EventType.ASSET_FAULT, Map.of("f", "x"), "src");
        Map<String, Object> map = event.toMap();
        assertThat(map.keySet()).containsExactly("event_id", "timestamp", "event_type", "payload", "metadata");
        assertThat(map.get("event_id")).isEqualTo(event.eventId());
        assertThat(map.get("timestamp")).isEqualTo(IsoTimes.format(event.timestamp()));
        assertThat(map.get("metadata")).isEqualTo(event.metadata().toMap());
    }

    // D14
    @Test
    void mutatingTheCallersMapAfterCreateDoesNotChangeTheEvent() {
        List<Object> items = new ArrayList<>(List.of("a"));
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("items", items);
        payload.put("n", 1);

        Event event = Event.create(EventType.TEST_RESULT, payload);
        payload.put("n", 2);
        payload.put("extra", true);
        items.add("b");

        assertThat(event.payload()).isEqualTo(Map.of("items", List.of("a"), "n", 1L));
    }

    // D14
    @Test
    void payloadIsDeeplyUnmodifiable() {
        Event event = Event.create(EventType.TEST_RESULT, Map.of("nested", Map.of("list", List.of(1))));
        @SuppressWarnings("unchecked")
        Map<String, Object> nested = (Map<String, Object>) event.payload().get("nested");
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) nested.get("list");

        assertThatThrownBy(() -> event.payload().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> event.payload().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> nested.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> list.set(0, 2)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(event.withRetry().payload()).isEqualTo(event.payload());
    }

    @Test
    void integersBecomeLongsSoEventsEqualTheirJsonRoundTrip() {
        Event event = Event.create(EventType.TEST_RESULT, Map.of("i", 7, "list", List.of(1, 2.5f)));
        assertThat(event.payload().get("i")).isEqualTo(7L);
        assertThat(event.payload().get("list")).isEqualTo(List.of(1L, 2.5d));
        assertThat(EventJson.fromJson(EventJson.toJson(event))).isEqualTo(event);
    }

    // D28
    @Test
    void anEventAlwaysHasAnIdAndPrintsIt() {
        Event event = new Event(EventType.CUSTOM, null,
                new EventMetadata(null, null, null, null, "src", null, 0, null, null, null));
        assertThat(event.id()).matches(UUID_V7);
        assertThat(event.toString()).isEqualTo("Event(type=custom, id=" + event.id().substring(0, 8)
                + "..., source=src)");
        Event shortId = Event.builder(EventType.TEST_RESULT).eventId("abc").build();
        assertThat(shortId.toString()).isEqualTo("Event(type=test.result, id=abc..., source=unknown)");
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> new Event(null)).isInstanceOf(NullPointerException.class).hasMessage("eventType");
        assertThatThrownBy(() -> Event.create(EventType.CUSTOM, null))
                .isInstanceOf(NullPointerException.class).hasMessage("payload");
        assertThatThrownBy(() -> Event.builder(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void eventsWithEqualComponentsAreEqual() {
        EventMetadata metadata = EventMetadata.builder().eventId("same").build();
        assertThat(new Event(EventType.CUSTOM, Map.of("a", 1), metadata))
                .isEqualTo(new Event(EventType.CUSTOM, Map.of("a", 1L), metadata))
                .hasSameHashCodeAs(new Event(EventType.CUSTOM, Map.of("a", 1L), metadata));
        assertThat(new Event(EventType.CUSTOM).payload()).isEmpty();
    }
}
