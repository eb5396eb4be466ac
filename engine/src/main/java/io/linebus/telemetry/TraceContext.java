package io.linebus.telemetry;

import io.linebus.models.EventIds;
import io.linebus.models.PayloadValues;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One trace: its id, every span started in it (in creation order) and the stack of spans still
 * open, whose top is the current span.
 *
 * <p>D22 (tracing gaps): a new span's parent is the current span (or, for the first span, the
 * remote parent the context was created with); ending pops a span off the stack, so the current
 * span is always the innermost span still open, never an ended one. Span ids are W3C ids
 * ({@link EventIds#newSpanId()}); a trace id given to the constructor is kept as it is, a missing
 * one is a new W3C trace id.
 *
 * <p>A context is one sequential flow of nested spans. It is thread-safe, but spans started from
 * two threads at once would nest by call order; for parallel work, open a trace per thread with
 * the same trace id and the parent span id ({@link EventTracer#openTrace(String, String, String)}).
 */
public final class TraceContext {
    private final String traceId;
    private final String remoteParentSpanId;
    private final List<Span> spans = new ArrayList<>();
    private final Deque<Span> open = new ArrayDeque<>();

    /** A context with a new trace id. */
    public TraceContext() {
        this(null, null);
    }

    /** A context with {@code traceId}, or a new one when it is null or empty. */
    public TraceContext(String traceId) {
        this(traceId, null);
    }

    /**
     * A context continuing a trace from elsewhere (another process, another thread, an event's
     * metadata): its first span is a child of {@code remoteParentSpanId}.
     *
     * @param traceId nullable: null or empty gives a new id
     * @param remoteParentSpanId nullable: null or empty means the first span is a root
     */
    public TraceContext(String traceId, String remoteParentSpanId) {
        this.traceId = traceId == null || traceId.isEmpty() ? EventIds.newTraceId() : traceId;
        this.remoteParentSpanId = remoteParentSpanId == null || remoteParentSpanId.isEmpty()
                ? null : remoteParentSpanId;
    }

    public String traceId() {
        return traceId;
    }

    /** The parent of the spans started while no span is open; empty for a new trace. */
    public Optional<String> remoteParentSpanId() {
        return Optional.ofNullable(remoteParentSpanId);
    }

    /** The innermost open span; empty when no span is open. */
    public synchronized Optional<Span> currentSpan() {
        return Optional.ofNullable(open.peek());
    }

    /** Every span started in this trace, in creation order (a copy). */
    public synchronized List<Span> allSpans() {
        return List.copyOf(spans);
    }

    /** The spans still open, outermost first (a copy). */
    public synchronized List<Span> openSpans() {
        List<Span> outermostFirst = new ArrayList<>(open);
        Collections.reverse(outermostFirst);
        return outermostFirst;
    }

    /** Starts a child of the current span and makes it current. */
    public Span startSpan(String name) {
        return startSpan(name, null);
    }

    /**
     * Starts a child of the current span with {@code attributes} and makes it current.
     *
     * @param attributes nullable; payload values only
     * @throws IllegalArgumentException when an attribute is not a payload value
     */
    public Span startSpan(String name, Map<String, ?> attributes) {
        Objects.requireNonNull(name, "name");
        Map<String, Object> frozen = PayloadValues.freeze(attributes);
        synchronized (this) {
            Span parent = open.peek();
            Span span = new Span(EventIds.newSpanId(), name, traceId,
                    parent == null ? remoteParentSpanId : parent.spanId());
            frozen.forEach(span::setAttribute);
            spans.add(span);
            open.push(span);
            return span;
        }
    }

    /** Ends the current span with {@link Span#STATUS_OK}; see {@link #endSpan(String)}. */
    public Optional<Span> endSpan() {
        return endSpan(Span.STATUS_OK);
    }

    /**
     * Ends the current span with {@code status} and pops it, so that its parent becomes current.
     * A span already ended with {@link Span#end(String)} keeps its end time and status.
     *
     * @return the span popped; empty when no span was open
     */
    public synchronized Optional<Span> endSpan(String status) {
        Objects.requireNonNull(status, "status");
        Span span = open.poll();
        if (span != null) {
            endIfOpen(span, status);
        }
        return Optional.ofNullable(span);
    }

    /**
     * Ends {@code span} with {@code status} and pops it; spans started after it and still open are
     * ended first, innermost first, with the same status (they were cut short by whatever ended
     * their ancestor).
     *
     * @return false when {@code span} is not open in this context (then nothing changes)
     */
    public synchronized boolean endSpan(Span span, String status) {
        Objects.requireNonNull(span, "span");
        Objects.requireNonNull(status, "status");
        if (!open.contains(span)) {
            return false;
        }
        Span popped;
        do {
            popped = open.pop();
            endIfOpen(popped, status);
        } while (popped != span);
        return true;
    }

    /** Ends every open span, innermost first, with {@code status}. */
    public synchronized void endAll(String status) {
        Objects.requireNonNull(status, "status");
        for (Iterator<Span> it = open.iterator(); it.hasNext(); ) {
            endIfOpen(it.next(), status);
        }
        open.clear();
    }

    private static void endIfOpen(Span span, String status) {
        if (!span.isEnded()) {
            span.end(status);
        }
    }

    /**
     * The Python {@code to_dict()} form: {@code trace_id} and {@code spans} (each
     * {@link Span#toMap()}, in creation order). A deep unmodifiable copy.
     */
    public Map<String, Object> toMap() {
        List<Span> all = allSpans();
        List<Map<String, Object>> spanMaps = new ArrayList<>(all.size());
        for (Span span : all) {
            spanMaps.add(span.toMap());
        }
        Map<String, Object> map = new LinkedHashMap<>(4);
        map.put("trace_id", traceId);
        map.put("spans", spanMaps);
        return PayloadValues.freeze(map);
    }

    @Override
    public synchronized String toString() {
        Span current = open.peek();
        return "TraceContext(traceId=" + traceId + ", spans=" + spans.size() + ", current="
                + (current == null ? "none" : current.name()) + ")";
    }
}
