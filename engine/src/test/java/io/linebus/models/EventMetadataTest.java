package io.linebus.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventMetadataTest {
    private static final String UUID_V7 = "[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";
    private static final OffsetDateTime TIME = OffsetDateTime.of(2024, 1, 15, 10, 30, 0, 123_456_000, ZoneOffset.UTC);

    private static EventMetadata full() {
        return EventMetadata.builder()
                .eventId("id-1").correlationId("corr").causationId("cause").timestamp(TIME)
                .source("station-1").sourceTopic("topic/a").retryCount(2).traceId("trace").spanId("span")
                .custom(Map.of("k", "v")).build();
    }

    @Test
    void defaultsArePythons() {
        EventMetadata metadata = EventMetadata.builder().build();
        assertThat(metadata.eventId()).matches(UUID_V7);
        assertThat(metadata.source()).isEqualTo("unknown");
        assertThat(metadata.retryCount()).isZero();
        assertThat(metadata.custom()).isEmpty();
        assertThat(metadata.correlationId()).isNull();
        assertThat(metadata.causationId()).isNull();
        assertThat(metadata.sourceTopic()).isNull();
        assertThat(metadata.traceId()).isNull();
        assertThat(metadata.spanId()).isNull();
        assertThat(metadata.timestamp().getOffset()).isEqualTo(ZoneOffset.UTC);
        assertThat(metadata.timestamp().getNano() % 1000).isZero();
        assertThat(EventMetadata.create().eventId()).isNotEqualTo(metadata.eventId());
    }

    @Test
    void incrementRetryChangesOnlyTheRetryCount() {
        EventMetadata metadata = full();
        EventMetadata retried = metadata.incrementRetry();
        assertThat(retried.retryCount()).isEqualTo(3);
        assertThat(retried.toBuilder().retryCount(2).build()).isEqualTo(metadata);
        assertThat(metadata.retryCount()).isEqualTo(2);
    }

    @Test
    void withCausationFollowsThePythonRules() {
        Event cause = Event.builder(EventType.TEST_RESULT).eventId("cause-id").traceId("cause-trace").build();
        EventMetadata metadata = full();

        EventMetadata derived = metadata.withCausation(cause);

        assertThat(derived.eventId()).matches(UUID_V7);
        assertThat(derived.causationId()).isEqualTo("cause-id");
        assertThat(derived.correlationId()).isEqualTo("corr");
        assertThat(derived.traceId()).isEqualTo("trace");
        assertThat(derived.spanId()).matches("[0-9a-f]{16}");
        assertThat(derived.source()).isEqualTo("station-1");
        assertThat(derived.sourceTopic()).isNull();
        assertThat(derived.retryCount()).isZero();
        assertThat(derived.custom()).isEqualTo(Map.of("k", "v"));
        assertThat(derived.timestamp()).isNotEqualTo(TIME);
    }

    @Test
    void withCausationFallsBackToTheCauseForEmptyCorrelationAndTrace() {
        Event cause = Event.builder(EventType.TEST_RESULT).eventId("cause-id").traceId("cause-trace").build();
        EventMetadata empty = EventMetadata.builder().correlationId("").traceId("").build();
        EventMetadata absent = EventMetadata.builder().build();

        for (EventMetadata metadata : new EventMetadata[] {empty, absent}) {
            EventMetadata derived = metadata.withCausation(cause);
            assertThat(derived.correlationId()).isEqualTo("cause-id");
            assertThat(derived.traceId()).isEqualTo("cause-trace");
        }
        assertThatThrownBy(() -> absent.withCausation(null))
                .isInstanceOf(NullPointerException.class).hasMessage("causingEvent");
    }

    @Test
    void toMapHasPythonKeysInOrder() {
        Map<String, Object> map = full().toMap();
        assertThat(map.keySet()).containsExactly("event_id", "correlation_id", "causation_id", "timestamp",
                "source", "source_topic", "retry_count", "trace_id", "span_id", "custom");
        assertThat(map).containsEntry("timestamp", "2024-01-15T10:30:00.123456+00:00")
                .containsEntry("retry_count", 2L)
                .containsEntry("custom", Map.of("k", "v"));
        assertThat(EventMetadata.builder().build().toMap()).containsEntry("correlation_id", null)
                .containsEntry("span_id", null);
    }

    @Test
    void fromMapInvertsToMap() {
        EventMetadata metadata = full();
        assertThat(EventMetadata.fromMap(metadata.toMap())).isEqualTo(metadata);
    }

    @Test
    void fromMapFillsDefaultsForMissingKeys() {
        EventMetadata metadata = EventMetadata.fromMap(Map.of("unknown_key", 1));
        assertThat(metadata.eventId()).matches(UUID_V7);
        assertThat(metadata.source()).isEqualTo("unknown");
        assertThat(metadata.retryCount()).isZero();
        assertThat(metadata.custom()).isEmpty();
        assertThat(metadata.timestamp().getOffset()).isEqualTo(ZoneOffset.UTC);
    }

    // D28: Python keeps an explicit null id, which later crashes publish; linebus never has a null id.
    @Test
    void fromMapGivesANullOrBlankIdANewOne() {
        Map<String, Object> data = new HashMap<>();
        data.put("event_id", null);
        assertThat(EventMetadata.fromMap(data).eventId()).matches(UUID_V7);
        assertThat(EventMetadata.fromMap(Map.of("event_id", "  ")).eventId()).matches(UUID_V7);
        assertThat(new EventMetadata(null, null, null, null, null, null, 0, null, null, null).eventId())
                .matches(UUID_V7);
    }

    // D13: Z and offsets are read; an offset-less time is UTC.
    @Test
    void fromMapReadsPythonAndJavaTimestamps() {
        assertThat(EventMetadata.fromMap(Map.of("timestamp", "2024-01-15T10:30:00.123456Z")).timestamp())
                .isEqualTo(TIME);
        assertThat(EventMetadata.fromMap(Map.of("timestamp", "2024-01-15T10:30:00.123456")).timestamp())
                .isEqualTo(TIME);
        assertThat(EventMetadata.fromMap(Map.of("timestamp", TIME)).timestamp()).isEqualTo(TIME);
        assertThat(EventMetadata.fromMap(Map.of("timestamp", "2024-01-15T12:30:00+02:00")).timestamp()
                .getOffset()).isEqualTo(ZoneOffset.ofHours(2));
    }

    @Test
    void fromMapAcceptsAWholeDoubleRetryCount() {
        assertThat(EventMetadata.fromMap(Map.of("retry_count", 3.0)).retryCount()).isEqualTo(3);
        assertThat(EventMetadata.fromMap(Map.of("retry_count", 3)).retryCount()).isEqualTo(3);
    }

    @Test
    void fromMapRejectsWrongTypesNamingTheField() {
        assertBad(Map.of("event_id", 5), "'event_id'");
        assertBad(Map.of("source", true), "'source'");
        assertBad(Map.of("retry_count", "1"), "'retry_count'");
        assertBad(Map.of("retry_count", -1), "'retry_count'");
        assertBad(Map.of("retry_count", 1.5), "'retry_count'");
        assertBad(Map.of("retry_count", 1L << 40), "'retry_count'");
        assertBad(Map.of("custom", "x"), "'custom'");
        assertBad(Map.of("timestamp", 1_700_000_000L), "'timestamp'");
        assertBad(Map.of("timestamp", "not a time"), "not a time");
        assertThatThrownBy(() -> EventMetadata.fromMap(null)).isInstanceOf(NullPointerException.class);
    }

    private static void assertBad(Map<String, ?> data, String mention) {
        assertThatThrownBy(() -> EventMetadata.fromMap(data))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(mention);
    }

    @Test
    void rejectsANegativeRetryCount() {
        assertThatThrownBy(() -> EventMetadata.builder().retryCount(-1).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("retryCount");
    }

    // D14
    @Test
    void customIsAnUnmodifiableCopy() {
        Map<String, Object> custom = new LinkedHashMap<>(Map.of("k", "v"));
        EventMetadata metadata = EventMetadata.builder().custom(custom).build();
        custom.put("k", "changed");
        assertThat(metadata.custom()).containsExactly(Map.entry("k", "v"));
        assertThatThrownBy(() -> metadata.custom().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        Map<String, Object> fromMapCustom = new LinkedHashMap<>(Map.of("k", "v"));
        EventMetadata read = EventMetadata.fromMap(Map.of("custom", fromMapCustom));
        fromMapCustom.clear();
        assertThat(read.custom()).containsEntry("k", "v");
    }
}
