package io.linebus.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.linebus.handlers.AsyncHandler;
import io.linebus.models.Event;
import io.linebus.models.EventType;
import io.linebus.policies.DeadLetterEntry;
import io.linebus.policies.RetryPolicy;
import io.linebus.testing.RecordingHandler;
import io.linebus.testing.SampleEvents;
import io.linebus.transports.MockTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What a stop does to every event, publisher and thread it meets: each event ends handled,
 * dead-lettered or refused (exactly one of them), and no thread is left waiting (D6: nothing lost
 * silently).
 */
class AsyncEventBusStopTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    /**
     * A ring of 4 filled before start, a handler that blocks on its first event until the stop's
     * interrupt, 3 publishers waiting for room, and a stop that gives up after 100 ms. The shard that
     * abandons its batch frees the ring before the sweep; a waiting publisher that then claims must
     * not overwrite a slot whose event the sweep has not settled yet.
     */
    @RepeatedTest(12)
    void aStopThatGivesUpAccountsForEveryEventOfPublishersWaitingForRoom() throws Exception {
        CountDownLatch firstCall = new CountDownLatch(1);
        RecordingHandler stuck = new RecordingHandler("stuck", EventType.TEST_RESULT).behave(event -> {
            firstCall.countDown();
            if ((long) event.payload().get("seq") == 0) {
                try {
                    Thread.sleep(TimeUnit.MINUTES.toMillis(1)); // until the stop's interrupt
                } catch (InterruptedException interrupted) {
                    // returns: the event was handled
                }
            }
        });
        AsyncEventBus bus = AsyncEventBus.builder().name("stop-loss").ringSize(4).build();
        bus.registerHandler(stuck);
        for (long seq = 0; seq < 4; seq++) {
            bus.publish(SampleEvents.testResult("u", seq));
        }
        bus.start();
        assertThat(firstCall.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        Set<Long> refused = ConcurrentHashMap.newKeySet();
        List<Thread> publishers = new ArrayList<>();
        for (long seq = 4; seq < 7; seq++) {
            long mine = seq;
            Thread publisher = new Thread(() -> {
                try {
                    bus.publish(SampleEvents.testResult("u", mine));
                } catch (IllegalStateException e) {
                    refused.add(mine);
                }
            });
            publishers.add(publisher);
            publisher.start();
        }
        await().atMost(WAIT).until(() -> publishers.stream().allMatch(t -> t.getState() == Thread.State.TIMED_WAITING
                || t.getState() == Thread.State.WAITING));

        bus.stop(Duration.ofMillis(100));
        for (Thread publisher : publishers) {
            publisher.join(WAIT.toMillis());
            assertThat(publisher.isAlive()).isFalse();
        }

        List<Long> handled = stuck.handled().stream().map(e -> (Long) e.payload().get("seq")).toList();
        List<Long> deadLettered = bus.deadLetterQueue().getEntries().stream()
                .map(entry -> (Long) entry.event().payload().get("seq")).toList();
        List<Long> outcomes = new ArrayList<>(handled);
        outcomes.addAll(deadLettered);
        outcomes.addAll(refused);
        assertThat(outcomes).as("handled %s, dead-lettered %s, refused %s", handled, deadLettered, refused)
                .containsExactlyInAnyOrder(0L, 1L, 2L, 3L, 4L, 5L, 6L);
    }

    /** How a test publishes: each claims its slot its own way. */
    enum PublishMode {
        BLOCK {
            @Override
            boolean publish(AsyncEventBus bus, Event event) {
                bus.publish(event);
                return true;
            }
        },
        FAIL {
            @Override
            boolean publish(AsyncEventBus bus, Event event) {
                bus.publish(event);
                return true;
            }
        },
        TRY {
            @Override
            boolean publish(AsyncEventBus bus, Event event) {
                return bus.tryPublish(event);
            }
        };

        abstract boolean publish(AsyncEventBus bus, Event event);
    }

    /**
     * A publisher held between the bus's check at the door and its claim (here: in the partition key,
     * which the gate asks between the two) while the bus stops completely: its claim must be refused
     * after the fact, or its event would sit in a ring nobody reads any more.
     */
    @ParameterizedTest
    @EnumSource(PublishMode.class)
    void aPublisherHeldBetweenTheDoorAndItsClaimIsRefusedOnceTheBusHasStopped(PublishMode mode) throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        Function<Event, Object> pausingKey = event -> {
            if (event.payload().containsKey("hold")) {
                held.countDown();
                awaitQuietly(resume);
            }
            return event.id();
        };
        RecordingHandler handler = new RecordingHandler("h", EventType.TEST_RESULT, EventType.CUSTOM);
        AsyncEventBus bus = AsyncEventBus.builder().name("held-" + mode).ringSize(8).dispatchThreads(2)
                .partitionKey(pausingKey).backpressure(mode == PublishMode.FAIL ? Backpressure.FAIL : Backpressure.BLOCK)
                .build();
        bus.registerHandler(handler);
        bus.start();
        Event heldEvent = SampleEvents.of(EventType.CUSTOM, "hold", true);
        AtomicBoolean accepted = new AtomicBoolean();
        AtomicInteger refusals = new AtomicInteger();
        Thread publisher = new Thread(() -> {
            try {
                accepted.set(mode.publish(bus, heldEvent));
            } catch (IllegalStateException e) {
                refusals.incrementAndGet();
            }
        });
        publisher.start();
        assertThat(held.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        bus.stop(Duration.ofMillis(100));
        resume.countDown();
        publisher.join(WAIT.toMillis());

        assertThat(publisher.isAlive()).isFalse();
        boolean handled = handler.handled().contains(heldEvent);
        boolean deadLettered = bus.deadLetterQueue().getEntries().stream().anyMatch(e -> e.event().equals(heldEvent));
        assertThat(List.of(handled, deadLettered, refusals.get() == 1))
                .as("handled, dead-lettered, refused (accepted: %s)", accepted.get())
                .containsExactlyInAnyOrder(false, false, true);
    }

    /**
     * Once the retry agent has stopped, a zero-delay retry is handed over on the dispatch thread that
     * scheduled it. On a full ring only that thread could free room: it must not wait for it (the
     * drain would then run out of time and dead-letter the events behind it unhandled).
     */
    @Test
    void aZeroDelayRetryOnAFullRingAfterTheRetryAgentStoppedIsDeadLetteredNotWaitedFor() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        RecordingHandler handler = new RecordingHandler("flaky", EventType.TEST_RESULT).behave(event -> {
            if (event.metadata().retryCount() == 0) {
                awaitQuietly(release);
                throw new IllegalStateException("first attempts fail");
            }
        });
        AsyncEventBus bus = AsyncEventBus.builder().name("zero-delay").ringSize(4)
                .retryPolicy(new RetryPolicy(3, 0.0, 0.0, 2.0, false, 0.0)).build();
        bus.registerHandler(handler);
        for (long seq = 0; seq < 4; seq++) {
            bus.publish(SampleEvents.testResult("u", seq));
        }
        bus.start();
        await().atMost(WAIT).until(() -> handler.calls().size() == 1);
        assertThat(thread("linebus-zero-delay-retry")).as("the retry agent's thread").isNotNull();
        Thread stopper = new Thread(() -> {
            try {
                bus.stop(Duration.ofSeconds(3));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        stopper.start();
        await().atMost(WAIT).until(() -> thread("linebus-zero-delay-retry") == null);
        release.countDown();
        stopper.join(WAIT.toMillis());

        assertThat(stopper.isAlive()).isFalse();
        assertThat(handler.calls()).extracting(e -> e.payload().get("seq")).as("every first attempt ran in the drain")
                .containsExactly(0L, 1L, 2L, 3L);
        assertThat(bus.deadLetterQueue().getEntries()).hasSize(4)
                .allSatisfy(entry -> assertThat(entry.errorMessage()).contains("could not re-enter the ring"));
    }

    /**
     * A retry due while a stuck handler keeps the ring full waits for room on the retry agent's
     * thread. The stop waits for that agent to end: the retry must give up when the stop begins (and
     * be dead-lettered), or the stop would wait for it for ever.
     */
    @Test
    void aRetryWaitingForRoomInAFullRingDoesNotHoldUpTheStop() throws Exception {
        RecordingHandler handler = new RecordingHandler("h", EventType.TEST_RESULT).behave(event -> {
            long seq = (long) event.payload().get("seq");
            if (seq == 0 && event.metadata().retryCount() == 0) {
                throw new IllegalStateException("fails once");
            }
            if (seq == 1) {
                try {
                    Thread.sleep(TimeUnit.MINUTES.toMillis(1)); // until the stop's interrupt
                } catch (InterruptedException interrupted) {
                    // returns: handled
                }
            }
        });
        AsyncEventBus bus = AsyncEventBus.builder().name("retry-full").ringSize(4)
                .retryPolicy(new RetryPolicy(3, 0.0, 0.0, 2.0, false, 0.0)).build();
        bus.registerHandler(handler);
        for (long seq = 0; seq < 4; seq++) {
            bus.publish(SampleEvents.testResult("u", seq));
        }
        bus.start();
        await().atMost(WAIT).until(() -> handler.calls().size() == 2); // 0 failed, 1 is stuck, the retry of 0 waits
        Thread stopper = new Thread(() -> {
            try {
                bus.stop(Duration.ofMillis(200));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        stopper.start();
        stopper.join(WAIT.toMillis());

        assertThat(stopper.isAlive()).as("the stop ended").isFalse();
        assertThat(handler.handled()).extracting(e -> e.payload().get("seq")).containsExactly(1L);
        assertThat(bus.deadLetterQueue().getEntries()).extracting(entry -> entry.event().payload().get("seq"))
                .containsExactlyInAnyOrder(0L, 2L, 3L);
    }

    /**
     * A shard waits for a permit while {@code maxConcurrent} asynchronous calls are in flight. A stop
     * that gives up must end that wait (an uninterruptible one left the shard thread behind for good),
     * and the event that waited is dead-lettered, not lost.
     */
    @Test
    void aShardWaitingForAnAsyncPermitIsReleasedByAStopThatGivesUp() throws Exception {
        List<Event> started = new ArrayList<>();
        AsyncHandler neverCompletes = new AsyncHandler("never") {
            @Override
            public List<EventType> eventTypes() {
                return List.of(EventType.TEST_RESULT);
            }

            @Override
            public CompletionStage<Object> handleAsync(Event event) {
                synchronized (started) {
                    started.add(event);
                }
                return new CompletableFuture<>();
            }
        };
        AsyncEventBus bus = AsyncEventBus.builder().name("permits").maxConcurrent(1).build();
        bus.registerHandler(neverCompletes);
        bus.start();
        Event first = SampleEvents.testResult("u", 0);
        Event second = SampleEvents.testResult("u", 1);
        bus.publish(first);
        bus.publish(second);
        Thread shard = await().atMost(WAIT).until(() -> thread("linebus-permits-dispatch-0"),
                t -> t != null && (t.getState() == Thread.State.TIMED_WAITING || t.getState() == Thread.State.WAITING));

        bus.stop(Duration.ofMillis(100));

        await().atMost(WAIT).untilAsserted(() -> assertThat(shard.isAlive()).as("the shard thread ended").isFalse());
        assertThat(started).containsExactly(first);
        assertThat(bus.deadLetterQueue().getEntries()).extracting(DeadLetterEntry::event).containsExactly(second);
    }

    /**
     * A {@link VirtualMachineError} thrown by {@code handleAsync} itself: no call is in flight, so its
     * permit and its count are given back (else, with {@code maxConcurrent(1)}, the bus could never go
     * idle nor take another asynchronous call), and the event is dead-lettered.
     */
    @Test
    void aFatalErrorFromHandleAsyncGivesItsPermitBackAndTheBusGoesIdle() throws Exception {
        List<Event> completed = new ArrayList<>();
        AsyncHandler fatalOnce = new AsyncHandler("fatal-once") {
            @Override
            public List<EventType> eventTypes() {
                return List.of(EventType.TEST_RESULT);
            }

            @Override
            public CompletionStage<Object> handleAsync(Event event) {
                if ((long) event.payload().get("seq") == 0) {
                    throw new OutOfMemoryError("test: thrown by handleAsync");
                }
                synchronized (completed) {
                    completed.add(event);
                }
                return CompletableFuture.completedFuture(null);
            }
        };
        try (AsyncEventBus bus = AsyncEventBus.builder().name("fatal-async").maxConcurrent(1).build()) {
            bus.registerHandler(fatalOnce);
            bus.start();
            Event fatal = SampleEvents.testResult("u", 0);
            bus.publish(fatal);
            bus.publish(SampleEvents.testResult("u", 1));

            assertThat(bus.awaitIdle(WAIT)).isTrue();
            assertThat(completed).extracting(e -> e.payload().get("seq")).containsExactly(1L);
            assertThat(bus.pendingWork()).isZero();
            assertThat(bus.deadLetterQueue().getEntries()).extracting(DeadLetterEntry::event).containsExactly(fatal);
        }
    }

    /**
     * A stop that gives up while recovered events are still in the ring, none of them dispatched yet,
     * sweeps them; the checkpoint it saves must stay below them, so that the next start hands them to
     * the handler again (here the handler is stuck on an event published before the start, which the
     * ring holds ahead of the recovered ones).
     */
    @Test
    void recoveredEventsAStopSweptAreRecoveredAgainOnTheNextStart() throws Exception {
        InMemoryJournal journal = new InMemoryJournal(event -> false);
        for (long seq = 0; seq < 3; seq++) {
            journal.append(SampleEvents.testResult("u", seq));
        }
        journal.saveCheckpoint("h", EventJournal.BEFORE_FIRST); // "h" completed none of them
        RecordingHandler stuck = new RecordingHandler("h", EventType.TEST_RESULT).behave(event -> {
            if ((long) event.payload().get("seq") == 99) {
                try {
                    Thread.sleep(TimeUnit.MINUTES.toMillis(1)); // until the stop's interrupt
                } catch (InterruptedException interrupted) {
                    // returns
                }
            }
        });
        AsyncEventBus first = AsyncEventBus.builder().name("recovery-swept").journal(journal).build();
        first.registerHandler(stuck);
        first.publish(SampleEvents.testResult("u", 99));
        first.start();
        await().atMost(WAIT).until(() -> stuck.calls().size() == 1);
        first.stop(Duration.ofMillis(100));

        RecordingHandler recovering = new RecordingHandler("h", EventType.TEST_RESULT);
        try (AsyncEventBus second = AsyncEventBus.builder().name("recovery-again").journal(journal).build()) {
            second.registerHandler(recovering);
            second.start();
            assertThat(second.awaitIdle(WAIT)).isTrue();
        }
        assertThat(stuck.calls()).extracting(e -> e.payload().get("seq")).containsExactly(99L);
        assertThat(recovering.handled()).extracting(e -> e.payload().get("seq")).as("replayed again")
                .contains(0L, 1L, 2L);
    }

    /**
     * {@link Durability#JOURNALED} publishers whose events are still in front of the journal when a
     * stop gives up: the one whose event was journaled returns (its event is swept into the dead
     * letters), the one whose event was not is told so, and that event is not dead-lettered as well.
     */
    @Test
    void aJournaledPublishCaughtByAStopThatGivesUpEndsJournaledOrRefusedNotBoth() throws Exception {
        InMemoryJournal journal = new InMemoryJournal(event -> {
            if ((long) event.payload().get("seq") == 0) {
                try {
                    Thread.sleep(TimeUnit.MINUTES.toMillis(1)); // the first append hangs until the stop's interrupt
                } catch (InterruptedException interrupted) {
                    // the append goes on
                }
            }
            return false;
        });
        RecordingHandler handler = new RecordingHandler("h", EventType.TEST_RESULT);
        AsyncEventBus bus = AsyncEventBus.builder().name("journaled-stop").journal(journal)
                .durability(Durability.JOURNALED).build();
        bus.registerHandler(handler);
        bus.start();
        Event first = SampleEvents.testResult("u", 0);
        Event second = SampleEvents.testResult("u", 1);
        List<Object> outcomes = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Thread> publishers = new ArrayList<>();
        for (Event event : List.of(first, second)) {
            Thread publisher = new Thread(() -> {
                try {
                    bus.publish(event);
                    outcomes.add(event.payload().get("seq") + " returned");
                } catch (IllegalStateException e) {
                    outcomes.add(event.payload().get("seq") + " refused");
                }
            });
            publishers.add(publisher);
            publisher.start();
            await().atMost(WAIT).until(() -> publisher.getState() == Thread.State.TIMED_WAITING
                    || publisher.getState() == Thread.State.WAITING);
        }

        bus.stop(Duration.ofMillis(100));
        for (Thread publisher : publishers) {
            publisher.join(WAIT.toMillis());
        }

        assertThat(outcomes).containsExactlyInAnyOrder("0 returned", "1 refused");
        assertThat(journal.events()).containsExactly(first);
        assertThat(bus.deadLetterQueue().getEntries()).extracting(DeadLetterEntry::event).containsExactly(first);
        assertThat(handler.calls()).isEmpty();
    }

    /** A transport registered from another thread while {@code start()} is still starting transports. */
    @Test
    void aTransportRegisteredWhileStartRunsIsStarted() throws Exception {
        CountDownLatch starting = new CountDownLatch(1);
        CountDownLatch finishStart = new CountDownLatch(1);
        MockTransport slowToStart = new MockTransport("slow") {
            @Override
            public void start() {
                super.start();
                starting.countDown();
                awaitQuietly(finishStart);
            }
        };
        MockTransport late = new MockTransport("late");
        AsyncEventBus bus = AsyncEventBus.builder().name("late-transport").build();
        bus.registerTransport(slowToStart);
        Thread starter = new Thread(() -> {
            try {
                bus.start();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        starter.start();
        assertThat(starting.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        Thread registrar = new Thread(() -> {
            try {
                bus.registerTransport(late);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        registrar.start();
        // Either it waits for the start (the fix), or it has registered already (without starting it).
        await().atMost(WAIT).until(() -> registrar.getState() == Thread.State.BLOCKED || !registrar.isAlive());
        finishStart.countDown();
        starter.join(WAIT.toMillis());
        registrar.join(WAIT.toMillis());
        try {
            assertThat(bus.isRunning()).isTrue();
            assertThat(late.isConnected()).as("the transport registered during start was started").isTrue();
        } finally {
            bus.stop();
        }
    }

    private static Thread thread(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).findFirst().orElse(null);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(1, TimeUnit.MINUTES)) {
                throw new IllegalStateException("latch not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
