package io.linebus.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TraceContextTest {
    static final String TRACE_ID = "[0-9a-f]{32}";
    static final String SPAN_ID = "[0-9a-f]{16}";

    @Test // D22
    void generatedIdsAreW3cIdsAndGivenIdsAreKept() {
        TraceContext generated = new TraceContext();
        Span span = generated.startSpan("work");

        assertThat(generated.traceId()).matches(TRACE_ID);
        assertThat(new TraceContext("").traceId()).matches(TRACE_ID);
        assertThat(span.spanId()).matches(SPAN_ID);
        assertThat(span.traceId()).isEqualTo(generated.traceId());
        assertThat(new TraceContext("trace-456").traceId()).isEqualTo("trace-456");
    }

    @Test
    void spansNestUnderTheCurrentSpan() {
        TraceContext context = new TraceContext();
        Span root = context.startSpan("root");
        Span child = context.startSpan("child");
        Span grandchild = context.startSpan("grandchild");

        assertThat(root.parentSpanId()).isEmpty();
        assertThat(child.parentSpanId()).contains(root.spanId());
        assertThat(grandchild.parentSpanId()).contains(child.spanId());
        assertThat(context.currentSpan()).containsSame(grandchild);
        assertThat(context.allSpans()).containsExactly(root, child, grandchild);
        assertThat(context.openSpans()).containsExactly(root, child, grandchild);
    }

    @Test // D22
    void endSpanPopsBackToTheParent() {
        TraceContext context = new TraceContext();
        Span root = context.startSpan("root");
        Span child = context.startSpan("child");

        assertThat(context.endSpan()).containsSame(child);
        assertThat(child.isEnded()).isTrue();
        assertThat(context.currentSpan()).containsSame(root);
        Span sibling = context.startSpan("sibling");
        assertThat(sibling.parentSpanId()).contains(root.spanId());
        assertThat(context.endSpan("error")).containsSame(sibling);
        assertThat(sibling.status()).isEqualTo("error");
        assertThat(context.endSpan()).containsSame(root);
        assertThat(context.currentSpan()).isEmpty();
        assertThat(context.endSpan()).isEmpty();
    }

    @Test // D22
    void endingASpanEndsTheSpansLeftOpenInsideIt() {
        TraceContext context = new TraceContext();
        Span root = context.startSpan("root");
        Span child = context.startSpan("child");
        Span grandchild = context.startSpan("grandchild");

        assertThat(context.endSpan(child, "error")).isTrue();

        assertThat(grandchild.status()).isEqualTo("error");
        assertThat(grandchild.endTime().orElseThrow()).isBeforeOrEqualTo(child.endTime().orElseThrow());
        assertThat(child.status()).isEqualTo("error");
        assertThat(root.isEnded()).isFalse();
        assertThat(context.currentSpan()).containsSame(root);
        assertThat(context.endSpan(child, "ok")).isFalse();
        assertThat(child.status()).isEqualTo("error");
    }

    @Test
    void aSpanEndedDirectlyKeepsItsStatusWhenPopped() {
        TraceContext context = new TraceContext();
        Span span = context.startSpan("work");
        span.end("error");

        context.endAll("ok");

        assertThat(span.status()).isEqualTo("error");
        assertThat(context.openSpans()).isEmpty();
    }

    @Test
    void endAllEndsInnermostFirst() {
        TraceContext context = new TraceContext();
        Span root = context.startSpan("root");
        Span child = context.startSpan("child");

        context.endAll("ok");

        assertThat(root.isEnded()).isTrue();
        assertThat(child.endTime().orElseThrow()).isBeforeOrEqualTo(root.endTime().orElseThrow());
        assertThat(context.currentSpan()).isEmpty();
    }

    @Test
    void remoteParentIsTheParentOfTheFirstSpan() {
        TraceContext context = new TraceContext("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7");

        assertThat(context.remoteParentSpanId()).contains("00f067aa0ba902b7");
        assertThat(context.startSpan("root").parentSpanId()).contains("00f067aa0ba902b7");
        assertThat(new TraceContext("t", "").remoteParentSpanId()).isEmpty();
    }

    @Test
    void attributesAreCopiedWhenTheSpanStarts() {
        TraceContext context = new TraceContext();
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("n", 1);
        Span span = context.startSpan("work", attributes);
        attributes.put("n", 2);

        assertThat(span.attributes()).containsExactly(Map.entry("n", 1L));
        assertThatThrownBy(() -> context.startSpan("bad", Map.of("x", new Object())))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(context.allSpans()).hasSize(1);
    }

    @Test
    void toMapListsEverySpanInCreationOrder() {
        TraceContext context = new TraceContext("trace-1");
        Span root = context.startSpan("root");
        Span child = context.startSpan("child");
        context.endAll("ok");

        Map<String, Object> map = context.toMap();
        assertThat(map.keySet()).containsExactly("trace_id", "spans");
        assertThat(map.get("trace_id")).isEqualTo("trace-1");
        assertThat(map.get("spans")).isEqualTo(List.of(root.toMap(), child.toMap()));
    }

    @Test
    void badInputIsRejected() {
        TraceContext context = new TraceContext();
        assertThatThrownBy(() -> context.startSpan(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> context.endSpan((String) null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> context.endSpan(null, "ok")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> context.endAll(null)).isInstanceOf(NullPointerException.class);
    }
}
