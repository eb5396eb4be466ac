package io.linebus.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linebus.models.IsoTimes;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpanTest {

    @Test
    void newSpanIsOpenWithStatusOk() {
        Span span = new Span("00f067aa0ba902b7", "work", "4bf92f3577b34da6a3ce929d0e0e4736", null);

        assertThat(span.spanId()).isEqualTo("00f067aa0ba902b7");
        assertThat(span.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(span.parentSpanId()).isEmpty();
        assertThat(span.status()).isEqualTo("ok");
        assertThat(span.isEnded()).isFalse();
        assertThat(span.endTime()).isEmpty();
        assertThat(span.durationMs()).isEmpty();
        assertThat(span.attributes()).isEmpty();
        assertThat(span.events()).isEmpty();
    }

    @Test
    void toMapHasThePythonKeysInOrder() {
        OffsetDateTime start = OffsetDateTime.of(2024, 1, 15, 10, 30, 0, 0, ZoneOffset.UTC);
        Span span = new Span("s1", "work", "t1", "p1", start);
        span.setAttribute("station", "ict-01");

        Map<String, Object> open = span.toMap();
        assertThat(open.keySet()).containsExactly("span_id", "trace_id", "parent_span_id", "name", "start_time",
                "end_time", "duration_ms", "status", "attributes", "events");
        assertThat(open).containsEntry("span_id", "s1").containsEntry("trace_id", "t1")
                .containsEntry("parent_span_id", "p1").containsEntry("name", "work")
                .containsEntry("start_time", "2024-01-15T10:30:00+00:00").containsEntry("status", "ok")
                .containsEntry("attributes", Map.of("station", "ict-01")).containsEntry("events", List.of());
        assertThat(open.get("end_time")).isNull();
        assertThat(open.get("duration_ms")).isNull();

        span.end("error");
        Map<String, Object> ended = span.toMap();
        assertThat(IsoTimes.parse((String) ended.get("end_time"))).isEqualTo(span.endTime().orElseThrow());
        assertThat((Double) ended.get("duration_ms")).isPositive();
        assertThat(ended.get("status")).isEqualTo("error");
        assertThatThrownBy(() -> ended.put("status", "ok")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void endingAgainOverwritesTheStatus() {
        Span span = new Span("s1", "work", "t1", null);
        span.end();
        assertThat(span.status()).isEqualTo("ok");
        assertThat(span.durationMs().getAsDouble()).isGreaterThanOrEqualTo(0.0);

        span.end("error");
        assertThat(span.status()).isEqualTo("error");
    }

    @Test
    void attributesFollowThePayloadModel() {
        Span span = new Span("s1", "work", "t1", null);
        span.setAttribute("count", 3);
        span.setAttribute("count", 4);
        span.setAttribute("ratio", 0.5f);

        assertThat(span.attributes()).containsExactly(Map.entry("count", 4L), Map.entry("ratio", 0.5));
        assertThatThrownBy(() -> span.setAttribute("bad", new Object())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad");
        assertThatThrownBy(() -> span.attributes().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void eventsCarryNameTimestampAndAttributes() {
        Span span = new Span("s1", "work", "t1", null);
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("retry", 1);
        span.addEvent("retrying", attributes);
        span.addEvent("done");
        attributes.put("retry", 2);

        List<Map<String, Object>> events = span.events();
        assertThat(events).hasSize(2);
        assertThat(events.get(0).keySet()).containsExactly("name", "timestamp", "attributes");
        assertThat(events.get(0)).containsEntry("name", "retrying").containsEntry("attributes", Map.of("retry", 1L));
        assertThat(IsoTimes.parse((String) events.get(0).get("timestamp"))).isNotNull();
        assertThat(events.get(1)).containsEntry("name", "done").containsEntry("attributes", Map.of());
    }

    @Test
    void badInputIsRejected() {
        assertThatThrownBy(() -> new Span(null, "n", "t", null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("spanId");
        assertThatThrownBy(() -> new Span(" ", "n", "t", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Span("s", null, "t", null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Span("s", "n", "", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("traceId");
        Span span = new Span("s", "n", "t", null);
        assertThatThrownBy(() -> span.end(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> span.setAttribute(null, 1)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> span.addEvent(null)).isInstanceOf(NullPointerException.class);
    }
}
