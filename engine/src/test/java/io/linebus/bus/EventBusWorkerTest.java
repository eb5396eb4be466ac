package io.linebus.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.linebus.models.Event;
import io.linebus.models.EventType;
import io.linebus.policies.DeadLetterEntry;
import io.linebus.policies.ErrorPolicy;
import io.linebus.policies.InMemoryDeadLetterQueue;
import io.linebus.testing.RecordingHandler;
import io.linebus.testing.SampleEvents;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The synchronous bus's queue workers: what a handler throws, and publishers that race with stop. */
class EventBusWorkerTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** Longer than any wait of a test, so that a gate opens only when the test (or its cleanup) opens it. */
    private static final Duration GATE_WAIT = Duration.ofMinutes(1);
    private final List<EventBus> buses = new ArrayList<>();
    private final List<CountDownLatch> gates = new ArrayList<>();
    private final InMemoryDeadLetterQueue deadLetters = new InMemoryDeadLetterQueue();

    private EventBus track(EventBus bus) {
        buses.add(bus);
        return bus;
    }

    /** A gate that handlers or hooks wait at; every gate is opened after the test, so no thread stays blocked. */
    private CountDownLatch gate() {
        CountDownLatch gate = new CountDownLatch(1);
        gates.add(gate);
        return gate;
    }

    private static void pass(CountDownLatch gate) {
        try {
            if (!gate.await(GATE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("gate not opened within " + GATE_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted at a gate", e);
        }
    }

    /** Runs the call on a new daemon thread; its result is read with a bounded get. */
    private static FutureTask<Void> inThread(String name, Callable<?> call) {
        FutureTask<Void> task = new FutureTask<>(() -> {
            call.call();
            return null;
        });
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
        return task;
    }

    @AfterEach
    void stopBuses() throws Exception {
        gates.forEach(CountDownLatch::countDown);
        for (EventBus bus : buses) {
            bus.stop(Duration.ofSeconds(2));
        }
    }

    // A VirtualMachineError is passed up by the invoker rather than retried; it used to kill the worker,
    // and publishers then waited for room in its queue for ever.
    @ParameterizedTest
    @ValueSource(classes = {OutOfMemoryError.class, StackOverflowError.class})
    void aWorkerOutlivesAFatalErrorFromAHandlerAndDeadLettersTheEvent(Class<? extends VirtualMachineError> fatal)
            throws Exception {
        VirtualMachineError error = fatal.getConstructor(String.class).newInstance("test");
        EventBus bus = track(EventBus.builder().name("fatal").maxWorkers(1).queueCapacity(1)
                .errorPolicy(new ErrorPolicy(deadLetters)).build());
        Event poison = SampleEvents.testResult("u", -1);
        RecordingHandler handler = new RecordingHandler("h", EventType.TEST_RESULT).behave(event -> {
            if (event == poison) {
                throw error;
            }
        });
        bus.registerHandler(handler);
        bus.start();

        bus.publishAsync(poison);
        // One worker with room for one event: each of these needs the worker to go on serving its queue.
        assertTimeoutPreemptively(WAIT, () -> {
            for (int seq = 0; seq < 50; seq++) {
                bus.publishAsync(SampleEvents.testResult("u", seq));
            }
        }, "publishAsync waited for room in the queue of a worker that no longer serves it");

        assertThat(bus.awaitIdle(WAIT)).isTrue();
        assertThat(handler.handled()).hasSize(50).noneMatch(event -> event == poison);
        assertThat(deadLetters.getEntries()).singleElement().satisfies(entry -> {
            assertThat(entry.event()).isSameAs(poison);
            assertThat(entry.error()).isSameAs(error);
            assertThat(entry.handlerName()).isNull();
        });
    }

    @Test
    void aPublisherWaitingForRoomIsRefusedWhenTheBusStops() throws Exception {
        EventBus bus = track(EventBus.builder().name("full").maxWorkers(1).queueCapacity(1)
                .errorPolicy(new ErrorPolicy(deadLetters)).build());
        CountDownLatch release = gate();
        Event held = SampleEvents.testResult("u", 0);
        Event queued = SampleEvents.testResult("u", 1);
        Event waiting = SampleEvents.testResult("u", 2);
        RecordingHandler handler = new RecordingHandler("h", EventType.TEST_RESULT).behave(event -> {
            if (event == held) {
                pass(release);
            }
        });
        bus.registerHandler(handler);
        bus.start();
        bus.publishAsync(held);
        await().atMost(WAIT).until(() -> handler.calls().size() == 1);
        bus.publishAsync(queued); // the queue is full now
        FutureTask<Void> publisher = inThread("publisher", () -> {
            bus.publishAsync(waiting);
            return null;
        });

        // A long timeout: the stop waits for the held worker, so it sweeps no queue that would make room.
        FutureTask<Void> stopping = inThread("stopper", () -> {
            bus.stop(Duration.ofMinutes(1));
            return null;
        });

        await().atMost(WAIT).until(publisher::isDone);
        assertThatThrownBy(publisher::get).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(IllegalStateException.class).hasMessageContaining(waiting.id());
        assertThat(handler.calls()).as("the worker is still held").hasSize(1);
        release.countDown();
        stopping.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(handler.handled()).containsExactly(held, queued).noneMatch(event -> event == waiting);
        assertThat(deadLetters.getEntries()).isEmpty();
        assertThat(bus.awaitIdle(WAIT)).isTrue();
    }

    // Event is a value type: refusing an event that raced with stop must take this publisher's own queue
    // entry, not an equal event another publisher queued and was told was accepted.
    @Test
    void aPublishRacingWithStopRefusesItsOwnEventNotAnEqualOne() throws Exception {
        OffsetDateTime at = OffsetDateTime.of(2024, 5, 1, 8, 0, 0, 0, ZoneOffset.UTC);
        Event mine = twin(at);
        Event theirs = twin(at);
        assertThat(theirs).isEqualTo(mine).isNotSameAs(mine);
        Event held = SampleEvents.testResult("u", 0);

        CountDownLatch paused = new CountDownLatch(1);
        CountDownLatch resume = gate();
        CountDownLatch release = gate();
        // The partition key runs after publishAsync's running check and before it queues the event:
        // there my publisher pauses until the stop has begun.
        Function<Event, Object> key = event -> {
            if (event == mine) {
                paused.countDown();
                pass(resume);
            }
            return "line-1";
        };
        EventBus bus = track(EventBus.builder().name("race").maxWorkers(1).queueCapacity(2).partitionKey(key)
                .errorPolicy(new ErrorPolicy(deadLetters)).build());
        RecordingHandler handler = new RecordingHandler("h", EventType.TEST_RESULT).behave(event -> {
            if (event == held) {
                pass(release);
            }
        });
        bus.registerHandler(handler);
        bus.start();
        bus.publishAsync(held);
        await().atMost(WAIT).until(() -> handler.calls().size() == 1); // the worker holds it; the queue is empty

        FutureTask<Void> myPublish = inThread("mine", () -> {
            bus.publishAsync(mine);
            return null;
        });
        assertThat(paused.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        bus.publishAsync(theirs); // queued and accepted
        FutureTask<Void> stopping = inThread("stopper", () -> {
            bus.stop(WAIT);
            return null;
        });
        await().atMost(WAIT).until(() -> !bus.isRunning());
        resume.countDown(); // mine is queued after the stop began, so it must be refused

        assertThatThrownBy(() -> myPublish.get(WAIT.toMillis(), TimeUnit.MILLISECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(IllegalStateException.class).hasMessageContaining("stopped");
        release.countDown(); // the worker finishes the held event and drains the queue
        stopping.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);

        List<Event> handled = handler.handled();
        List<Event> deadLettered = deadLetters.getEntries().stream().map(DeadLetterEntry::event).toList();
        // Their accepted event handled or dead-lettered once; my refused one neither.
        assertThat(Map.of("theirs (accepted)", outcomes(theirs, handled, deadLettered),
                "mine (refused)", outcomes(mine, handled, deadLettered)))
                .isEqualTo(Map.of("theirs (accepted)", 1L, "mine (refused)", 0L));
        assertThat(outcomes(held, handled, deadLettered)).isEqualTo(1);
        assertThat(bus.queueSize()).isZero();
        assertThat(bus.awaitIdle(WAIT)).isTrue();
    }

    private static Event twin(OffsetDateTime at) {
        return Event.builder(EventType.TEST_RESULT).eventId("twin").timestamp(at).source("station-1")
                .payload(Map.of("unit_id", "u", "seq", 1L)).build();
    }

    /** How many times this very event object was handled or dead-lettered. */
    private static long outcomes(Event event, List<Event> handled, List<Event> deadLettered) {
        return handled.stream().filter(e -> e == event).count() + deadLettered.stream().filter(e -> e == event).count();
    }
}
