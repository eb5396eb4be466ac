package io.linebus.transports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linebus.bus.EventBus;
import io.linebus.models.Event;
import io.linebus.models.EventType;
import io.linebus.testing.RecordingHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MockTransportTest {

    // Python: test_start_stop_lifecycle (TestMockTransport)
    @Test
    void startConnectsAndStopDisconnects() {
        MockTransport transport = new MockTransport();
        assertThat(transport.state()).isEqualTo(TransportState.DISCONNECTED);
        transport.start();
        assertThat(transport.state().value()).isEqualTo("connected");
        transport.stop();
        assertThat(transport.state().value()).isEqualTo("disconnected");
    }

    // Python: test_inject_event_publishes_to_bus. Without a bus the event is recorded as injected, but
    // linebus does not drop it silently: injecting says it was not delivered.
    @Test
    void injectingWithoutABusRecordsTheEventAndSaysItWasNotDelivered() {
        MockTransport transport = new MockTransport();
        transport.start();
        Event event = new Event(EventType.TEST_RESULT);

        assertThatThrownBy(() -> transport.injectEvent(event)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not attached").hasMessageContaining(event.id());

        assertThat(transport.injectedEvents()).containsExactly(event);
        assertThat(transport.publishedEvents()).isEmpty(); // D18
    }

    // Python: test_published_events_are_recorded
    @Test
    void deliveredEventsAreRecordedAsPublished() {
        MockTransport transport = new MockTransport();
        EventBus bus = new EventBus();
        transport.attach(bus);
        transport.start();
        Event event = Event.create(EventType.TEST_RESULT, Map.of("test", 1));

        transport.injectEvent(event);

        assertThat(transport.publishedEvents()).containsExactly(event);
        assertThat(transport.eventCount()).isEqualTo(1);
    }

    // Python: test_not_connected_raises
    @Test
    void injectingWhileNotConnectedIsRefused() {
        MockTransport transport = new MockTransport("mock", false);
        transport.start();
        assertThat(transport.state()).isEqualTo(TransportState.CONNECTING);
        assertThatThrownBy(() -> transport.injectEvent(new Event(EventType.TEST_RESULT)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not connected");
    }

    @Test
    void configuredFailures() {
        MockTransport transport = new MockTransport();
        transport.configureFailure(true, false);
        assertThatThrownBy(transport::start).isInstanceOf(TransportException.class)
                .hasMessage("Mock transport configured to fail");
        assertThat(transport.state()).isEqualTo(TransportState.ERROR);
        transport.configureFailure(false, true);
        transport.start();
        assertThatThrownBy(() -> transport.injectEvent(new Event(EventType.TEST_RESULT)))
                .hasMessage("Mock transport configured to fail on inject");
    }

    // D18: a second start does not announce the connection again; leaving CONNECTED for ERROR announces it.
    @Test
    void theStateMachineAnnouncesEachChangeOnce() {
        EventBus bus = new EventBus();
        RecordingHandler all = new RecordingHandler("all");
        bus.registerHandler(all);
        MockTransport transport = new MockTransport();
        transport.attach(bus);
        List<String> callbacks = new CopyOnWriteArrayList<>();
        transport.onConnect(() -> callbacks.add("connect"));
        transport.onDisconnect(() -> callbacks.add("disconnect"));
        transport.onError(error -> callbacks.add("error:" + error.getMessage()));
        transport.onConnect(() -> {
            throw new IllegalStateException("callback bug"); // contained
        });

        transport.start();
        transport.start();
        transport.simulateError(new IllegalStateException("cable"));
        transport.simulateReconnect();
        transport.simulateDisconnect();
        transport.simulateDisconnect();

        assertThat(all.handled()).extracting(Event::eventType).containsExactly(EventType.TRANSPORT_CONNECTED,
                EventType.TRANSPORT_DISCONNECTED, EventType.TRANSPORT_ERROR, EventType.TRANSPORT_CONNECTED,
                EventType.TRANSPORT_DISCONNECTED);
        assertThat(callbacks).containsExactly("connect", "disconnect", "error:cable", "connect", "disconnect");
        assertThat(all.handled()).allSatisfy(event -> {
            assertThat(event.source()).isEqualTo("mock");
            assertThat(event.payload()).containsEntry("transport", "mock");
        });
    }

    @Test
    void injectEventsStopsAtTheFirstFailure() {
        MockTransport transport = new MockTransport();
        EventBus bus = new EventBus();
        transport.attach(bus);
        transport.start();
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            events.add(new Event(EventType.TEST_RESULT));
        }
        transport.injectEvents(events);
        assertThat(transport.publishedEvents()).containsExactlyElementsOf(events);
        transport.simulateDisconnect();
        assertThatThrownBy(() -> transport.injectEvents(events)).hasMessageContaining("not connected");
    }

    @Test
    void injectEventAsyncWaitsForTheDelayOffTheCallersThread() throws Exception {
        MockTransport transport = new MockTransport();
        EventBus bus = new EventBus();
        RecordingHandler handler = new RecordingHandler("h", EventType.TEST_RESULT);
        bus.registerHandler(handler);
        transport.attach(bus);
        transport.start();
        transport.setInjectDelay(Duration.ofMillis(20));

        transport.injectEventAsync(new Event(EventType.TEST_RESULT)).toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(handler.handledCount()).isEqualTo(1);
        assertThat(handler.callThreads().get(0)).isNotEqualTo(Thread.currentThread().getName());
        assertThatThrownBy(() -> transport.setInjectDelay(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void statsClearAndReset() {
        MockTransport transport = new MockTransport("m");
        transport.attach(new EventBus());
        transport.start();
        transport.injectEvent(new Event(EventType.TEST_RESULT));
        assertThat(transport.getStats()).containsExactly(Map.entry("name", "m"), Map.entry("state", "connected"),
                Map.entry("is_connected", true), Map.entry("injected_count", 1), Map.entry("published_count", 1));
        assertThat(transport).hasToString("MockTransport(name=m, state=connected, events=1)");
        transport.clear();
        assertThat(transport.injectedEvents()).isEmpty();
        transport.configureFailure(true, true);
        transport.reset();
        assertThat(transport.state()).isEqualTo(TransportState.DISCONNECTED);
        transport.start(); // failure switches were reset
        assertThat(transport.isConnected()).isTrue();
        assertThat(transport.getSubscribedTopics()).isEmpty();
    }

    @Test
    void transportStateValues() {
        assertThat(TransportState.fromValue("reconnecting")).isEqualTo(TransportState.RECONNECTING);
        assertThatThrownBy(() -> TransportState.fromValue("DISCONNECTING")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown transport state");
        assertThatThrownBy(() -> new MockTransport(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
