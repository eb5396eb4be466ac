package io.linebus.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.linebus.handlers.AsyncHandler;
import io.linebus.handlers.BaseHandler;
import io.linebus.models.Event;
import io.linebus.models.EventType;
import io.linebus.telemetry.EventStats;
import io.linebus.testing.RecordingHandler;
import io.linebus.testing.SampleEvents;
import io.linebus.transports.MockTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The asynchronous bus from the outside: dispatch, order, backpressure and lifecycle. */
class AsyncEventBusTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final List<AsyncEventBus> buses = new ArrayList<>();

    private AsyncEventBus track(AsyncEventBus bus) {
        buses.add(bus);
        return bus;
    }

    @AfterEach
    void stopBuses() throws Exception {
        for (AsyncEventBus bus : buses) {
            bus.stop(Duration.ofSeconds(2));
        }
    }

    @Test
    void defaults() {
        AsyncEventBus bus = new AsyncEventBus();
        assertThat(bus.name()).isEqualTo("default");
        assertThat(bus.isRunning()).isFalse();
        assertThat(bus.handlerCount()).isZero();
        assertThat(bus.transportCount()).isZero();
        assertThat(bus.queueSize()).isZero();
        assertThat(bus.ringSize()).isEqualTo(AsyncEventBus.DEFAULT_RING_SIZE);
        assertThat(bus).hasToString("AsyncEventBus(name=default, handlers=0, transports=0, running=false)");
    }

    // Python: test_async_publish
    @Test
    void publishedEventReachesItsHandler() throws Exception {
        AsyncEventBus bus = track(new AsyncEventBus());
        RecordingHandler handler = new RecordingHandler("h", EventType.TEST_RESULT);
        bus.registerHandler(handler);
        bus.start();
        assertThat(bus.isRunning()).isTrue();

        bus.publish(Event.create(EventType.TEST_RESULT, Map.of("async", true)));

        assertThat(bus.awaitIdle(WAIT)).isTrue();
        assertThat(handler.handled()).singleElement()
                .satisfies(event -> assertThat(event.payload()).containsEntry("async", true));
        bus.stop();
        assertThat(bus.isRunning()).isFalse();
    }

    // Python: test_concurrent_handlers (and the overlap check its name promises)
    @Test
    void asyncHandlersRunConcurrentlyUpToMaxConcurrent() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            AtomicInteger inFlight = new AtomicInteger();
            AtomicInteger maxInFlight = new AtomicInteger();
            CountDownLatch release = new CountDownLatch(1);
            List<Integer> seen = new CopyOnWriteArrayList<>();
            AsyncHandler handler = new AsyncHandler("slow") {
                @Override
                public List<EventType> eventTypes() {
                    return List.of(EventType.TEST_RESULT);
                }

                @Override
                public CompletionStage<Object> handleAsync(Event event) {
                    return CompletableFuture.supplyAsync(() -> {
                        int now = inFlight.incrementAndGet();
                        maxInFlight.accumulateAndGet(now, Math::max);
                        try {
                            release.await(10, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        seen.add(((Long) event.payload().get("i")).intValue());
                        inFlight.decrementAndGet();
                        return null;
                    }, pool);
                }
            };
            AsyncEventBus bus = track(new AsyncEventBus("concurrent", 5, null, null));
            bus.registerHandler(handler);
            bus.start();
            for (int i = 0; i < 8; i++) {
                bus.publish(Event.create(EventType.TEST_RESULT, Map.of("i", i)));
            }
            await().atMost(WAIT).until(() -> inFlight.get() == 5);
            assertThat(bus.awaitIdle(Duration.ofMillis(50))).isFalse();
            release.countDown();

            assertThat(bus.awaitIdle(WAIT)).isTrue();
            assertThat(seen).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7);
            assertThat(maxInFlight.get()).isEqualTo(5);
        } finally {
            pool.shutdownNow();
        }
    }

    // Python: test_transport_events_reach_handlers
    @Test
    void transportEventsReachHandlers() throws Exception {
        AsyncEventBus bus = track(new AsyncEventBus());
        RecordingHandler handler = new RecordingHandler("h", EventType.TEST_RESULT);
        MockTransport transport = new MockTransport();
        bus.registerHandler(handler);
        bus.registerTransport(transport);
        bus.start();
        assertThat(transport.isConnected()).isTrue();
        transport.start(); // a second start changes nothing (D18)

        transport.injectEvent(Event.create(EventType.TEST_RESULT, Map.of("from", "transport")));

        assertThat(bus.awaitIdle(WAIT)).isTrue();
        assertThat(handler.handled()).singleElement()
                .satisfies(event -> assertThat(event.payload()).containsEntry("from", "transport"));
        bus.stop();
        assertThat(transport.isConnected()).isFalse();
    }

    @Test
    void catchAllHandlerSeesTransportSystemEvents() throws Exception {
        AsyncEventBus bus = track(new AsyncEventBus());
        RecordingHandler all = new RecordingHandler("all");
        MockTransport transport = new MockTransport("line-3");
        bus.registerHandler(all);
        bus.registerTransport(transport);
        bus.start();
        transport.simulateError(new IllegalArgumentException("bad"));
        transport.simulateReconnect();
        assertThat(bus.awaitIdle(WAIT)).isTrue();

        assertThat(all.handled()).extracting(Event::eventType).containsExactly(
                EventType.TRANSPORT_CONNECTED, EventType.TRANSPORT_DISCONNECTED, EventType.TRANSPORT_ERROR,
                EventType.TRANSPORT_CONNECTED);
        assertThat(all.handled().get(2).payload()).containsEntry("transport", "line-3")
                .containsEntry("error_type", "IllegalArgumentException").containsEntry("error_message", "bad");
        assertThat(all.handled().get(0).source()).isEqualTo("line-3");
    }

    @Test
    void handlersOfOneEventRunInPriorityOrder() throws Exception {
        List<String> order = new CopyOnWriteArrayList<>();
        AsyncEventBus bus = track(new AsyncEventBus());
        bus.registerHandler(new RecordingHandler("late", 300, EventType.TEST_RESULT).behave(e -> order.add("late")));
        bus.registerHandler(new RecordingHandler("early", 10, EventType.TEST_RESULT).behave(e -> order.add("early")));
        bus.registerHandler(new RecordingHandler("catch-all", 100).behave(e -> order.add("catch-all")));
        bus.registerHandler(new RecordingHandler("typed", 100, EventType.TEST_RESULT).behave(e -> order.add("typed")));
        bus.start();

        bus.publish(SampleEvents.testResult("u1", 1));

        assertThat(bus.awaitIdle(WAIT)).isTrue();
        assertThat(order).containsExactly("early", "typed", "catch-all", "late");
    }

    @Test
    void eventsOfOneUnitKeepTheirOrderAcrossShards() throws Exception {
        int units = 50;
        int perUnit = 200;
        AsyncEventBus bus = track(AsyncEventBus.builder().name("sharded").dispatchThreads(3).ringSize(1024).build());
        RecordingHandler handler = new RecordingHandler("h", EventType.TEST_RESULT);
        bus.registerHandler(handler);
        bus.start();
        for (int seq = 0; seq < perUnit; seq++) {
            for (int unit = 0; unit < units; unit++) {
                bus.publish(SampleEvents.testResult("unit-" + unit, seq));
            }
        }
        assertThat(bus.awaitIdle(WAIT)).isTrue();

        assertThat(handler.handledCount()).isEqualTo(units * perUnit);
        Map<Object, List<Long>> byUnit = new java.util.HashMap<>();
        for (Event event : handler.handled()) {
            byUnit.computeIfAbsent(event.payload().get("unit_id"), k -> new ArrayList<>()).add((Long) event.payload().get("seq"));
        }
        assertThat(byUnit).hasSize(units);
        byUnit.values().forEach(seqs -> assertThat(seqs).isSorted().hasSize(perUnit));
        assertThat(handler.callThreads()).anyMatch(name -> name.endsWith("dispatch-0"))
                .anyMatch(name -> name.endsWith("dispatch-1")).anyMatch(name -> name.endsWith("dispatch-2"));
    }

    // D6: events published before start are kept, not discarded by start.
    @Test
    void eventsPublishedBeforeStartAreHandledAfterIt() throws Exception {
        AsyncEventBus bus = track(new AsyncEventBus());
        RecordingHandler handler = new RecordingHandler("h", EventType.TEST_RESULT);
        bus.registerHandler(handler);
        for (int i = 0; i < 10; i++) {
            bus.publish(SampleEvents.testResult("u", i));
        }
        assertThat(bus.queueSize()).isEqualTo(10);
        assertThat(bus.awaitIdle(Duration.ofMillis(20))).isFalse();
        assertThat(handler.calls()).isEmpty();

        bus.start();

        assertThat(bus.awaitIdle(WAIT)).isTrue();
        assertThat(handler.handledCount()).isEqualTo(10);
        assertThat(bus.queueSize()).isZero();
    }

    // D6: nothing is lost silently, not even on a bus that never ran.
    @Test
    void stoppingABusThatNeverStartedDeadLettersWhatWasPublished() throws Exception {
        AsyncEventBus bus = track(new AsyncEventBus());
        RecordingHandler handler = new RecordingHandler("h", EventType.TEST_RESULT);
        bus.registerHandler(handler);
        bus.publish(SampleEvents.testResult("u", 1));
        bus.publish(SampleEvents.testResult("u", 2));

        bus.stop();

        assertThat(handler.calls()).isEmpty();
        assertThat(handler.stops()).isZero(); // it never started
        assertThat(bus.deadLetterQueue().getEntries()).hasSize(2)
                .allSatisfy(entry -> assertThat(entry.error()).isInstanceOf(BusStoppedException.class));
    }

    @Test
    void publishingAfterStopIsRefused() throws Exception {
        AsyncEventBus bus = track(new AsyncEventBus());
        bus.start();
        bus.stop();
        Event event = SampleEvents.testResult("u", 1);
        assertThatThrownBy(() -> bus.publish(event)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("stopped").hasMessageContaining(event.id());
        assertThatThrownBy(() -> bus.tryPublish(event)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(bus::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot be restarted");
    }

    // D9
    @Test
    void aFullRingRefusesTryPublishAndFailModePublish() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        AsyncEventBus bus = track(AsyncEventBus.builder().ringSize(4).backpressure(Backpressure.FAIL).build());
        bus.registerHandler(new RecordingHandler("blocked", EventType.TEST_RESULT).behave(e -> gate.await()));
        bus.start();
        int accepted = 0;
        while (bus.tryPublish(SampleEvents.testResult("u", accepted)) && accepted < 100) {
            accepted++;
        }
        assertThat(accepted).isBetween(4, 5); // the ring, plus the one the blocked handler holds
        assertThatThrownBy(() -> bus.publish(SampleEvents.testResult("u", 99)))
                .isInstanceOf(RejectedExecutionException.class).hasMessageContaining("ring is full");
        gate.countDown();
        assertThat(bus.awaitIdle(WAIT)).isTrue();
        assertThat(bus.metrics().totalEvents()).isEqualTo(accepted);
    }

    // D9
    @Test
    void blockModePublishWaitsForRoomInsteadOfDropping() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        RecordingHandler handler = new RecordingHandler("blocked", EventType.TEST_RESULT).behave(e -> gate.await());
        AsyncEventBus bus = track(AsyncEventBus.builder().ringSize(4).build());
        bus.registerHandler(handler);
        bus.start();
        AtomicInteger published = new AtomicInteger();
        Thread producer = new Thread(() -> {
            for (int i = 0; i < 20; i++) {
                bus.publish(SampleEvents.testResult("u", i));
                published.incrementAndGet();
            }
        });
        producer.start();
        await().atMost(WAIT).until(() -> producer.getState() == Thread.State.TIMED_WAITING || published.get() >= 4);
        await().atMost(WAIT).until(() -> bus.queueSize() == 4);
        assertThat(published.get()).isLessThan(20);

        gate.countDown();
        producer.join(WAIT.toMillis());
        assertThat(published.get()).isEqualTo(20);
        assertThat(bus.awaitIdle(WAIT)).isTrue();
        assertThat(handler.handled()).extracting(e -> e.payload().get("seq")).containsExactlyElementsOf(
                java.util.stream.LongStream.range(0, 20).boxed().toList());
    }

    // D6, D9
    @Test
    void aPublisherWaitingForRoomWhenTheStopGivesUpIsRefusedAndNothingIsLost() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        // Ignores the stop's interrupt, so the ring stays full until the stop has swept it (a handler
        // that gave up would free a slot first, and the waiting publish would get it and be handled).
        RecordingHandler stuck = new RecordingHandler("stuck", EventType.TEST_RESULT).behave(e -> {
            while (gate.getCount() > 0) {
                try {
                    gate.await();
                } catch (InterruptedException ignored) {
                    // stays stuck
                }
            }
        });
        AsyncEventBus bus = track(AsyncEventBus.builder().ringSize(4).build());
        bus.registerHandler(stuck);
        bus.start();
        AtomicInteger accepted = new AtomicInteger();
        AtomicReference<Throwable> refusal = new AtomicReference<>();
        Thread producer = new Thread(() -> {
            try {
                for (int i = 0; i < 20; i++) {
                    bus.publish(SampleEvents.testResult("u", i));
                    accepted.incrementAndGet();
                }
            } catch (Throwable e) {
                refusal.set(e);
            }
        });
        producer.start();
        await().atMost(WAIT).until(() -> producer.getState() == Thread.State.TIMED_WAITING && bus.queueSize() == 4);

        bus.stop(Duration.ofMillis(100)); // the handler never returns: the stop gives up on the ring
        producer.join(WAIT.toMillis());

        assertThat(producer.isAlive()).isFalse();
        assertThat(refusal.get()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed while it claimed its slot");
        // What was accepted was swept into the dead letters: the event the stuck handler holds, and those behind it.
        assertThat(bus.deadLetterQueue().getEntries()).extracting(entry -> entry.event().payload().get("seq"))
                .containsExactlyInAnyOrderElementsOf(
                        java.util.stream.LongStream.range(0, accepted.get()).boxed().toList());
        assertThat(stuck.handledCount()).isZero();
        gate.countDown();
    }

    @Test
    void handlersRegisteredWhileRunningTakePartFromThenOn() throws Exception {
        AsyncEventBus bus = track(new AsyncEventBus());
        RecordingHandler first = new RecordingHandler("first", EventType.TEST_RESULT);
        RecordingHandler second = new RecordingHandler("second", EventType.TEST_RESULT);
        bus.registerHandler(first);
        bus.start();
        bus.publish(SampleEvents.testResult("u", 1));
        assertThat(bus.awaitIdle(WAIT)).isTrue();
        bus.registerHandler(second);
        bus.publish(SampleEvents.testResult("u", 2));
        assertThat(bus.awaitIdle(WAIT)).isTrue();
        assertThat(bus.unregisterHandler(first)).isTrue();
        assertThat(bus.unregisterHandler(first)).isFalse();
        bus.publish(SampleEvents.testResult("u", 3));
        assertThat(bus.awaitIdle(WAIT)).isTrue();

        assertThat(first.handled()).extracting(e -> e.payload().get("seq")).containsExactly(1L, 2L);
        assertThat(second.handled()).extracting(e -> e.payload().get("seq")).containsExactly(2L, 3L);
        assertThat(bus.handlerCount()).isEqualTo(1);
        assertThat(bus.getHandlers(EventType.TEST_RESULT)).containsExactly(second);
    }

    @Test
    void disabledHandlerReceivesNothing() throws Exception {
        AsyncEventBus bus = track(new AsyncEventBus());
        RecordingHandler handler = new RecordingHandler("off", EventType.TEST_RESULT);
        handler.setEnabled(false);
        bus.registerHandler(handler);
        bus.start();
        bus.publish(SampleEvents.testResult("u", 1));
        assertThat(bus.awaitIdle(WAIT)).isTrue();
        assertThat(handler.calls()).isEmpty();
        assertThat(bus.getHandlers(EventType.TEST_RESULT)).containsExactly(handler);
    }

    @Test
    void aHandlersOwnCanHandleStillDecidesAndACatchAllHandlerSeesEveryType() throws Exception {
        AsyncEventBus bus = track(new AsyncEventBus());
        RecordingHandler picky = new RecordingHandler("picky", EventType.TEST_RESULT) {
            @Override
            public boolean canHandle(Event event) {
                return super.canHandle(event) && "keep".equals(event.payload().get("unit_id"));
            }
        };
        RecordingHandler everything = new RecordingHandler("everything");
        bus.registerHandler(picky);
        bus.registerHandler(everything);
        bus.start();
        bus.publish(SampleEvents.testResult("drop", 1));
        bus.publish(SampleEvents.testResult("keep", 2));
        bus.publish(Event.create(EventType.ASSET_FAULT, Map.of("unit_id", "keep"), "test"));
        assertThat(bus.awaitIdle(WAIT)).isTrue();

        assertThat(picky.handled()).extracting(e -> e.payload().get("unit_id")).containsExactly("keep");
        assertThat(everything.handled()).hasSize(3);
    }

    @Test
    void eventCallbacksSeeEveryEventAndAThrowingOneIsContained() throws Exception {
        AsyncEventBus bus = track(new AsyncEventBus());
        List<Event> seen = new CopyOnWriteArrayList<>();
        bus.onEvent(event -> {
            throw new IllegalStateException("callback bug");
        });
        bus.onEvent(seen::add);
        RecordingHandler handler = new RecordingHandler("h", EventType.TEST_RESULT);
        bus.registerHandler(handler);
        bus.start();
        Event unhandled = SampleEvents.of(EventType.ASSET_FAULT, "asset_id", "a1");
        bus.publish(unhandled);
        bus.publish(SampleEvents.testResult("u", 1));
        assertThat(bus.awaitIdle(WAIT)).isTrue();

        assertThat(seen).hasSize(2).contains(unhandled);
        assertThat(handler.handledCount()).isEqualTo(1);
    }

    @Test
    void startCallsOnStartAndStopCallsOnStop() throws Exception {
        AsyncEventBus bus = track(new AsyncEventBus());
        RecordingHandler handler = new RecordingHandler("h", EventType.TEST_RESULT);
        bus.registerHandler(handler);
        bus.start();
        bus.start(); // already running: nothing happens
        assertThat(handler.starts()).isEqualTo(1);
        bus.stop();
        bus.stop();
        assertThat(handler.stops()).isEqualTo(1);
    }

    // D10
    @Test
    void aFailedStartRollsBackAndCanBeRetried() throws Exception {
        AsyncEventBus bus = track(new AsyncEventBus());
        RecordingHandler first = new RecordingHandler("first", 1, EventType.TEST_RESULT);
        boolean[] failNext = {true};
        BaseHandler failing = new RecordingHandler("failing", 2, EventType.TEST_RESULT) {
            @Override
            public void onStart() {
                if (failNext[0]) {
                    throw new IllegalStateException("cannot open fixture");
                }
            }
        };
        bus.registerHandler(first);
        bus.registerHandler(failing);

        assertThatThrownBy(bus::start).hasMessage("cannot open fixture");
        assertThat(bus.isRunning()).isFalse();
        assertThat(first.starts()).isEqualTo(1);
        assertThat(first.stops()).isEqualTo(1);

        failNext[0] = false;
        bus.start();
        assertThat(bus.isRunning()).isTrue();
    }

    // D10
    @Test
    void aTransportThatFailsToStartRollsBackTheOthers() throws Exception {
        AsyncEventBus bus = track(new AsyncEventBus());
        MockTransport good = new MockTransport("good");
        MockTransport bad = new MockTransport("bad");
        bad.configureFailure(true, false);
        bus.registerTransport(good);
        bus.registerTransport(bad);
        RecordingHandler handler = new RecordingHandler("h", EventType.TEST_RESULT);
        bus.registerHandler(handler);

        assertThatThrownBy(bus::start).hasMessageContaining("configured to fail");
        assertThat(bus.isRunning()).isFalse();
        assertThat(good.isConnected()).isFalse();
        assertThat(handler.stops()).isEqualTo(1);

        bad.configureFailure(false, false);
        bus.start();
        assertThat(good.isConnected()).isTrue();
        assertThat(bad.isConnected()).isTrue();
    }

    // D19
    @Test
    void aTransportRegisteredWhileRunningIsStartedAndCanBeUnregistered() throws Exception {
        AsyncEventBus bus = track(new AsyncEventBus());
        bus.start();
        MockTransport transport = new MockTransport();
        bus.registerTransport(transport);
        assertThat(transport.isConnected()).isTrue();
        assertThat(bus.transportCount()).isEqualTo(1);
        assertThat(bus.unregisterTransport(transport)).isTrue();
        assertThat(transport.isConnected()).isFalse();
        assertThat(bus.unregisterTransport(transport)).isFalse();
        assertThatThrownBy(() -> transport.publishEvent(SampleEvents.testResult("u", 1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not attached");
    }

    @Test
    void metricsCountEveryEventWithoutBeingAsked() throws Exception {
        AsyncEventBus bus = track(new AsyncEventBus());
        bus.registerHandler(new RecordingHandler("h", EventType.TEST_RESULT));
        bus.start();
        for (int i = 0; i < 100; i++) {
            bus.publish(SampleEvents.testResult("u" + i, i));
        }
        assertThat(bus.awaitIdle(WAIT)).isTrue();
        assertThat(bus.metrics().totalEvents()).isEqualTo(100);
        assertThat(bus.metrics().totalErrors()).isZero();
        assertThat(bus.metrics().getStats(EventType.TEST_RESULT)).hasValueSatisfying(
                stats -> assertThat(stats.count()).isEqualTo(100));
    }

    @Test
    void aQuietBusTimesEveryEventFromPublishToHandled() throws Exception {
        AsyncEventBus bus = track(new AsyncEventBus());
        CountDownLatch release = new CountDownLatch(1);
        RecordingHandler handler = new RecordingHandler("h", EventType.TEST_RESULT).behave(event -> {
            if ("held".equals(event.payload().get("unit_id"))) {
                release.await(10, TimeUnit.SECONDS);
            }
        });
        bus.registerHandler(handler);
        bus.start();
        bus.publish(SampleEvents.testResult("quick", 0));
        assertThat(bus.awaitIdle(WAIT)).isTrue();
        // Two events that wait at least 50 ms, behind a held handler: a bus that timed one event in
        // sixteen by sequence (as linebus did) would have timed only the quick first one.
        bus.publish(SampleEvents.testResult("held", 1));
        bus.publish(SampleEvents.testResult("next", 2));
        Thread.sleep(50); // makes the latency, not waiting for a result
        release.countDown();
        assertThat(bus.awaitIdle(WAIT)).isTrue();

        EventStats stats = bus.metrics().getStats(EventType.TEST_RESULT).orElseThrow();
        assertThat(stats.count()).isEqualTo(3);
        assertThat(stats.percentileLatencyMs(50.0).getAsDouble()).isGreaterThanOrEqualTo(50.0);
        assertThat(stats.minLatencyMs().getAsDouble()).isLessThan(50.0);
    }

    @Test
    void aLongBatchReachesTheMetricsWhileItIsStillBeingHandled() throws Exception {
        AsyncEventBus bus = track(new AsyncEventBus());
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        long[] countedMidBatch = {-1};
        int events = 2 * DispatchShard.FLUSH_EVERY;
        RecordingHandler handler = new RecordingHandler("h", EventType.TEST_RESULT).behave(event -> {
            Object unit = event.payload().get("unit_id");
            if ("first".equals(unit)) {
                held.countDown();
                release.await(10, TimeUnit.SECONDS);
            } else if (("u" + (events - 1)).equals(unit)) {
                countedMidBatch[0] = bus.metrics().totalEvents(); // the shard's own thread, before the batch ends
            }
        });
        bus.registerHandler(handler);
        bus.start();
        bus.publish(SampleEvents.testResult("first", 0));
        assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < events; i++) {
            bus.publish(SampleEvents.testResult("u" + i, i)); // one batch behind the held first event
        }
        release.countDown();
        assertThat(bus.awaitIdle(WAIT)).isTrue();

        assertThat(countedMidBatch[0]).isGreaterThanOrEqualTo(DispatchShard.FLUSH_EVERY);
        assertThat(bus.metrics().totalEvents()).isEqualTo(events + 1);
    }

    @Test
    void badInputGetsClearErrors() {
        AsyncEventBus bus = track(new AsyncEventBus());
        assertThatThrownBy(() -> bus.publish(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("event");
        assertThatThrownBy(() -> bus.registerHandler(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> bus.awaitIdle(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> AsyncEventBus.builder().ringSize(1000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("power of two");
        assertThatThrownBy(() -> AsyncEventBus.builder().dispatchThreads(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AsyncEventBus.builder().maxConcurrent(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AsyncEventBus.builder().name(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AsyncEventBus.builder().durability(Durability.JOURNALED).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("needs a journal");
    }
}
