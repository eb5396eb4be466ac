package io.linebus.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.linebus.handlers.FilteringHandler;
import io.linebus.models.Event;
import io.linebus.models.EventType;
import io.linebus.policies.CircuitBreaker;
import io.linebus.policies.CircuitOpenException;
import io.linebus.policies.DeadLetterEntry;
import io.linebus.policies.ErrorPolicy;
import io.linebus.policies.ImmediateRetryPolicy;
import io.linebus.policies.InMemoryDeadLetterQueue;
import io.linebus.policies.RetryConfig;
import io.linebus.policies.RetryPolicy;
import io.linebus.testing.RecordingHandler;
import io.linebus.testing.SampleEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the asynchronous bus does when handlers fail: retries, dead letters, breakers, containment. */
class AsyncEventBusFailureTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final List<AsyncEventBus> buses = new ArrayList<>();
    private final InMemoryDeadLetterQueue deadLetters = new InMemoryDeadLetterQueue();

    private AsyncEventBus bus(RetryPolicy retryPolicy, ErrorPolicy errorPolicy) {
        AsyncEventBus bus = new AsyncEventBus("failures", 10, retryPolicy, errorPolicy);
        buses.add(bus);
        return bus;
    }

    @AfterEach
    void stopBuses() throws Exception {
        for (AsyncEventBus bus : buses) {
            bus.stop(Duration.ofSeconds(2));
        }
    }

    // D1
    @Test
    void onlyTheFailedHandlerIsRetried() throws Exception {
        AsyncEventBus bus = bus(new ImmediateRetryPolicy(3), new ErrorPolicy(deadLetters));
        RecordingHandler steady = new RecordingHandler("steady", EventType.TEST_RESULT);
        RecordingHandler flaky = new RecordingHandler("flaky", EventType.TEST_RESULT).failFirstAttempt();
        bus.registerHandler(steady);
        bus.registerHandler(flaky);
        bus.start();

        Event event = SampleEvents.testResult("u1", 1);
        bus.publish(event);

        assertThat(bus.awaitIdle(WAIT)).isTrue();
        assertThat(steady.calls()).hasSize(1);
        assertThat(flaky.calls()).extracting(e -> e.metadata().retryCount()).containsExactly(0, 1);
        assertThat(flaky.handled()).singleElement().satisfies(e -> assertThat(e.id()).isEqualTo(event.id()));
        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(bus.metrics().totalRetries()).isEqualTo(1);
    }

    // D1
    @Test
    void exhaustedRetriesGiveOneDeadLetterPerFailedHandler() throws Exception {
        AsyncEventBus bus = bus(new ImmediateRetryPolicy(2), new ErrorPolicy(deadLetters));
        RecordingHandler a = new RecordingHandler("a", EventType.TEST_RESULT).failAlways();
        RecordingHandler b = new RecordingHandler("b", EventType.TEST_RESULT).failAlways();
        bus.registerHandler(a);
        bus.registerHandler(b);
        bus.start();

        Event event = SampleEvents.testResult("u1", 1);
        bus.publish(event);

        assertThat(bus.awaitIdle(WAIT)).isTrue();
        assertThat(a.calls()).hasSize(3);
        assertThat(b.calls()).hasSize(3);
        assertThat(deadLetters.getEntries()).hasSize(2)
                .extracting(DeadLetterEntry::handlerName).containsExactlyInAnyOrder("a", "b");
        assertThat(deadLetters.getEntries()).allSatisfy(entry -> {
            assertThat(entry.event().id()).isEqualTo(event.id());
            assertThat(entry.retryCount()).isEqualTo(2);
            assertThat(entry.errorType()).isEqualTo("IllegalStateException");
            assertThat(entry.errorMessage()).endsWith("always fails");
        });
    }

    // D2
    @Test
    void aRetryWaitsForThePolicysDelayWithoutBlockingOtherEvents() throws Exception {
        RetryPolicy delayed = new RetryPolicy(RetryConfig.builder().maxRetries(1).initialDelay(0.3).jitter(false).build());
        AsyncEventBus bus = bus(delayed, new ErrorPolicy(deadLetters));
        List<Long> attemptNanos = new CopyOnWriteArrayList<>();
        RecordingHandler flaky = new RecordingHandler("flaky", EventType.TEST_RESULT)
                .behave(e -> attemptNanos.add(System.nanoTime()));
        flaky.failFirstAttempt();
        RecordingHandler other = new RecordingHandler("other", EventType.ASSET_FAULT);
        bus.registerHandler(flaky);
        bus.registerHandler(other);
        bus.start();

        long published = System.nanoTime();
        bus.publish(SampleEvents.testResult("u1", 1));
        bus.publish(SampleEvents.of(EventType.ASSET_FAULT, "asset_id", "a1"));
        await().atMost(WAIT).until(() -> other.handledCount() == 1);
        // The shard went on to the next event while the retry waited on the timer wheel.
        assertThat(flaky.handledCount()).isZero();

        assertThat(bus.awaitIdle(WAIT)).isTrue();
        assertThat(flaky.calls()).hasSize(2);
        // The retry never runs before its delay (a lower bound, not a timing assertion).
        assertThat(attemptNanos.get(0) - published).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(300));
    }

    // D4
    @Test
    void anOpenBreakerDeadLettersOnlyItsOwnHandlersEvents() throws Exception {
        CircuitBreaker template = new CircuitBreaker(2, 1, Duration.ofMinutes(10), 1);
        AsyncEventBus bus = bus(null, new ErrorPolicy(deadLetters, template));
        RecordingHandler broken = new RecordingHandler("broken", EventType.TEST_RESULT).failAlways();
        RecordingHandler healthy = new RecordingHandler("healthy", EventType.TEST_RESULT);
        bus.registerHandler(broken);
        bus.registerHandler(healthy);
        bus.start();

        for (int i = 0; i < 5; i++) {
            bus.publish(SampleEvents.testResult("u1", i));
        }

        assertThat(bus.awaitIdle(WAIT)).isTrue();
        assertThat(broken.calls()).hasSize(2);
        assertThat(healthy.handledCount()).isEqualTo(5);
        List<DeadLetterEntry> entries = new ArrayList<>(deadLetters.getEntries());
        java.util.Collections.reverse(entries);
        assertThat(entries).hasSize(5).allSatisfy(entry -> assertThat(entry.handlerName()).isEqualTo("broken"));
        assertThat(entries).extracting(DeadLetterEntry::errorType).containsExactly("IllegalStateException",
                "IllegalStateException", "CircuitOpenException", "CircuitOpenException", "CircuitOpenException");
        assertThat(entries.get(4).error()).isInstanceOf(CircuitOpenException.class);
        assertThat(bus.errorPolicy().circuitBreakerFor("broken")).hasValueSatisfying(b -> assertThat(b.isOpen()).isTrue());
        assertThat(bus.errorPolicy().circuitBreakerFor("healthy")).hasValueSatisfying(b -> assertThat(b.isClosed()).isTrue());
    }

    // D5
    @Test
    void aThrowingFilterIsThatHandlersFailureOnly() throws Exception {
        AsyncEventBus bus = bus(null, new ErrorPolicy(deadLetters));
        FilteringHandler filtered = new FilteringHandler("filtered", 1, true) {
            @Override
            public List<EventType> eventTypes() {
                return List.of(EventType.TEST_RESULT);
            }

            @Override
            public Object handle(Event event) {
                return null;
            }
        };
        filtered.addFilter(event -> {
            throw new IllegalArgumentException("filter bug");
        });
        RecordingHandler after = new RecordingHandler("after", 2, EventType.TEST_RESULT);
        bus.registerHandler(filtered);
        bus.registerHandler(after);
        bus.start();

        bus.publish(SampleEvents.testResult("u1", 1));

        assertThat(bus.awaitIdle(WAIT)).isTrue();
        assertThat(after.handledCount()).isEqualTo(1);
        assertThat(deadLetters.getEntries()).singleElement().satisfies(entry -> {
            assertThat(entry.handlerName()).isEqualTo("filtered");
            assertThat(entry.errorMessage()).isEqualTo("filter bug");
        });
    }

    // D5
    @Test
    void aThrowingOnErrorStillReachesTheErrorPolicyAndOtherHandlers() throws Exception {
        AsyncEventBus bus = bus(null, new ErrorPolicy(deadLetters));
        List<Throwable> seenByCallback = new CopyOnWriteArrayList<>();
        bus.onError((event, error) -> {
            throw new IllegalStateException("callback bug");
        });
        bus.onError((event, error) -> seenByCallback.add(error));
        RecordingHandler failing = new RecordingHandler("failing", 1, EventType.TEST_RESULT) {
            @Override
            public void onError(Event event, Throwable error) {
                throw new IllegalStateException("onError bug");
            }
        }.failAlways();
        RecordingHandler after = new RecordingHandler("after", 2, EventType.TEST_RESULT);
        bus.registerHandler(failing);
        bus.registerHandler(after);
        bus.start();

        bus.publish(SampleEvents.testResult("u1", 1));

        assertThat(bus.awaitIdle(WAIT)).isTrue();
        assertThat(after.handledCount()).isEqualTo(1);
        assertThat(seenByCallback).singleElement().satisfies(e -> assertThat(e).hasMessageEndingWith("always fails"));
        assertThat(deadLetters.getEntries()).singleElement()
                .satisfies(entry -> assertThat(entry.handlerName()).isEqualTo("failing"));
    }

    @Test
    void aHandlerThrowingAnErrorIsDeadLetteredAndTheBusGoesOn() throws Exception {
        AsyncEventBus bus = bus(new ImmediateRetryPolicy(1), new ErrorPolicy(deadLetters));
        RecordingHandler erring = new RecordingHandler("erring", EventType.TEST_RESULT).behave(e -> {
            if ((Long) e.payload().get("seq") == 1L) {
                throw new AssertionError("invariant broken");
            }
        });
        bus.registerHandler(erring);
        bus.start();

        bus.publish(SampleEvents.testResult("u1", 1));
        bus.publish(SampleEvents.testResult("u1", 2));

        assertThat(bus.awaitIdle(WAIT)).isTrue();
        assertThat(erring.handled()).extracting(e -> e.payload().get("seq")).containsExactly(2L);
        assertThat(deadLetters.getEntries()).singleElement().satisfies(entry -> {
            assertThat(entry.errorType()).isEqualTo("AssertionError");
            assertThat(entry.retryCount()).isEqualTo(1);
        });
    }

    @Test
    void aVirtualMachineErrorDoesNotKillTheConsumerThread() throws Exception {
        AsyncEventBus bus = bus(null, new ErrorPolicy(deadLetters));
        RecordingHandler overflowing = new RecordingHandler("overflowing", EventType.TEST_RESULT).behave(e -> {
            if ((Long) e.payload().get("seq") == 1L) {
                throw new StackOverflowError("deep");
            }
        });
        bus.registerHandler(overflowing);
        bus.start();

        bus.publish(SampleEvents.testResult("u1", 1));
        bus.publish(SampleEvents.testResult("u1", 2));

        assertThat(bus.awaitIdle(WAIT)).isTrue();
        assertThat(overflowing.handled()).extracting(e -> e.payload().get("seq")).containsExactly(2L);
    }

    // D6
    @Test
    void stopDeadLettersWhatItCouldNotFinishAndWhatWasNotDue() throws Exception {
        RetryPolicy slowRetry = new RetryPolicy(RetryConfig.builder().maxRetries(3).initialDelay(60).maxDelay(60)
                .jitter(false).build());
        AsyncEventBus bus = bus(slowRetry, new ErrorPolicy(deadLetters));
        CountDownLatch stuck = new CountDownLatch(1);
        RecordingHandler slow = new RecordingHandler("slow", EventType.TEST_RESULT).behave(e -> stuck.await());
        RecordingHandler flaky = new RecordingHandler("flaky", EventType.ASSET_FAULT).failAlways();
        bus.registerHandler(slow);
        bus.registerHandler(flaky);
        bus.start();
        bus.publish(SampleEvents.of(EventType.ASSET_FAULT, "asset_id", "a1"));
        await().atMost(WAIT).until(() -> flaky.calls().size() == 1 && bus.pendingWork() == 1);
        for (int i = 0; i < 5; i++) {
            bus.publish(SampleEvents.testResult("u1", i));
        }
        await().atMost(WAIT).until(() -> slow.calls().size() == 1);

        bus.stop(Duration.ofMillis(200));

        assertThat(bus.isRunning()).isFalse();
        List<DeadLetterEntry> entries = deadLetters.getEntries();
        assertThat(entries).filteredOn(entry -> "flaky".equals(entry.handlerName())).singleElement()
                .satisfies(entry -> assertThat(entry.error()).isInstanceOf(BusStoppedException.class));
        // The event inside the stuck handler was interrupted (its failure is dead-lettered); the 4 behind it were swept.
        assertThat(entries).filteredOn(entry -> entry.event().eventType() == EventType.TEST_RESULT)
                .extracting(entry -> entry.event().payload().get("seq")).containsExactlyInAnyOrder(0L, 1L, 2L, 3L, 4L);
        assertThat(slow.handledCount()).isZero();
        stuck.countDown();
    }

    /**
     * A {@link VirtualMachineError} from a blocking handler is not retried: its event is dead-lettered
     * and the bus goes on. When it comes from a retry, the retry's bookkeeping must end too, or the
     * bus would never be idle again.
     */
    @Test
    void aFatalErrorFromAHandlerDeadLettersItsEventAndTheBusGoesIdleAlsoOnARetry() throws Exception {
        AsyncEventBus bus = bus(new ImmediateRetryPolicy(3), new ErrorPolicy(deadLetters));
        RecordingHandler fatal = new RecordingHandler("fatal", EventType.TEST_RESULT).behave(event -> {
            long seq = (long) event.payload().get("seq");
            if (seq == 0 || (seq == 1 && event.metadata().retryCount() == 1)) {
                throw new StackOverflowError("test: thrown by the handler");
            }
            if (seq == 1) {
                throw new IllegalStateException("first attempt fails");
            }
        });
        bus.registerHandler(fatal);
        bus.start();

        bus.publish(SampleEvents.testResult("u", 0)); // fatal at once
        bus.publish(SampleEvents.testResult("u", 1)); // fails, then its retry is fatal
        bus.publish(SampleEvents.testResult("u", 2)); // handled

        assertThat(bus.awaitIdle(WAIT)).isTrue();
        assertThat(bus.pendingWork()).isZero();
        assertThat(fatal.handled()).extracting(e -> e.payload().get("seq")).containsExactly(2L);
        assertThat(deadLetters.getEntries()).extracting(entry -> entry.event().payload().get("seq"))
                .containsExactlyInAnyOrder(0L, 1L);
        assertThat(deadLetters.getEntries()).allSatisfy(entry -> assertThat(entry.error()).isInstanceOf(StackOverflowError.class));
    }
}
