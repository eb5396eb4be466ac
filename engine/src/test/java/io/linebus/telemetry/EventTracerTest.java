package io.linebus.telemetry;

import static io.linebus.telemetry.TraceContextTest.SPAN_ID;
import static io.linebus.telemetry.TraceContextTest.TRACE_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linebus.models.Event;
import io.linebus.models.EventType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventTracerTest {
    private final EventTracer tracer = new EventTracer("line-3");
    private final List<Map<String, Object>> exported = new CopyOnWriteArrayList<>();

    EventTracerTest() {
        tracer.addExporter(exported::add);
    }

    @AfterEach
    void clearCurrentTrace() {
        EventTracer.setCurrentTrace(null);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> spans(Map<String, Object> trace) {
        return (List<Map<String, Object>>) trace.get("spans");
    }

    private static Map<String, Object> spanNamed(Map<String, Object> trace, String name) {
        return spans(trace).stream().filter(span -> name.equals(span.get("name"))).findFirst().orElseThrow();
    }

    @Test
    void nestedSpansLinkToTheirParentsAndTheTraceIsExported() throws Exception {
        String result = tracer.trace("root", context -> {
            assertThat(EventTracer.getCurrentTrace()).containsSame(context);
            tracer.span("a", Map.of("step", 1), a -> tracer.span("b", b -> null));
            tracer.span("c", c -> null);
            return "done";
        });

        assertThat(result).isEqualTo("done");
        assertThat(EventTracer.getCurrentTrace()).isEmpty();
        assertThat(exported).hasSize(1);
        Map<String, Object> trace = exported.get(0);
        assertThat(trace.get("trace_id")).asString().matches(TRACE_ID);
        assertThat(spans(trace)).extracting(span -> span.get("name")).containsExactly("root", "a", "b", "c");
        Map<String, Object> root = spanNamed(trace, "root");
        Map<String, Object> a = spanNamed(trace, "a");
        assertThat(root.get("parent_span_id")).isNull();
        assertThat(root.get("attributes")).isEqualTo(Map.of("service", "line-3"));
        assertThat(a.get("parent_span_id")).isEqualTo(root.get("span_id"));
        assertThat(a.get("attributes")).isEqualTo(Map.of("step", 1L));
        assertThat(spanNamed(trace, "b").get("parent_span_id")).isEqualTo(a.get("span_id"));
        assertThat(spanNamed(trace, "c").get("parent_span_id")).isEqualTo(root.get("span_id"));
        for (Map<String, Object> span : spans(trace)) {
            assertThat(span.get("span_id")).asString().matches(SPAN_ID);
            assertThat(span.get("trace_id")).isEqualTo(trace.get("trace_id"));
            assertThat(span.get("status")).isEqualTo("ok");
            assertThat(span.get("end_time")).isNotNull();
        }
    }

    @Test
    void exportedMapIsTheContextMap() throws Exception {
        TraceContext context = tracer.trace("root", "trace-456", c -> c);

        assertThat(context.traceId()).isEqualTo("trace-456");
        assertThat(exported).containsExactly(context.toMap());
    }

    @Test
    void exporterExceptionsAreSwallowedAndLaterExportersStillRun() throws Exception {
        List<String> calls = new ArrayList<>();
        EventTracer guarded = new EventTracer();
        guarded.addExporter(trace -> {
            calls.add("first");
            throw new IllegalStateException("exporter down");
        });
        guarded.addExporter(trace -> calls.add("second"));

        int result = guarded.trace("root", context -> 7);
        assertThat(result).isEqualTo(7);
        assertThat(calls).containsExactly("first", "second");
    }

    @Test // D22
    void traceEndsEverySpanLeftOpenThenTheRoot() throws Exception {
        AtomicReference<Span> leftOpen = new AtomicReference<>();
        AtomicReference<Span> root = new AtomicReference<>();
        tracer.trace("root", context -> {
            root.set(context.currentSpan().orElseThrow());
            context.startSpan("outer");
            leftOpen.set(context.startSpan("inner"));
            return null;
        });

        assertThat(spans(exported.get(0))).allSatisfy(span -> {
            assertThat(span.get("end_time")).isNotNull();
            assertThat(span.get("status")).isEqualTo("ok");
        });
        assertThat(leftOpen.get().endTime().orElseThrow()).isBeforeOrEqualTo(root.get().endTime().orElseThrow());
    }

    @Test // D22
    void aFailingSpanGetsTheErrorAndItsParentDoesNot() throws Exception {
        IllegalStateException failure = new IllegalStateException("fixture offline");
        tracer.trace("root", context -> {
            assertThatThrownBy(() -> tracer.span("measure", span -> {
                context.startSpan("left-open");
                throw failure;
            })).isSameAs(failure);
            return null;
        });

        Map<String, Object> trace = exported.get(0);
        Map<String, Object> measure = spanNamed(trace, "measure");
        assertThat(measure.get("status")).isEqualTo("error");
        assertThat(measure.get("attributes")).isEqualTo(Map.of("error", "fixture offline"));
        assertThat(spanNamed(trace, "left-open").get("status")).isEqualTo("error");
        Map<String, Object> root = spanNamed(trace, "root");
        assertThat(root.get("status")).isEqualTo("ok");
        assertThat(root.get("attributes")).isEqualTo(Map.of("service", "line-3"));
    }

    @Test
    void aFailingTraceMarksTheRootRethrowsAndStillExports() {
        Error failure = new AssertionError();

        assertThatThrownBy(() -> tracer.trace("root", context -> {
            throw failure;
        })).isSameAs(failure);

        assertThat(EventTracer.getCurrentTrace()).isEmpty();
        Map<String, Object> root = spanNamed(exported.get(0), "root");
        assertThat(root.get("status")).isEqualTo("error");
        assertThat(root.get("attributes")).isEqualTo(Map.of("service", "line-3", "error", ""));
    }

    @Test
    void aNestedTraceRestoresTheOuterOne() throws Exception {
        tracer.trace("outer", outer -> {
            tracer.trace("inner", inner -> {
                assertThat(inner.traceId()).isNotEqualTo(outer.traceId());
                return null;
            });
            assertThat(EventTracer.getCurrentTrace()).containsSame(outer);
            return null;
        });

        assertThat(exported).extracting(trace -> spans(trace).get(0).get("name")).containsExactly("inner", "outer");
    }

    @Test // D22
    void aSpanOutsideATraceIsTheRootOfItsOwnExportedTrace() throws Exception {
        tracer.span("lonely", Map.of("station", "aoi-2"), span -> {
            assertThat(EventTracer.getCurrentTrace().orElseThrow().currentSpan()).containsSame(span);
            return null;
        });

        assertThat(EventTracer.getCurrentTrace()).isEmpty();
        assertThat(exported).hasSize(1);
        List<Map<String, Object>> spans = spans(exported.get(0));
        assertThat(spans).hasSize(1);
        assertThat(spans.get(0).get("parent_span_id")).isNull();
        assertThat(spans.get(0).get("attributes")).isEqualTo(Map.of("station", "aoi-2", "service", "line-3"));
    }

    @Test // D22
    void traceEventUsesTheEventsTraceAndSpanIds() throws Exception {
        Event event = Event.builder(EventType.TEST_RESULT).source("ict-01").correlationId("corr-123")
                .traceId("4bf92f3577b34da6a3ce929d0e0e4736").spanId("00f067aa0ba902b7").build();

        Span root = tracer.traceEvent(event, span -> span);

        assertThat(root.name()).isEqualTo("event:test.result");
        assertThat(root.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(root.parentSpanId()).contains("00f067aa0ba902b7");
        assertThat(root.attributes()).containsExactly(Map.entry("service", "line-3"),
                Map.entry("event.id", event.id()), Map.entry("event.type", "test.result"),
                Map.entry("event.source", "ict-01"), Map.entry("correlation_id", "corr-123"));
        assertThat(exported).hasSize(1);
    }

    @Test
    void traceEventWithoutIdsStartsANewTrace() throws Exception {
        Event event = new Event(EventType.ASSET_FAULT, Map.of());

        Span root = tracer.traceEvent(event, span -> span);

        assertThat(root.traceId()).matches(TRACE_ID);
        assertThat(root.parentSpanId()).isEmpty();
        assertThat(root.attributes()).doesNotContainKey("correlation_id");
    }

    @Test
    void scopesWorkWithTryWithResources() {
        IllegalArgumentException failure = new IllegalArgumentException("bad reading");
        EventTracer.Scope trace = tracer.openTrace("root");
        assertThat(trace.ownsTrace()).isTrue();
        try (EventTracer.Scope span = tracer.openSpan("step")) {
            assertThat(span.ownsTrace()).isFalse();
            assertThat(span.context()).isSameAs(trace.context());
            assertThat(span.span().parentSpanId()).contains(trace.span().spanId());
            span.fail(failure);
        }
        trace.close();
        trace.close();

        assertThat(exported).hasSize(1);
        Map<String, Object> step = spanNamed(exported.get(0), "step");
        assertThat(step.get("status")).isEqualTo("error");
        assertThat(step.get("attributes")).isEqualTo(Map.of("error", "bad reading"));
        assertThat(spanNamed(exported.get(0), "root").get("status")).isEqualTo("ok");
    }

    @Test
    void openTraceContinuesARemoteParent() {
        try (EventTracer.Scope scope = tracer.openTrace("continued", "trace-9", "abcdef0123456789")) {
            assertThat(scope.span().traceId()).isEqualTo("trace-9");
            assertThat(scope.span().parentSpanId()).contains("abcdef0123456789");
        }
    }

    @Test
    void theCurrentTraceIsPerThread() throws Exception {
        CountDownLatch inTrace = new CountDownLatch(1);
        CountDownLatch checked = new CountDownLatch(1);
        AtomicReference<Optional<TraceContext>> seenByOther = new AtomicReference<>();
        AtomicReference<TraceContext> otherTrace = new AtomicReference<>();
        Thread other = new Thread(() -> {
            try {
                inTrace.await();
                seenByOther.set(EventTracer.getCurrentTrace());
                tracer.trace("other", context -> {
                    otherTrace.set(context);
                    return null;
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            } finally {
                checked.countDown();
            }
        });
        other.start();

        tracer.trace("main", context -> {
            inTrace.countDown();
            assertThat(checked.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(EventTracer.getCurrentTrace()).containsSame(context);
            return null;
        });
        other.join(TimeUnit.SECONDS.toMillis(30));

        assertThat(seenByOther.get()).isEmpty();
        assertThat(otherTrace.get()).isNotNull();
        assertThat(exported).hasSize(2);
    }

    @Test
    void aContextPassedExplicitlyToAnotherThreadGetsItsSpans() throws Exception {
        AtomicReference<Span> workerSpan = new AtomicReference<>();
        AtomicReference<Throwable> workerFailure = new AtomicReference<>();
        tracer.trace("root", context -> {
            Span root = context.currentSpan().orElseThrow();
            Thread worker = new Thread(() -> {
                EventTracer.setCurrentTrace(context);
                try {
                    tracer.span("worker", span -> {
                        workerSpan.set(span);
                        return null;
                    });
                } catch (Throwable e) {
                    workerFailure.set(e);
                } finally {
                    EventTracer.setCurrentTrace(null);
                }
            });
            worker.start();
            worker.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(workerSpan.get().parentSpanId()).contains(root.spanId());
            return null;
        });

        assertThat(workerFailure.get()).isNull();
        assertThat(spans(exported.get(0))).extracting(span -> span.get("name")).containsExactly("root", "worker");
    }

    @Test // D22
    void logExporterHandlesOpenSpans() {
        TraceContext context = new TraceContext();
        context.startSpan("root");
        context.startSpan("child");
        context.endSpan();

        assertThatCode(() -> EventTracer.logExporter(context.toMap())).doesNotThrowAnyException();
        assertThatThrownBy(() -> EventTracer.logExporter(Map.of("trace_id", "t")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("spans");
    }

    @Test
    void badInputIsRejected() {
        assertThatThrownBy(() -> new EventTracer(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> tracer.addExporter(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> tracer.trace("x", null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> tracer.span(null, span -> null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> tracer.traceEvent(null, span -> null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> tracer.openSpan("x", Map.of("bad", new Object())))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(EventTracer.getCurrentTrace()).isEmpty();
        assertThat(exported).isEmpty();
    }

    @Test
    void defaultsAndToString() {
        assertThat(new EventTracer().serviceName()).isEqualTo("pywats_events");
        assertThat(tracer).hasToString("EventTracer(service=line-3)");
    }
}
