package io.linebus.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.lmax.disruptor.dsl.ProducerType;
import com.sun.net.httpserver.HttpServer;
import io.linebus.bus.AsyncEventBus;
import io.linebus.bus.Backpressure;
import io.linebus.bus.PartitionKeys;
import io.linebus.bus.WaitStrategyKind;
import io.linebus.handlers.AsyncHandler;
import io.linebus.handlers.BaseHandler;
import io.linebus.handlers.FilteringHandler;
import io.linebus.handlers.SyncHandler;
import io.linebus.lifecycle.LifecycleComponent;
import io.linebus.lifecycle.LifecycleManager;
import io.linebus.models.Event;
import io.linebus.models.EventJson;
import io.linebus.models.EventType;
import io.linebus.models.IsoTimes;
import io.linebus.models.domain.TestMeasurement;
import io.linebus.models.domain.TestResult;
import io.linebus.models.domain.TestResultEvent;
import io.linebus.models.domain.TestStep;
import io.linebus.policies.CircuitBreaker;
import io.linebus.policies.ErrorPolicy;
import io.linebus.policies.InMemoryDeadLetterQueue;
import io.linebus.policies.RetryConfig;
import io.linebus.policies.RetryPolicy;
import io.linebus.routing.EventFilter;
import io.linebus.telemetry.EventMetrics;
import io.linebus.telemetry.EventTracer;
import io.linebus.transports.Acknowledgement;
import io.linebus.transports.BaseTransport;
import io.linebus.transports.Refusal;
import io.linebus.transports.TransportState;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine snippets of {@code src/site/markdown/embedding-guide.md}, run as tests so that the guide
 * cannot drift from the API (D26: documentation written from the behaviour). The classes below are
 * the guide's classes, nested here; keep the two in step.
 */
class EmbeddingGuideSnippetsTest {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddingGuideSnippetsTest.class);

    // ---------------------------------------------------------------- guide §2: handlers

    /** What the MES client library offers; the guide's example needs only this much. */
    interface MesClient {
        void connect() throws IOException;

        void send(String eventId, String json) throws IOException;

        void close();
    }

    /** §2.1: a BaseHandler subclass with lifecycle hooks. */
    static final class MesForwarder extends BaseHandler {
        private final MesClient mes;

        MesForwarder(MesClient mes) {
            super("mes-forwarder", 10, true); // name, priority (lower runs earlier), enabled
            this.mes = mes;
        }

        @Override
        public List<EventType> eventTypes() {
            return List.of(EventType.TEST_RESULT, EventType.INSPECTION_RESULT);
        }

        @Override
        public Object handle(Event event) throws Exception {
            // The event id is the same in retries, replays and requeues: let the MES deduplicate on it.
            mes.send(event.id(), EventJson.toJson(event));
            return null;
        }

        @Override
        public void onStart() throws Exception {
            mes.connect();
        }

        @Override
        public void onStop() {
            mes.close();
        }
    }

    /** §2.3: a SyncHandler that keeps first-pass yield per station. */
    static final class YieldCounter extends SyncHandler {
        private final Map<String, LongAdder> tested = new ConcurrentHashMap<>();
        private final Map<String, LongAdder> passed = new ConcurrentHashMap<>();

        YieldCounter() {
            super("yield-counter");
        }

        @Override
        public List<EventType> eventTypes() {
            return List.of(EventType.TEST_RESULT);
        }

        @Override
        public Object handleSync(Event event) {
            TestResultEvent result = TestResultEvent.fromMap(event.payload());
            String station = Objects.requireNonNullElse(result.stationId(), "unknown");
            tested.computeIfAbsent(station, key -> new LongAdder()).increment();
            if (result.passed()) {
                passed.computeIfAbsent(station, key -> new LongAdder()).increment();
            }
            return null;
        }

        double yieldOf(String station) {
            LongAdder all = tested.get(station);
            LongAdder good = passed.get(station);
            return all == null ? 0.0 : (good == null ? 0 : good.sum()) / (double) all.sum();
        }
    }

    /** §2.4: an AsyncHandler that uploads without holding a dispatch thread. */
    static final class ReportUploader extends AsyncHandler {
        private final HttpClient http = HttpClient.newHttpClient();
        private final URI endpoint;

        ReportUploader(URI endpoint) {
            super("report-uploader");
            this.endpoint = endpoint;
        }

        @Override
        public List<EventType> eventTypes() {
            return List.of(EventType.TEST_RESULT);
        }

        @Override
        public CompletionStage<Object> handleAsync(Event event) {
            HttpRequest request = HttpRequest.newBuilder(endpoint)
                    .header("Content-Type", "application/json")
                    .header("Idempotency-Key", event.id())
                    .POST(HttpRequest.BodyPublishers.ofString(EventJson.toJson(event)))
                    .build();
            return http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenApply(response -> {
                if (response.statusCode() >= 300) {
                    throw new IllegalStateException("upload of " + event.id() + " answered " + response.statusCode());
                }
                return null;
            });
        }
    }

    /** §2.5: a FilteringHandler: only failed units, and never the golden unit. */
    static final class FailureAlarm extends FilteringHandler {
        private final Consumer<String> pager;

        FailureAlarm(Consumer<String> pager) {
            super("failure-alarm");
            this.pager = pager;
        }

        @Override
        public List<EventType> eventTypes() {
            return List.of(EventType.TEST_RESULT);
        }

        @Override
        public Object handle(Event event) {
            pager.accept("unit " + event.payload().get("unit_id") + " failed at " + event.source());
            return null;
        }
    }

    @Test
    void handlersRunOnTheBus() throws Exception { // D26: the guide's handlers, as written there
        List<String> sent = new CopyOnWriteArrayList<>();
        List<String> pages = new CopyOnWriteArrayList<>();
        List<String> faults = new CopyOnWriteArrayList<>();
        MesClient mes = new MesClient() {
            @Override
            public void connect() {
            }

            @Override
            public void send(String eventId, String json) {
                sent.add(eventId);
            }

            @Override
            public void close() {
            }
        };
        YieldCounter yield = new YieldCounter();

        AsyncEventBus bus = new AsyncEventBus("handlers");
        bus.registerHandler(new MesForwarder(mes));
        bus.registerHandler(yield);
        // §2.2: a handler from a lambda
        bus.registerHandler(BaseHandler.of("fault-log", List.of(EventType.ASSET_FAULT),
                event -> faults.add(event.payload().get("asset_id") + " " + event.payload().get("fault_code"))));
        // §2.5
        FailureAlarm alarm = new FailureAlarm(pages::add);
        alarm.addFilter(new EventFilter().payloadEquals("result", TestResult.FAIL.value()))
                .addFilter(event -> !"GOLDEN-1".equals(event.payload().get("unit_id")));
        bus.registerHandler(alarm);
        bus.start();

        bus.publish(TestResultEvent.builder("PCB-1").stationId("ict-1").build().toEvent("ict-1"));
        bus.publish(TestResultEvent.builder("PCB-2").stationId("ict-1").result(TestResult.FAIL).build().toEvent("ict-1"));
        bus.publish(TestResultEvent.builder("GOLDEN-1").stationId("ict-1").result(TestResult.FAIL).build().toEvent("ict-1"));
        bus.publish(Event.create(EventType.ASSET_FAULT, Map.of("asset_id", "oven-2", "fault_code", "E42"), "oven-2"));

        assertThat(bus.awaitIdle(Duration.ofSeconds(10))).isTrue();
        bus.stop();

        assertThat(sent).hasSize(3);
        assertThat(yield.yieldOf("ict-1")).isEqualTo(1.0 / 3.0);
        assertThat(pages).containsExactly("unit PCB-2 failed at ict-1");
        assertThat(faults).containsExactly("oven-2 E42");
        assertThat(bus.deadLetterQueue().isEmpty()).isTrue();
    }

    @Test
    void theAsyncHandlerUploadsToALocalServer() throws Exception {
        List<String> keys = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/reports", exchange -> {
            keys.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(keys.size() == 1 ? 503 : 204, -1); // the first upload fails once
            exchange.close();
        });
        server.start();
        try {
            URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/reports");
            AsyncEventBus bus = AsyncEventBus.builder().name("upload")
                    .retryPolicy(new RetryPolicy(RetryConfig.builder().initialDelay(0.01).build()))
                    .build();
            bus.registerHandler(new ReportUploader(endpoint));
            bus.start();
            Event event = TestResultEvent.builder("PCB-9").build().toEvent("ict-1");
            bus.publish(event);
            assertThat(bus.awaitIdle(Duration.ofSeconds(20))).isTrue();
            bus.stop();

            assertThat(keys).containsExactly(event.id(), event.id()); // a retry carries the same id
            assertThat(bus.metrics().totalRetries()).isEqualTo(1);
            assertThat(bus.deadLetterQueue().isEmpty()).isTrue();
        } finally {
            server.stop(0);
        }
    }

    // ---------------------------------------------------------------- guide §3: typed payloads

    @Test
    void domainRecordsTravelAsPayloads() {
        OffsetDateTime start = IsoTimes.now();
        TestResultEvent result = TestResultEvent.builder("PCB-0042")
                .result(TestResult.FAIL)
                .partNumber("100-200").revision("B")
                .stationId("ict-1").operatorId("op-7").fixtureId("FX-12")
                .startTime(start).endTime(start.plusSeconds(42))
                .addStep(TestStep.builder("Power rails")
                        .status(TestResult.FAIL)
                        .addMeasurement(TestMeasurement.builder("3V3")
                                .value(3.46).unit("V").lowLimit(3.2).highLimit(3.4)
                                .status(TestResult.FAIL)
                                .build())
                        .build())
                .build();

        Event event = result.toEvent("ict-1"); // Event.create(TEST_RESULT, result.toMap(), "ict-1")

        // in a handler:
        TestResultEvent received = TestResultEvent.fromMap(event.payload());
        assertThat(received).isEqualTo(result);
        assertThat(received.passed()).isFalse();
        assertThat(received.measurementCount()).isEqualTo(1);
        assertThat(received.durationMs()).hasValue(42_000.0);
        assertThat(received.steps().get(0).measurements().get(0).isWithinLimits()).isFalse();
        assertThat(event.eventType()).isEqualTo(EventType.TEST_RESULT);
        assertThat(event.source()).isEqualTo("ict-1");
        assertThat(event.payload()).containsEntry("unit_id", "PCB-0042").containsEntry("fixture_id", "FX-12");
    }

    // ---------------------------------------------------------------- guide §4: a transport

    /** What a broker client library offers (AMQP, MQTT, ...): the minimum the guide's transport needs. */
    interface Broker {
        /** A message as the broker delivers it; {@code tag} identifies it for the acknowledgement. */
        record Delivery(long tag, String body) {
        }

        void connect(Consumer<Delivery> onMessage) throws IOException;

        void disconnect();

        /** The broker may forget the message. */
        void ack(long tag);

        /** The broker keeps the message and delivers it again later ({@code requeue} true) or dead-letters it. */
        void nack(long tag, boolean requeue);
    }

    /** §4: a transport that acknowledges only what the bus has taken. */
    static final class BrokerTransport extends BaseTransport {
        private final Broker broker;

        BrokerTransport(String name, Broker broker) {
            super(name);
            this.broker = broker;
        }

        @Override
        public void start() throws Exception {
            setState(TransportState.CONNECTING);
            try {
                broker.connect(this::onMessage);
            } catch (IOException e) {
                setState(TransportState.ERROR);
                notifyError(e); // publishes TRANSPORT_ERROR
                throw e;
            }
            setState(TransportState.CONNECTED); // publishes TRANSPORT_CONNECTED
        }

        @Override
        public void stop() {
            broker.disconnect();
            setState(TransportState.DISCONNECTED); // publishes TRANSPORT_DISCONNECTED
        }

        /** Called on the client library's thread, once per message. */
        private void onMessage(Broker.Delivery delivery) {
            Event event;
            try {
                event = EventJson.fromJson(delivery.body()); // pyWATS Event.to_dict() JSON
            } catch (IllegalArgumentException malformed) {
                notifyError(malformed);
                broker.nack(delivery.tag(), false); // never valid: let the broker dead-letter it
                return;
            }
            try {
                publishEvent(event); // returns once the bus has taken it (journaled, with Durability.JOURNALED)
            } catch (RuntimeException refused) { // bus stopping or stopped, no bus attached
                broker.nack(delivery.tag(), true);
                return;
            }
            broker.ack(delivery.tag()); // only now: a crash before this line redelivers, never loses
        }
    }

    /** A broker in memory, delivering on the calling thread. */
    static final class InMemoryBroker implements Broker {
        final List<Long> acked = new CopyOnWriteArrayList<>();
        final List<Long> rejected = new CopyOnWriteArrayList<>();
        private final AtomicLong tags = new AtomicLong();
        private volatile Consumer<Delivery> consumer;

        @Override
        public void connect(Consumer<Delivery> onMessage) {
            consumer = onMessage;
        }

        @Override
        public void disconnect() {
            consumer = null;
        }

        @Override
        public void ack(long tag) {
            acked.add(tag);
        }

        @Override
        public void nack(long tag, boolean requeue) {
            rejected.add(tag);
        }

        long deliver(String body) {
            long tag = tags.incrementAndGet();
            consumer.accept(new Delivery(tag, body));
            return tag;
        }
    }

    @Test
    void theTransportAcknowledgesWhatTheBusTook() throws Exception {
        List<Event> seen = new CopyOnWriteArrayList<>();
        InMemoryBroker broker = new InMemoryBroker();
        AsyncEventBus bus = new AsyncEventBus("transport");
        bus.registerHandler(BaseHandler.of("everything", List.of(), seen::add));
        bus.registerTransport(new BrokerTransport("cfx-broker", broker));
        bus.start();

        Event sent = TestResultEvent.builder("PCB-7").build().toEvent("ict-1");
        long good = broker.deliver(EventJson.toJson(sent));
        long bad = broker.deliver("{not json");
        assertThat(bus.awaitIdle(Duration.ofSeconds(10))).isTrue();
        bus.stop();

        assertThat(broker.acked).containsExactly(good);
        assertThat(broker.rejected).containsExactly(bad);
        assertThat(seen).extracting(Event::eventType).containsExactly(EventType.TRANSPORT_CONNECTED,
                EventType.TEST_RESULT, EventType.TRANSPORT_ERROR, EventType.TRANSPORT_DISCONNECTED);
        assertThat(seen.get(1)).isEqualTo(sent);
    }

    /** §4.1: a transport that settles each broker message from the bus's acknowledgement. */
    static final class AcknowledgingTransport extends BaseTransport {
        private final Broker broker;

        AcknowledgingTransport(String name, Broker broker) {
            super(name);
            this.broker = broker;
        }

        @Override
        public void start() throws Exception {
            setState(TransportState.CONNECTING);
            broker.connect(this::onMessage);
            setState(TransportState.CONNECTED);
        }

        @Override
        public void stop() {
            broker.disconnect();
            setState(TransportState.DISCONNECTED);
        }

        /** Called on the client library's thread, once per message; returns without waiting for the bus. */
        private void onMessage(Broker.Delivery delivery) {
            List<Event> events;
            try {
                events = List.of(EventJson.fromJson(delivery.body())); // a CFX message may map to several
            } catch (IllegalArgumentException malformed) {
                notifyError(malformed);
                broker.nack(delivery.tag(), false); // never valid: let the broker dead-letter it
                return;
            }
            try {
                publishMessage(events, new Acknowledgement() {
                    @Override
                    public void safe(long journalIndex) { // journaled, or without a journal handled
                        broker.ack(delivery.tag());
                    }

                    @Override
                    public void refused(Refusal refusal) { // BUS_STOPPING, RING_FULL or JOURNAL_FAILED
                        broker.nack(delivery.tag(), true); // not safe: the broker delivers it again
                    }
                });
            } catch (IllegalStateException detached) { // no bus attached: the acknowledgement is not called
                broker.nack(delivery.tag(), true);
            }
        }
    }

    @Test
    void theAcknowledgingTransportSettlesFromTheAcknowledgement() throws Exception {
        List<Event> handled = new CopyOnWriteArrayList<>();
        InMemoryBroker broker = new InMemoryBroker();
        AsyncEventBus bus = new AsyncEventBus("acknowledged"); // no journal: safe once handled
        bus.registerHandler(BaseHandler.of("results", List.of(EventType.TEST_RESULT), handled::add));
        AcknowledgingTransport transport = new AcknowledgingTransport("cfx-broker", broker);
        bus.registerTransport(transport);
        bus.start();

        Event sent = TestResultEvent.builder("PCB-8").build().toEvent("ict-1");
        long good = broker.deliver(EventJson.toJson(sent));
        long bad = broker.deliver("{not json");
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.acked.contains(good));
        assertThat(handled).containsExactly(sent); // acknowledged only once its handler was done
        assertThat(broker.rejected).containsExactly(bad);
        bus.stop();

        // The transport, still attached, delivers to the stopped bus: refused at the door, on this thread.
        transport.start();
        long late = broker.deliver(EventJson.toJson(TestResultEvent.builder("PCB-9").build().toEvent("ict-1")));
        assertThat(broker.rejected).containsExactly(bad, late);
        assertThat(broker.acked).containsExactly(good);
        transport.stop();
    }

    @Test
    void aTransportWithoutABusIsNeverAcknowledged() throws Exception {
        InMemoryBroker broker = new InMemoryBroker();
        AcknowledgingTransport transport = new AcknowledgingTransport("detached", broker);
        transport.start(); // never registered with a bus: its system events are only logged
        long tag = broker.deliver(EventJson.toJson(TestResultEvent.builder("PCB-10").build().toEvent("ict-1")));
        assertThat(broker.rejected).containsExactly(tag);
        assertThat(broker.acked).isEmpty();
    }

    // ---------------------------------------------------------------- guide §5: the bus

    @Test
    void theBusWithEveryOption() throws Exception {
        EventMetrics metrics = new EventMetrics();
        AsyncEventBus bus = AsyncEventBus.builder()
                .name("line-3")
                .ringSize(16_384)                          // power of two
                .waitStrategy(WaitStrategyKind.SLEEPING)
                .producerType(ProducerType.MULTI)          // several publishing threads
                .dispatchThreads(4)                        // 4 shards; one unit stays on one shard
                .partitionKey(PartitionKeys.byUnit())      // unit_id, else asset_id, else work_order_id
                .backpressure(Backpressure.BLOCK)          // publish waits while the ring is full
                .maxConcurrent(64)                         // AsyncHandler calls in flight
                .retryPolicy(new RetryPolicy(RetryConfig.builder()
                        .maxRetries(5).initialDelay(0.5).maxDelay(30.0).build()))
                .retryCapacity(10_000)                     // retries waiting at once; one more is dead-lettered
                .errorPolicy(new ErrorPolicy(new InMemoryDeadLetterQueue(50_000), new CircuitBreaker()))
                .metrics(metrics)
                .build();
        List<String> units = new CopyOnWriteArrayList<>();
        bus.registerHandler(BaseHandler.of("units", List.of(EventType.TEST_RESULT),
                event -> units.add((String) event.payload().get("unit_id"))));
        bus.start();
        for (int i = 0; i < 100; i++) {
            bus.publish(TestResultEvent.builder("PCB-" + (i % 10)).build().toEvent("ict-1"));
        }
        assertThat(bus.awaitIdle(Duration.ofSeconds(10))).isTrue();
        bus.stop();

        assertThat(units).hasSize(100);
        assertThat(bus.ringSize()).isEqualTo(16_384);
        assertThat(metrics.totalEvents()).isEqualTo(100);
        assertThat(bus.pendingRetries()).isZero();
        assertThat(bus.retriesOverflowed()).isZero();
    }

    // ---------------------------------------------------------------- guide §7: metrics and tracing

    @Test
    void metricsAndTracing() throws Exception {
        List<Map<String, Object>> exported = new CopyOnWriteArrayList<>();
        List<String> sent = new CopyOnWriteArrayList<>();

        EventTracer tracer = new EventTracer("line-3-collector");
        tracer.addExporter(EventTracer::logExporter);
        tracer.addExporter(exported::add);

        AsyncEventBus bus = new AsyncEventBus("observed");
        bus.registerHandler(BaseHandler.of("traced-forwarder", List.of(EventType.TEST_RESULT), event ->
                tracer.traceEvent(event, root -> {
                    root.setAttribute("unit_id", event.payload().get("unit_id"));
                    return tracer.span("send", span -> sent.add(event.id()));
                })));
        bus.start();
        Event event = Event.builder(EventType.TEST_RESULT)
                .payload(Map.of("unit_id", "PCB-3"))
                .source("ict-1")
                .traceId("4bf92f3577b34da6a3ce929d0e0e4736")
                .build();
        bus.publish(event);
        assertThat(bus.awaitIdle(Duration.ofSeconds(10))).isTrue();
        bus.stop();

        EventMetrics metrics = bus.metrics();
        Map<String, Object> summary = metrics.getSummary();
        LOG.info("events {} errors {} p99 {} ms", summary.get("total_events"), summary.get("total_errors"),
                summary.get("p99_latency_ms"));
        assertThat(summary).containsEntry("total_events", 1L).containsEntry("total_errors", 0L);
        assertThat(metrics.getStats(EventType.TEST_RESULT)).map(stats -> stats.count()).hasValue(1L);
        assertThat(metrics.latencyPercentileMs(99.0)).isPresent();
        assertThat(metrics.totalDeadLetters()).isZero();

        assertThat(sent).containsExactly(event.id());
        assertThat(exported).hasSize(1);
        assertThat(exported.get(0)).containsEntry("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat((List<?>) exported.get(0).get("spans")).hasSize(2);
    }

    // ---------------------------------------------------------------- guide §8: lifecycle

    /** A resource the handlers need, e.g. a connection pool. */
    static final class MesPool {
        final List<String> calls = new CopyOnWriteArrayList<>();

        void open() {
            calls.add("open");
        }

        void close() {
            calls.add("close");
        }
    }

    @Test
    void theLifecycleManagerStartsAndStopsInOrder() throws Exception {
        MesPool mesPool = new MesPool();
        List<String> order = new CopyOnWriteArrayList<>();
        AsyncEventBus bus = new AsyncEventBus("lifecycle");
        bus.registerHandler(new BaseHandler("order-probe") {
            @Override
            public List<EventType> eventTypes() {
                return List.of();
            }

            @Override
            public Object handle(Event event) {
                return null;
            }

            @Override
            public void onStart() {
                order.add("bus start: pool " + mesPool.calls);
            }

            @Override
            public void onStop() {
                order.add("bus stop: pool " + mesPool.calls);
            }
        });

        LifecycleManager lifecycle = new LifecycleManager()
                .addComponent(LifecycleComponent.of(mesPool::open, mesPool::close), -10) // before the bus
                .addEventBus(bus)                                                       // priority 0
                .onError(error -> LOG.error("collector failed to start", error));
        lifecycle.start();
        assertThat(lifecycle.isRunning()).isTrue();
        lifecycle.stop();

        assertThat(order).containsExactly("bus start: pool [open]", "bus stop: pool [open]");
        assertThat(mesPool.calls).containsExactly("open", "close");
        assertThat(bus.isRunning()).isFalse();
    }
}
