package io.linebus.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.linebus.models.Event;
import io.linebus.models.EventType;
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
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The synchronous bus on the lifecycle and retry machinery it shares with the asynchronous bus. */
class EventBusSharedMachineryTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** One retry, a minute after the failure: longer than any test waits. */
    private static final RetryPolicy A_MINUTE_LATER = new RetryPolicy(RetryConfig.builder().maxRetries(1)
            .initialDelay(60).maxDelay(60).jitter(false).build());
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

    private static boolean retryThreadAlive(String busName) {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(thread -> thread.getName().equals("EventBus-" + busName + "-Retry") && thread.isAlive());
    }

    @Test
    void aRetryOnANeverStartedBusRuns() {
        EventBus bus = track(new EventBus("unstarted", 1, new ImmediateRetryPolicy(1), new ErrorPolicy(deadLetters)));
        RecordingHandler flaky = new RecordingHandler("flaky", EventType.TEST_RESULT).failFirstAttempt();
        bus.registerHandler(flaky);

        bus.publish(SampleEvents.testResult("u", 1));

        assertThat(bus.awaitIdle(WAIT)).isTrue();
        assertThat(bus.isRunning()).isFalse();
        assertThat(flaky.handled()).singleElement().satisfies(event -> assertThat(event.metadata().retryCount()).isEqualTo(1));
        assertThat(flaky.callThreads()).containsExactly(Thread.currentThread().getName(), "EventBus-unstarted-Retry");
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void aStopDeadLettersARetryNotYetDueAndLeavesTheBusIdle() throws Exception {
        EventBus bus = track(new EventBus("stopping", 1, A_MINUTE_LATER, new ErrorPolicy(deadLetters)));
        bus.registerHandler(new RecordingHandler("flaky", EventType.TEST_RESULT).failAlways());
        bus.start();
        bus.publish(SampleEvents.testResult("u", 1));
        assertThat(bus.pendingRetries()).isEqualTo(1);
        assertThat(bus.awaitIdle(Duration.ofMillis(50))).isFalse();

        bus.stop(WAIT);

        assertThat(deadLetters.getEntries()).singleElement().satisfies(entry -> {
            assertThat(entry.handlerName()).isEqualTo("flaky");
            assertThat(entry.retryCount()).isEqualTo(1);
            assertThat(entry.error()).isInstanceOf(BusStoppedException.class);
        });
        assertThat(bus.pendingRetries()).isZero();
        assertThat(bus.awaitIdle(Duration.ZERO)).isTrue();
        assertThat(retryThreadAlive("stopping")).isFalse();
    }

    @Test
    void theRetryCapacityBoundsTheRetriesWaiting() throws Exception {
        EventBus bus = track(EventBus.builder().name("bounded").retryCapacity(2).retryPolicy(A_MINUTE_LATER)
                .errorPolicy(new ErrorPolicy(deadLetters)).build());
        bus.registerHandler(new RecordingHandler("flaky", EventType.TEST_RESULT).failAlways());
        Event third = SampleEvents.testResult("u", 3);

        bus.publish(SampleEvents.testResult("u", 1));
        bus.publish(SampleEvents.testResult("u", 2));
        bus.publish(third);

        assertThat(bus.pendingRetries()).isEqualTo(2);
        assertThat(bus.retriesOverflowed()).isEqualTo(1);
        assertThat(deadLetters.getEntries()).singleElement().satisfies(entry -> {
            assertThat(entry.event().id()).isEqualTo(third.id());
            assertThat(entry.handlerName()).isEqualTo("flaky");
            assertThat(entry.error()).isInstanceOf(RejectedExecutionException.class)
                    .hasMessageContaining("retry capacity");
        });
        bus.stop(WAIT); // the two waiting are dead-lettered too: every count is settled
        assertThat(deadLetters.size()).isEqualTo(3);
        assertThat(bus.awaitIdle(Duration.ZERO)).isTrue();
        assertThatThrownBy(() -> EventBus.builder().retryCapacity(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aStoppedBusStartsAgainAndARetryAfterTheRestartRuns() throws Exception {
        EventBus bus = track(new EventBus("restart", 1, new ImmediateRetryPolicy(1), new ErrorPolicy(deadLetters)));
        RecordingHandler flaky = new RecordingHandler("flaky", EventType.TEST_RESULT).failFirstAttempt();
        bus.registerHandler(flaky);
        bus.start();
        bus.publishAsync(SampleEvents.testResult("u", 1));
        assertThat(bus.awaitIdle(WAIT)).isTrue();
        bus.stop(WAIT);
        assertThat(bus.isRunning()).isFalse();
        assertThat(retryThreadAlive("restart")).as("the stop ended the retry thread").isFalse();

        bus.start();
        assertThat(bus.isRunning()).isTrue();
        bus.publishAsync(SampleEvents.testResult("u", 2));

        assertThat(bus.awaitIdle(WAIT)).isTrue();
        assertThat(flaky.handled()).extracting(event -> event.payload().get("seq")).containsExactly(1L, 2L);
        assertThat(flaky.callThreads()).containsExactly("EventBus-restart-Worker-0", "EventBus-restart-Retry",
                "EventBus-restart-Worker-0", "EventBus-restart-Retry");
        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(flaky.starts()).isEqualTo(2);
        assertThat(flaky.stops()).isEqualTo(1);
    }

    // AgentRunner rethrows an Error from its agent and its thread ends: every retry after it would wait for ever.
    @Test
    void theRetryThreadOutlivesAFatalErrorFromARetry() {
        EventBus bus = track(new EventBus("fatal", 1, new ImmediateRetryPolicy(1), new ErrorPolicy(deadLetters)));
        StackOverflowError fatal = new StackOverflowError("test");
        Event poison = SampleEvents.testResult("u", -1);
        RecordingHandler handler = new RecordingHandler("h", EventType.TEST_RESULT).failFirstAttempt().behave(event -> {
            if (event.id().equals(poison.id())) {
                throw fatal;
            }
        });
        bus.registerHandler(handler);
        bus.publish(poison);
        assertThat(bus.awaitIdle(WAIT)).isTrue();

        Event next = SampleEvents.testResult("u", 1);
        bus.publish(next);

        assertThat(bus.awaitIdle(WAIT)).isTrue();
        assertThat(handler.handled()).extracting(Event::id).containsExactly(next.id());
        assertThat(deadLetters.getEntries()).singleElement().satisfies(entry -> {
            assertThat(entry.event().id()).isEqualTo(poison.id());
            assertThat(entry.error()).isSameAs(fatal);
            assertThat(entry.handlerName()).isEqualTo("h");
        });
    }

    // AgentRunner takes an interrupted idle thread for a close: a handler must not end the retries that way.
    @Test
    void aRetryThatLeavesItsThreadInterruptedDoesNotEndTheRetries() {
        EventBus bus = track(new EventBus("interrupted", 1, new ImmediateRetryPolicy(1), new ErrorPolicy(deadLetters)));
        RecordingHandler handler = new RecordingHandler("h", EventType.TEST_RESULT).failFirstAttempt()
                .behave(event -> Thread.currentThread().interrupt()); // only retries get here: first attempts fail
        bus.registerHandler(handler);
        bus.publish(SampleEvents.testResult("u", 1));
        assertThat(bus.awaitIdle(WAIT)).isTrue();
        await().during(Duration.ofMillis(200)).atMost(WAIT).until(() -> retryThreadAlive("interrupted"));

        bus.publish(SampleEvents.testResult("u", 2));

        assertThat(bus.awaitIdle(WAIT)).isTrue();
        assertThat(handler.handled()).extracting(event -> event.payload().get("seq")).containsExactly(1L, 2L);
        assertThat(deadLetters.isEmpty()).isTrue();
    }
}
