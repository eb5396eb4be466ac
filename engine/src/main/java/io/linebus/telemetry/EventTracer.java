package io.linebus.telemetry;

import io.linebus.models.Event;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens traces and spans around pieces of work, keeps the current trace per thread and hands
 * finished traces to exporters.
 *
 * <p>Two styles: callbacks ({@link #trace}, {@link #span}, {@link #traceEvent}), which see the
 * body's exception exactly as Python's context managers do, and {@link Scope}s for
 * try-with-resources ({@link #openTrace}, {@link #openSpan}, {@link #openTraceEvent}), where a
 * failure is reported with {@link Scope#fail(Throwable)}.
 *
 * <p>Fixes over Python (D22: tracing gaps): ending a scope ends the span that scope opened (and any
 * span left open inside it, innermost first), never just "whatever is current"; a trace ends every
 * span left open before the root; the {@code error} attribute and the {@code error} status go on
 * the same span; a span opened while no trace is current becomes the root of its own trace, which
 * is exported like any other (Python silently dropped it); ids are W3C ids.
 *
 * <p><b>Threads.</b> The current trace is a {@link ThreadLocal}: it does not follow work handed to
 * another thread. To continue a trace there, pass it explicitly: either call
 * {@link #setCurrentTrace(TraceContext)} on the other thread (and clear it afterwards) to add
 * spans to the same context, or, for work running in parallel, open a trace on the other thread
 * with {@link #openTrace(String, String, String)} using the original trace id and the current
 * span's id as parent. Close every scope on the thread that opened it.
 *
 * <p>Exporters are called in the order added, on the thread that ends the trace; an exception
 * from one is logged and the others still run.
 */
public final class EventTracer {
    /** The service name when none is given (Python's default). */
    public static final String DEFAULT_SERVICE_NAME = "pywats_events";

    private static final Logger LOG = LoggerFactory.getLogger(EventTracer.class);
    private static final ThreadLocal<TraceContext> CURRENT = new ThreadLocal<>();

    private final String serviceName;
    private final List<Consumer<? super Map<String, Object>>> exporters = new CopyOnWriteArrayList<>();

    /** A tracer for service {@value #DEFAULT_SERVICE_NAME}. */
    public EventTracer() {
        this(DEFAULT_SERVICE_NAME);
    }

    public EventTracer(String serviceName) {
        this.serviceName = Objects.requireNonNull(serviceName, "serviceName");
    }

    /** Work run inside a trace or span; receives the context or span and may throw anything. */
    @FunctionalInterface
    public interface TracedBody<A, T> {
        T apply(A arg) throws Exception;
    }

    public String serviceName() {
        return serviceName;
    }

    /** This thread's current trace. */
    public static Optional<TraceContext> getCurrentTrace() {
        return Optional.ofNullable(CURRENT.get());
    }

    /** Makes {@code context} this thread's current trace; {@code null} clears it. */
    public static void setCurrentTrace(TraceContext context) {
        if (context == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(context);
        }
    }

    /** Adds an exporter, called with {@link TraceContext#toMap()} of every finished trace. */
    public void addExporter(Consumer<? super Map<String, Object>> exporter) {
        exporters.add(Objects.requireNonNull(exporter, "exporter"));
    }

    // ---- scopes ----------------------------------------------------------------------------

    /** {@link #openTrace(String, String, String)} with a new trace id and no parent. */
    public Scope openTrace(String name) {
        return openTrace(name, null, null);
    }

    /** {@link #openTrace(String, String, String)} without a parent. */
    public Scope openTrace(String name, String traceId) {
        return openTrace(name, traceId, null);
    }

    /**
     * Starts a trace and makes it this thread's current trace until the scope closes. Its root
     * span {@code name} has the attribute {@code service} = the service name.
     *
     * @param traceId nullable: null or empty gives a new W3C trace id; any other value is kept
     * @param parentSpanId nullable: the root span's parent, for a trace continued from elsewhere
     */
    public Scope openTrace(String name, String traceId, String parentSpanId) {
        Objects.requireNonNull(name, "name");
        return openOwnTrace(new TraceContext(traceId, parentSpanId), name, Map.of("service", serviceName));
    }

    /**
     * Starts a trace for handling {@code event}: named {@code event:<type value>}, with the
     * event's trace id (or a new one) and the event's span id as the root's parent; the root
     * span has the attributes {@code service}, {@code event.id}, {@code event.type},
     * {@code event.source} and, when the event has one, {@code correlation_id}.
     */
    public Scope openTraceEvent(Event event) {
        Objects.requireNonNull(event, "event");
        Map<String, Object> attributes = new LinkedHashMap<>(8);
        attributes.put("service", serviceName);
        attributes.put("event.id", event.id());
        attributes.put("event.type", event.eventType().value());
        attributes.put("event.source", event.source());
        String correlationId = event.metadata().correlationId();
        if (correlationId != null && !correlationId.isEmpty()) {
            attributes.put("correlation_id", correlationId);
        }
        TraceContext context = new TraceContext(event.metadata().traceId(), event.metadata().spanId());
        return openOwnTrace(context, "event:" + event.eventType().value(), attributes);
    }

    /** {@link #openSpan(String, Map)} without attributes. */
    public Scope openSpan(String name) {
        return openSpan(name, null);
    }

    /**
     * Starts a child of the current span of this thread's current trace. With no current trace,
     * the span becomes the root of a new trace (with the {@code service} attribute added unless
     * given) that is current until the scope closes and is then exported.
     *
     * @param attributes nullable; payload values only
     */
    public Scope openSpan(String name, Map<String, ?> attributes) {
        Objects.requireNonNull(name, "name");
        TraceContext current = CURRENT.get();
        if (current == null) {
            Map<String, Object> rootAttributes = new LinkedHashMap<>();
            if (attributes != null) {
                rootAttributes.putAll(attributes);
            }
            rootAttributes.putIfAbsent("service", serviceName);
            return openOwnTrace(new TraceContext(), name, rootAttributes);
        }
        return new Scope(this, current, current.startSpan(name, attributes), false, null);
    }

    private Scope openOwnTrace(TraceContext context, String rootName, Map<String, ?> rootAttributes) {
        Span root = context.startSpan(rootName, rootAttributes);
        TraceContext previous = CURRENT.get();
        CURRENT.set(context);
        return new Scope(this, context, root, true, previous);
    }

    // ---- callbacks -------------------------------------------------------------------------

    /** {@link #trace(String, String, TracedBody)} with a new trace id. */
    public <T> T trace(String name, TracedBody<TraceContext, T> body) throws Exception {
        return trace(name, null, body);
    }

    /**
     * Runs {@code body} inside a new trace (see {@link #openTrace(String, String, String)}). On an
     * exception the root span gets the attribute {@code error} (the message) and status
     * {@code error}, and the exception is rethrown. Then every span still open is ended, the
     * previous current trace is restored, and the trace is exported.
     */
    public <T> T trace(String name, String traceId, TracedBody<TraceContext, T> body) throws Exception {
        Objects.requireNonNull(body, "body");
        try (Scope scope = openTrace(name, traceId)) {
            return run(scope, scope.context(), body);
        }
    }

    /** {@link #span(String, Map, TracedBody)} without attributes. */
    public <T> T span(String name, TracedBody<Span, T> body) throws Exception {
        return span(name, null, body);
    }

    /**
     * Runs {@code body} inside a span (see {@link #openSpan(String, Map)}). On an exception this
     * span gets the attribute {@code error} and status {@code error}, and the exception is
     * rethrown.
     */
    public <T> T span(String name, Map<String, ?> attributes, TracedBody<Span, T> body) throws Exception {
        Objects.requireNonNull(body, "body");
        try (Scope scope = openSpan(name, attributes)) {
            return run(scope, scope.span(), body);
        }
    }

    /** Runs {@code body} with the root span of a trace for {@code event} (see {@link #openTraceEvent}). */
    public <T> T traceEvent(Event event, TracedBody<Span, T> body) throws Exception {
        Objects.requireNonNull(body, "body");
        try (Scope scope = openTraceEvent(event)) {
            return run(scope, scope.span(), body);
        }
    }

    private static <A, T> T run(Scope scope, A arg, TracedBody<A, T> body) throws Exception {
        try {
            return body.apply(arg);
        } catch (Throwable failure) {
            scope.fail(failure);
            throw failure;
        }
    }

    private void export(TraceContext context) {
        if (exporters.isEmpty()) {
            return;
        }
        Map<String, Object> trace = context.toMap();
        for (Consumer<? super Map<String, Object>> exporter : exporters) {
            try {
                exporter.accept(trace);
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable e) {
                LOG.error("Trace exporter {} failed for trace {}", exporter, context.traceId(), e);
            }
        }
    }

    /**
     * An exporter that logs each trace: an INFO line {@code Trace <id>: <n> spans} and a DEBUG line
     * per span with its duration ({@code open} for a span not ended yet). Use as
     * {@code tracer.addExporter(EventTracer::logExporter)}.
     *
     * @throws IllegalArgumentException when {@code trace} has no {@code spans} list
     */
    public static void logExporter(Map<String, ?> trace) {
        Objects.requireNonNull(trace, "trace");
        if (!(trace.get("spans") instanceof List<?> spans)) {
            throw new IllegalArgumentException("A trace map needs a 'spans' list, got keys " + trace.keySet());
        }
        LOG.info("Trace {}: {} spans", trace.get("trace_id"), spans.size());
        if (!LOG.isDebugEnabled()) {
            return;
        }
        for (Object element : spans) {
            if (element instanceof Map<?, ?> span) {
                Object duration = span.get("duration_ms");
                LOG.debug("  Span {}: {} ({})", span.get("name"), duration instanceof Number millis
                        ? String.format(Locale.ROOT, "%.2fms", millis.doubleValue()) : "open", span.get("status"));
            }
        }
    }

    @Override
    public String toString() {
        return "EventTracer(service=" + serviceName + ")";
    }

    /**
     * An open span, closed with try-with-resources. Closing ends the span (and any span left open
     * inside it) with status {@code ok}, or {@code error} after {@link #fail(Throwable)}; a scope
     * that started its own trace also restores the previous current trace and exports the trace.
     * Closing twice does nothing.
     */
    public static final class Scope implements AutoCloseable {
        private final EventTracer tracer;
        private final TraceContext context;
        private final Span span;
        private final boolean ownsTrace;
        private final TraceContext previous;
        private final Thread owner = Thread.currentThread();
        private volatile boolean failed;
        private boolean closed;

        private Scope(EventTracer tracer, TraceContext context, Span span, boolean ownsTrace,
                TraceContext previous) {
            this.tracer = tracer;
            this.context = context;
            this.span = span;
            this.ownsTrace = ownsTrace;
            this.previous = previous;
        }

        /** The trace this scope's span belongs to. */
        public TraceContext context() {
            return context;
        }

        /** The span this scope opened (the root span for a trace scope). */
        public Span span() {
            return span;
        }

        /** Whether closing this scope ends and exports a whole trace. */
        public boolean ownsTrace() {
            return ownsTrace;
        }

        /**
         * Marks the work as failed: sets the attribute {@code error} (the message, empty when
         * none) on this scope's span; closing then ends it with status {@code error}.
         */
        public void fail(Throwable failure) {
            Objects.requireNonNull(failure, "failure");
            span.setAttribute("error", Objects.requireNonNullElse(failure.getMessage(), ""));
            failed = true;
        }

        @Override
        public void close() {
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
            }
            String status = failed ? Span.STATUS_ERROR : Span.STATUS_OK;
            if (!ownsTrace) {
                context.endSpan(span, status);
                return;
            }
            context.endAll(status);
            if (Thread.currentThread() == owner) {
                setCurrentTrace(previous);
            } else {
                LOG.warn("Trace {} closed on thread {}, not on {} that opened it; that thread's current trace "
                        + "is left as is", context.traceId(), Thread.currentThread().getName(), owner.getName());
            }
            tracer.export(context);
        }
    }
}
