package io.linebus.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.linebus.models.Event;
import io.linebus.models.EventType;
import io.linebus.policies.DeadLetterEntry;
import io.linebus.policies.ErrorPolicy;
import io.linebus.policies.ImmediateRetryPolicy;
import io.linebus.policies.InMemoryDeadLetterQueue;
import io.linebus.policies.RetryConfig;
import io.linebus.policies.RetryPolicy;
import io.linebus.testing.RecordingHandler;
import io.linebus.testing.SampleEvents;
import io.linebus.transports.Acknowledgement;
import io.linebus.transports.Refusal;
import io.linebus.transports.MockTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The synchronous bus from the outside. */
class EventBusTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final List<EventBus> buses = new ArrayList<>();
    private final InMemoryDeadLetterQueue deadLetters = new InMemoryDeadLetterQueue();

    private EventBus track(EventBus bus) {
        buses.add(bus);
        return bus;
    }

    @AfterEach
    void stopBuses() throws Exception {
        for (EventBus bus : buses) {
            bus.stop(Duration.ofSeconds(2));
        }
    }

    @Test
    void defaults() {
        EventBus bus = new EventBus();
        assertThat(bus.name()).isEqualTo("default");
        assertThat(bus.isRunning()).isFalse();
        assertThat(bus).hasToString("EventBus(name=default, handlers=0, transports=0, running=false)");
    }

    // Python: test_publish_event_to_handler
    @Test
    void publishOnANeverStartedBusRunsTheHandlerOnTheCallersThread() {
        EventBus bus = track(new EventBus());
        RecordingHandler handler = new RecordingHandler("h", EventType.TEST_RESULT);
        bus.registerHandler(handler);

        bus.publish(Event.create(EventType.TEST_RESULT, Map.of("passed", true)));

        assertThat(handler.handled()).singleElement()
                .satisfies(event -> assertThat(event.payload()).isEqualTo(Map.of("passed", true)));
        assertThat(handler.callThreads()).containsExactly(Thread.currentThread().getName());
    }

    // Python: test_handler_filtering_by_event_type
    @Test
    void handlersReceiveOnlyTheirTypes() {
        EventBus bus = track(new EventBus());
        RecordingHandler tests = new RecordingHandler("tests", EventType.TEST_RESULT);
        RecordingHandler faults = new RecordingHandler("faults", EventType.ASSET_FAULT);
        bus.registerHandler(tests);
        bus.registerHandler(faults);

        bus.publish(new Event(EventType.TEST_RESULT));
        bus.publish(new Event(EventType.ASSET_FAULT));

        assertThat(tests.handled()).extracting(Event::eventType).containsExactly(EventType.TEST_RESULT);
        assertThat(faults.handled()).extracting(Event::eventType).containsExactly(EventType.ASSET_FAULT);
    }

    // Python: test_start_stop_lifecycle
    @Test
    void startAndStop() throws Exception {
        EventBus bus = track(new EventBus());
        bus.start();
        assertThat(bus.isRunning()).isTrue();
        bus.stop();
        assertThat(bus.isRunning()).isFalse();
        bus.start(); // the sync bus can be restarted
        assertThat(bus.isRunning()).isTrue();
    }

    @Test
    void handlersRunInPriorityOrderTypedBeforeCatchAllOnTies() {
        EventBus bus = track(new EventBus());
        List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();
        bus.registerHandler(new RecordingHandler("catch-all", 100).behave(e -> order.add("catch-all")));
        bus.registerHandler(new RecordingHandler("typed", 100, EventType.TEST_RESULT).behave(e -> order.add("typed")));
        bus.registerHandler(new RecordingHandler("first", 1, EventType.TEST_RESULT).behave(e -> order.add("first")));

        bus.publish(new Event(EventType.TEST_RESULT));

        assertThat(order).containsExactly("first", "typed", "catch-all");
    }

    // D1, D2
    @Test
    void retriesOnlyTheFailedHandlerOnTheRetryThreadNeverRecursively() {
        EventBus bus = track(new EventBus("retries", 1, new ImmediateRetryPolicy(3), new ErrorPolicy(deadLetters)));
        RecordingHandler steady = new RecordingHandler("steady", EventType.TEST_RESULT);
        RecordingHandler flaky = new RecordingHandler("flaky", EventType.TEST_RESULT).failAlways();
        bus.registerHandler(steady);
        bus.registerHandler(flaky);

        bus.publish(SampleEvents.testResult("u", 1));

        assertThat(bus.awaitIdle(WAIT)).isTrue();
        assertThat(steady.calls()).hasSize(1);
        // The first attempt ran on the caller's thread; every retry on the retry thread, none nested in publish.
        assertThat(flaky.callThreads().get(0)).isEqualTo(Thread.currentThread().getName());
        assertThat(flaky.calls()).extracting(e -> e.metadata().retryCount()).containsExactly(0, 1, 2, 3);
        assertThat(flaky.callThreads().subList(1, 4)).allMatch(name -> name.equals("EventBus-retries-Retry"));
        assertThat(deadLetters.getEntries()).singleElement().satisfies(entry -> {
            assertThat(entry.handlerName()).isEqualTo("flaky");
            assertThat(entry.retryCount()).isEqualTo(3);
        });
    }

    // D2
    @Test
    void aRetryWaitsForItsDelay() {
        RetryPolicy policy = new RetryPolicy(RetryConfig.builder().maxRetries(1).initialDelay(0.2).jitter(false).build());
        EventBus bus = track(new EventBus("delayed", 1, policy, new ErrorPolicy(deadLetters)));
        List<Long> attempts = new java.util.concurrent.CopyOnWriteArrayList<>();
        RecordingHandler flaky = new RecordingHandler("flaky", EventType.TEST_RESULT)
                .behave(e -> attempts.add(System.nanoTime()));
        flaky.failFirstAttempt();
        bus.registerHandler(flaky);

        long start = System.nanoTime();
        bus.publish(SampleEvents.testResult("u", 1));

        assertThat(bus.awaitIdle(WAIT)).isTrue();
        assertThat(flaky.handledCount()).isEqualTo(1);
        assertThat(attempts.get(0) - start).isGreaterThanOrEqualTo(Duration.ofMillis(200).toNanos());
    }

    // D25
    @Test
    void publishAsyncOnAStoppedBusIsRefused() {
        EventBus bus = track(new EventBus());
        Event event = SampleEvents.testResult("u", 1);
        assertThatThrownBy(() -> bus.publishAsync(event)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not running").hasMessageContaining(event.id());
    }

    @Test
    void queuedEventsAreHandledByWorkersInPerUnitOrder() throws Exception {
        EventBus bus = track(new EventBus("queued", 4, null, null));
        RecordingHandler handler = new RecordingHandler("h", EventType.TEST_RESULT);
        bus.registerHandler(handler);
        bus.start();
        for (int seq = 0; seq < 100; seq++) {
            for (int unit = 0; unit < 10; unit++) {
                bus.publishAsync(SampleEvents.testResult("unit-" + unit, seq));
            }
        }
        assertThat(bus.awaitIdle(WAIT)).isTrue();

        assertThat(handler.handledCount()).isEqualTo(1000);
        Map<Object, List<Long>> byUnit = new HashMap<>();
        handler.handled().forEach(e -> byUnit.computeIfAbsent(e.payload().get("unit_id"), k -> new ArrayList<>())
                .add((Long) e.payload().get("seq")));
        byUnit.values().forEach(seqs -> assertThat(seqs).hasSize(100).isSorted());
        assertThat(handler.callThreads()).allMatch(name -> name.startsWith("EventBus-queued-Worker-"));
    }

    // D6, D10
    @Test
    void stopDeadLettersWhatTheWorkersCouldNotFinish() throws Exception {
        EventBus bus = track(new EventBus("stuck", 1, null, new ErrorPolicy(deadLetters)));
        CountDownLatch gate = new CountDownLatch(1);
        RecordingHandler stuck = new RecordingHandler("stuck", EventType.TEST_RESULT).behave(e -> gate.await());
        bus.registerHandler(stuck);
        bus.start();
        for (int i = 0; i < 5; i++) {
            bus.publishAsync(SampleEvents.testResult("u", i));
        }
        await().atMost(WAIT).until(() -> stuck.calls().size() == 1);

        bus.stop(Duration.ofMillis(100));

        // The interrupted call is the handler's failure; the four behind it were never started.
        assertThat(deadLetters.getEntries()).hasSize(5);
        assertThat(deadLetters.getEntries()).filteredOn(entry -> entry.error() instanceof BusStoppedException).hasSize(4);
        gate.countDown();
    }

    // D10
    @Test
    void stopRunsEveryStepAndReportsAllFailures() throws Exception {
        EventBus bus = track(new EventBus());
        MockTransport failingStop = new MockTransport("a") {
            @Override
            public void stop() {
                super.stop();
                throw new IllegalStateException("transport stop failed");
            }
        };
        MockTransport fine = new MockTransport("b");
        RecordingHandler failingOnStop = new RecordingHandler("h", EventType.TEST_RESULT) {
            @Override
            public void onStop() {
                super.onStop();
                throw new IllegalStateException("handler stop failed");
            }
        };
        bus.registerTransport(failingStop);
        bus.registerTransport(fine);
        bus.registerHandler(failingOnStop);
        bus.start();

        assertThatThrownBy(bus::stop).hasMessage("transport stop failed")
                .satisfies(e -> assertThat(e.getSuppressed()).extracting(Throwable::getMessage)
                        .containsExactly("handler stop failed"));
        assertThat(fine.isConnected()).isFalse();
        assertThat(failingOnStop.stops()).isEqualTo(1);
        assertThat(bus.isRunning()).isFalse();
    }

    // D10
    @Test
    void aFailedStartRollsBack() throws Exception {
        EventBus bus = track(new EventBus());
        MockTransport good = new MockTransport("good");
        MockTransport bad = new MockTransport("bad");
        bad.configureFailure(true, false);
        RecordingHandler handler = new RecordingHandler("h", EventType.TEST_RESULT);
        bus.registerTransport(good);
        bus.registerTransport(bad);
        bus.registerHandler(handler);

        assertThatThrownBy(bus::start).hasMessage("Mock transport configured to fail");

        assertThat(bus.isRunning()).isFalse();
        assertThat(good.isConnected()).isFalse();
        assertThat(handler.starts()).isEqualTo(1);
        assertThat(handler.stops()).isEqualTo(1);
    }

    @Test
    void systemEventsOfAMockTransportReachACatchAllHandler() throws Exception {
        EventBus bus = track(new EventBus());
        RecordingHandler all = new RecordingHandler("all");
        MockTransport transport = new MockTransport();
        bus.registerHandler(all);
        bus.registerTransport(transport);
        bus.start();
        transport.injectEvent(SampleEvents.testResult("u", 1));
        transport.simulateError(new IllegalArgumentException("bad"));
        transport.simulateReconnect();
        transport.simulateDisconnect();

        assertThat(all.handled()).extracting(Event::eventType).containsExactly(EventType.TRANSPORT_CONNECTED,
                EventType.TEST_RESULT, EventType.TRANSPORT_DISCONNECTED, EventType.TRANSPORT_ERROR,
                EventType.TRANSPORT_CONNECTED, EventType.TRANSPORT_DISCONNECTED);
        assertThat(all.handled().get(3).payload()).isEqualTo(Map.of("transport", "mock", "error_type",
                "IllegalArgumentException", "error_message", "bad"));
        assertThat(transport.publishedEvents()).hasSize(1);
    }

    @Test
    void registeringATransportOnARunningBusStartsIt() throws Exception {
        EventBus bus = track(new EventBus());
        bus.start();
        MockTransport transport = new MockTransport();
        bus.registerTransport(transport);
        assertThat(transport.isConnected()).isTrue();
        assertThat(bus.unregisterTransport(transport)).isTrue();
        assertThat(transport.isConnected()).isFalse();
        assertThat(bus.transportCount()).isZero();
    }

    @Test
    void deadLettersNameTheirHandlerWithoutAnErrorPolicyGiven() {
        EventBus bus = track(new EventBus());
        bus.registerHandler(new RecordingHandler("broken", EventType.TEST_RESULT).failAlways());
        bus.publish(SampleEvents.testResult("u", 1));
        assertThat(bus.deadLetterQueue().getEntries()).extracting(DeadLetterEntry::handlerName).containsExactly("broken");
    }

    // D7: a plain, synchronous handle() that returns a value is a success, never a failure.
    @Test
    void aHandlerReturningAValueSucceeds() {
        EventBus bus = track(new EventBus("plain", 1, new ImmediateRetryPolicy(3), new ErrorPolicy(deadLetters)));
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        bus.registerHandler(io.linebus.handlers.BaseHandler.of("plain", List.of(EventType.TEST_RESULT),
                event -> calls.incrementAndGet()));
        bus.publish(SampleEvents.testResult("u", 1));
        assertThat(bus.awaitIdle(WAIT)).isTrue();
        assertThat(calls.get()).isEqualTo(1);
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    // D7: maxWorkers means something: it is the number of threads serving publishAsync.
    @Test
    void maxWorkersIsTheNumberOfQueueWorkers() throws Exception {
        EventBus bus = track(new EventBus("workers", 3, null, null));
        RecordingHandler handler = new RecordingHandler("h", EventType.TEST_RESULT);
        bus.registerHandler(handler);
        bus.start();
        for (int unit = 0; unit < 300; unit++) {
            bus.publishAsync(SampleEvents.testResult("unit-" + unit, 0));
        }
        assertThat(bus.awaitIdle(WAIT)).isTrue();
        assertThat(new java.util.HashSet<>(handler.callThreads())).containsExactlyInAnyOrder(
                "EventBus-workers-Worker-0", "EventBus-workers-Worker-1", "EventBus-workers-Worker-2");
    }

    // D9: the queues are bounded; a full queue holds the publisher back instead of growing.
    @Test
    void aFullQueueHoldsThePublisherBack() throws Exception {
        EventBus bus = track(EventBus.builder().name("bounded").maxWorkers(1).queueCapacity(4).build());
        CountDownLatch gate = new CountDownLatch(1);
        RecordingHandler blocked = new RecordingHandler("blocked", EventType.TEST_RESULT).behave(e -> gate.await());
        bus.registerHandler(blocked);
        bus.start();
        java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();
        Thread producer = new Thread(() -> {
            for (int i = 0; i < 10; i++) {
                bus.publishAsync(SampleEvents.testResult("u", i));
                accepted.incrementAndGet();
            }
        });
        producer.start();
        // TIMED_WAITING: publishAsync waits for room in bounded steps, so that a stop can refuse it.
        await().atMost(WAIT).until(() -> producer.getState() == Thread.State.TIMED_WAITING && bus.queueSize() == 4);
        assertThat(accepted.get()).isEqualTo(5); // one in the handler, four queued

        gate.countDown();
        producer.join(WAIT.toMillis());
        assertThat(bus.awaitIdle(WAIT)).isTrue();
        assertThat(blocked.handledCount()).isEqualTo(10);
    }

    @Test
    void deadLettersAreRequeuedToTheHandlerThatFailedThem() throws Exception {
        EventBus bus = track(new EventBus("requeue", 1, null, new ErrorPolicy(deadLetters)));
        boolean[] broken = {true};
        RecordingHandler flaky = new RecordingHandler("flaky", EventType.TEST_RESULT).behave(e -> {
            if (broken[0]) {
                throw new IllegalStateException("down");
            }
        });
        RecordingHandler steady = new RecordingHandler("steady", EventType.TEST_RESULT);
        bus.registerHandler(flaky);
        bus.registerHandler(steady);
        bus.publish(SampleEvents.testResult("u", 1));
        bus.publish(SampleEvents.testResult("u", 2));
        assertThat(deadLetters.size()).isEqualTo(2);

        broken[0] = false;
        assertThat(deadLetters.requeue(bus::publishTo)).isEqualTo(2);

        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(flaky.handled()).extracting(e -> e.payload().get("seq")).containsExactly(1L, 2L);
        assertThat(steady.handledCount()).isEqualTo(2);
        assertThatThrownBy(() -> bus.publishTo("nobody", SampleEvents.testResult("u", 3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("No handler named 'nobody'");
    }

    @Test
    void closingAnUnstartedBusDeadLettersItsPendingRetriesAndEndsTheRetryThread() throws Exception {
        RetryPolicy slow = new RetryPolicy(RetryConfig.builder().maxRetries(1).initialDelay(60).maxDelay(60)
                .jitter(false).build());
        EventBus bus = new EventBus("closing", 1, slow, new ErrorPolicy(deadLetters));
        bus.registerHandler(new RecordingHandler("flaky", EventType.TEST_RESULT).failAlways());
        bus.publish(SampleEvents.testResult("u", 1));
        assertThat(Thread.getAllStackTraces().keySet()).anyMatch(t -> t.getName().equals("EventBus-closing-Retry"));

        bus.close();

        assertThat(deadLetters.getEntries()).singleElement()
                .satisfies(entry -> assertThat(entry.error()).isInstanceOf(BusStoppedException.class));
        await().atMost(WAIT).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("EventBus-closing-Retry") && t.isAlive()));
        assertThat(bus.awaitIdle(Duration.ZERO)).isTrue();
    }

    @Test
    void publishToAHandlerThatIsDisabledDeadLettersTheEvent() {
        EventBus bus = track(new EventBus("targeted", 1, null, new ErrorPolicy(deadLetters)));
        RecordingHandler off = new RecordingHandler("off", EventType.TEST_RESULT);
        off.setEnabled(false);
        bus.registerHandler(off);
        bus.publishTo("off", SampleEvents.testResult("u", 1));
        assertThat(off.calls()).isEmpty();
        assertThat(deadLetters.getEntries()).singleElement()
                .satisfies(entry -> assertThat(entry.errorMessage()).contains("no longer takes the event"));
    }

    @Test
    void badInput() {
        EventBus bus = track(new EventBus());
        assertThatThrownBy(() -> bus.publish(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> bus.onEvent(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> EventBus.builder().maxWorkers(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventBus.builder().queueCapacity(0)).isInstanceOf(IllegalArgumentException.class);
    }

    /** A message's events are handled on the caller's thread, then it is told safe; a bad one is refused whole. */
    @Test
    void aMessageIsToldSafeOnceItsHandlersRanAndANullEventIsRefusedBeforeAnyRuns() {
        EventBus bus = new EventBus("messages");
        RecordingHandler handler = new RecordingHandler("h", EventType.TEST_RESULT);
        bus.registerHandler(handler);
        List<String> told = new CopyOnWriteArrayList<>();
        Acknowledgement acknowledgement = new Acknowledgement() {
            @Override
            public void safe(long journalIndex) {
                told.add("safe " + journalIndex + " after " + handler.handledCount());
            }

            @Override
            public void refused(Refusal refusal) {
                told.add("refused");
            }
        };

        bus.publish(List.of(SampleEvents.testResult("u", 0), SampleEvents.testResult("u", 1)), acknowledgement);
        assertThat(told).containsExactly("safe -1 after 2");

        List<Event> withNull = new ArrayList<>();
        withNull.add(SampleEvents.testResult("u", 2));
        withNull.add(null);
        assertThatThrownBy(() -> bus.publish(withNull, acknowledgement)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> bus.publish(List.of(), acknowledgement)).isInstanceOf(IllegalArgumentException.class);
        assertThat(handler.handledCount()).isEqualTo(2);
        assertThat(told).hasSize(1);
    }
}
