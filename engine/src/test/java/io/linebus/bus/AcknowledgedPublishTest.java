package io.linebus.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.linebus.handlers.AsyncHandler;
import io.linebus.models.Event;
import io.linebus.models.EventType;
import io.linebus.policies.ErrorPolicy;
import io.linebus.policies.ImmediateRetryPolicy;
import io.linebus.policies.InMemoryDeadLetterQueue;
import io.linebus.policies.RetryConfig;
import io.linebus.policies.RetryPolicy;
import io.linebus.testing.RecordingHandler;
import io.linebus.transports.Acknowledgement;
import io.linebus.transports.Refusal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Acceptance tests of acknowledged publishing (architecture.md, "Delivery acknowledgements"):
 * {@code publish(List, Acknowledgement)} tells every message exactly once, safe or refused, from a
 * bus thread, in publish order per publishing thread. Real bus threads throughout; every wait is
 * bounded, no assertion is on time.
 */
class AcknowledgedPublishTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final List<AsyncEventBus> buses = new ArrayList<>();
    /** Released by every test's end, so that no stuck handler outlives its test. */
    private final List<CountDownLatch> gates = new ArrayList<>();

    private AsyncEventBus track(AsyncEventBus bus) {
        buses.add(bus);
        return bus;
    }

    private CountDownLatch gate() {
        CountDownLatch gate = new CountDownLatch(1);
        gates.add(gate);
        return gate;
    }

    @AfterEach
    void releaseAndStop() throws Exception {
        gates.forEach(CountDownLatch::countDown);
        for (AsyncEventBus bus : buses) {
            bus.stop(Duration.ofSeconds(2));
        }
    }

    // ---------------------------------------------------------------- helpers

    /** One message's outcome. Every call is counted, so that a second call (or none) shows. */
    static final class Outcome implements Acknowledgement {
        final int id;
        final List<Event> events;
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger safeCalls = new AtomicInteger();
        final AtomicInteger refusedCalls = new AtomicInteger();
        volatile long index = Long.MIN_VALUE;
        volatile Refusal refusal;
        volatile String thread;
        /** Where each call came from: a failure names the code that told a message twice. */
        final List<Throwable> callSites = new CopyOnWriteArrayList<>();
        private final Consumer<Outcome> onOutcome;

        Outcome(int id, List<Event> events, Consumer<Outcome> onOutcome) {
            this.id = id;
            this.events = events;
            this.onOutcome = onOutcome;
        }

        Outcome(int id, List<Event> events) {
            this(id, events, outcome -> { });
        }

        @Override
        public void safe(long journalIndex) {
            callSites.add(new Throwable("safe(" + journalIndex + ") on " + Thread.currentThread().getName()));
            index = journalIndex;
            thread = Thread.currentThread().getName();
            safeCalls.incrementAndGet();
            onOutcome.accept(this); // before counting the call: a test that sees the call sees this too
            calls.incrementAndGet();
        }

        @Override
        public void refused(Refusal why) {
            callSites.add(new Throwable("refused(" + why + ") on " + Thread.currentThread().getName()));
            refusal = why;
            thread = Thread.currentThread().getName();
            refusedCalls.incrementAndGet();
            onOutcome.accept(this);
            calls.incrementAndGet();
        }

        boolean told() {
            return calls.get() > 0;
        }

        boolean isSafe() {
            return safeCalls.get() > 0;
        }

        @Override
        public String toString() {
            String told = "message " + id + " (safe " + safeCalls.get() + "x, refused " + refusedCalls.get() + "x"
                    + (refusal == null ? "" : ": " + refusal) + ")";
            if (callSites.size() < 2) {
                return told;
            }
            StringBuilder sites = new StringBuilder(told);
            for (Throwable site : callSites) {
                sites.append("\n  told ").append(site.getMessage());
                StackTraceElement[] frames = site.getStackTrace();
                for (int i = 1; i < Math.min(frames.length, 12); i++) {
                    sites.append("\n      at ").append(frames[i]);
                }
            }
            return sites.toString();
        }
    }

    /** A message of {@code size} events, each naming its message and its part; all of one unit (one shard). */
    private static List<Event> message(int id, int size, String unit) {
        return IntStream.range(0, size).mapToObj(part -> Event.create(EventType.TEST_RESULT,
                Map.of("unit_id", unit, "message", id, "part", part), "ack-test")).toList();
    }

    private static List<Event> message(int id, int size) {
        return message(id, size, "unit-" + id);
    }

    private static Set<String> ids(List<Event> events) {
        return events.stream().map(Event::id).collect(Collectors.toSet());
    }

    /** Asserts every outcome was told exactly once, naming the ones that were not. */
    private static void assertToldExactlyOnce(List<Outcome> outcomes) {
        List<Outcome> untold = outcomes.stream().filter(o -> o.calls.get() == 0).toList();
        List<Outcome> twice = outcomes.stream().filter(o -> o.calls.get() > 1).toList();
        assertThat(untold).as("messages never told").isEmpty();
        assertThat(twice).as("messages told more than once").isEmpty();
    }

    /** A handler that, once it sees {@code stuckOn}, stays inside it (interrupts ignored) until the gate opens. */
    private static RecordingHandler.Behavior stuckUntil(CountDownLatch gate, CountDownLatch entered,
            AtomicReference<Thread> stuckThread, Predicate<Event> stuckOn) {
        return event -> {
            if (!stuckOn.test(event)) {
                return;
            }
            stuckThread.set(Thread.currentThread());
            entered.countDown();
            while (gate.getCount() > 0) {
                try {
                    gate.await();
                } catch (InterruptedException ignored) {
                    // stays stuck: the stop has to give up on it
                }
            }
        };
    }

    // ---------------------------------------------------------------- (a) without a journal: safe = handled

    @Test
    void withoutAJournalAMessageIsSafeOnlyOnceEveryHandlerHasFinishedIt() throws Exception {
        CountDownLatch gate = gate();
        RecordingHandler fast = new RecordingHandler("fast", EventType.TEST_RESULT);
        RecordingHandler gated = new RecordingHandler("gated", EventType.TEST_RESULT).behave(e -> gate.await());
        AsyncEventBus bus = track(AsyncEventBus.builder().name("acks").build());
        bus.registerHandler(fast);
        bus.registerHandler(gated);
        bus.start();
        AtomicReference<List<Integer>> handledWhenTold = new AtomicReference<>();
        Outcome outcome = new Outcome(1, message(1, 3),
                o -> handledWhenTold.set(List.of(fast.handledCount(), gated.handledCount())));

        bus.publish(outcome.events, outcome);

        // The gated handler is inside the first event: the message cannot be finished yet.
        await().atMost(WAIT).until(() -> gated.calls().size() == 1);
        assertThat(outcome.told()).as("told before the gated handler finished").isFalse();

        gate.countDown();
        await().atMost(WAIT).until(outcome::told);
        assertThat(outcome.safeCalls).hasValue(1);
        assertThat(outcome.index).isEqualTo(EventJournal.NO_INDEX);
        // At the moment of the callback both handlers had finished all three events.
        assertThat(handledWhenTold.get()).containsExactly(3, 3);
        assertThat(outcome.thread).startsWith("linebus-acks-"); // a bus thread, not the publisher's
        assertThat(bus.awaitIdle(WAIT)).isTrue();
        assertThat(outcome.calls).hasValue(1);
    }

    @Test
    void aRetriedHandlerMakesItsMessageSafeOnlyAfterTheRetryRan() throws Exception {
        // A real delay between failure and retry: a message told safe at the first failure would show.
        RetryPolicy retry = new RetryPolicy(RetryConfig.builder().maxRetries(2).initialDelay(0.1).jitter(false).build());
        RecordingHandler flaky = new RecordingHandler("flaky", EventType.TEST_RESULT).failFirstAttempt();
        RecordingHandler steady = new RecordingHandler("steady", EventType.TEST_RESULT);
        AsyncEventBus bus = track(AsyncEventBus.builder().name("retrying").retryPolicy(retry).build());
        bus.registerHandler(flaky);
        bus.registerHandler(steady);
        bus.start();
        AtomicReference<List<Integer>> whenTold = new AtomicReference<>();
        Outcome outcome = new Outcome(1, message(1, 3),
                o -> whenTold.set(List.of(flaky.calls().size(), flaky.handledCount(), steady.handledCount())));

        bus.publish(outcome.events, outcome);

        await().atMost(WAIT).until(outcome::told);
        assertThat(outcome.safeCalls).hasValue(1);
        // Three failed first attempts and three successful retries had all run when it was told.
        assertThat(whenTold.get()).containsExactly(6, 3, 3);
        assertThat(outcome.thread).startsWith("linebus-retrying-");
        assertThat(bus.awaitIdle(WAIT)).isTrue();
        assertThat(outcome.calls).hasValue(1);
    }

    @Test
    void aMessageWhoseEventsAreDeadLetteredAfterTheirRetriesIsSafeOnceTheyAreDeadLettered() throws Exception {
        InMemoryDeadLetterQueue deadLetters = new InMemoryDeadLetterQueue();
        RecordingHandler failing = new RecordingHandler("failing", EventType.TEST_RESULT).failAlways();
        AsyncEventBus bus = track(AsyncEventBus.builder().name("dead").retryPolicy(new ImmediateRetryPolicy(2))
                .errorPolicy(new ErrorPolicy(deadLetters)).build());
        bus.registerHandler(failing);
        bus.start();
        AtomicReference<List<Integer>> whenTold = new AtomicReference<>();
        Outcome outcome = new Outcome(1, message(1, 2),
                o -> whenTold.set(List.of(failing.calls().size(), deadLetters.getEntries().size())));

        bus.publish(outcome.events, outcome);

        await().atMost(WAIT).until(outcome::told);
        // "Finished" includes dead-lettered: both events, after 1 + 2 attempts each.
        assertThat(outcome.safeCalls).hasValue(1);
        assertThat(whenTold.get()).containsExactly(6, 2);
        assertThat(bus.awaitIdle(WAIT)).isTrue();
        assertThat(outcome.calls).hasValue(1);
    }

    @Test
    void anAsyncHandlersMessageIsSafeOnlyOnceItsCallsHaveCompleted() throws Exception {
        List<CompletableFuture<Object>> calls = new CopyOnWriteArrayList<>();
        AsyncHandler later = new AsyncHandler("later") {
            @Override
            public List<EventType> eventTypes() {
                return List.of(EventType.TEST_RESULT);
            }

            @Override
            public CompletionStage<Object> handleAsync(Event event) {
                CompletableFuture<Object> call = new CompletableFuture<>();
                calls.add(call);
                return call;
            }
        };
        AsyncEventBus bus = track(AsyncEventBus.builder().name("async").build());
        bus.registerHandler(later);
        bus.start();
        Outcome outcome = new Outcome(1, message(1, 2));

        bus.publish(outcome.events, outcome);

        await().atMost(WAIT).until(() -> calls.size() == 2);
        calls.get(1).complete(null);
        assertThat(outcome.told()).as("told with one call still in flight").isFalse();
        calls.get(0).complete(null);
        await().atMost(WAIT).until(outcome::told);
        assertThat(outcome.safeCalls).hasValue(1);
        assertThat(outcome.calls).hasValue(1);
    }

    @ParameterizedTest(name = "journaled={0}")
    @ValueSource(booleans = {false, true})
    void fourPublishersEachGetEveryOutcomeOnceAndInTheirPublishOrder(boolean journaled) throws Exception {
        int threads = 4;
        int perThread = 1_500;
        InMemoryJournal journal = journaled ? new InMemoryJournal(e -> false) : null;
        // Some events fail once and are retried: without a journal their messages finish late, so
        // later messages of the same thread finish first and must wait to be told.
        RecordingHandler handler = new RecordingHandler("h", EventType.TEST_RESULT).behave(event -> {
            if (((Number) event.payload().get("message")).intValue() % 7 == 3
                    && event.metadata().retryCount() == 0) {
                throw new IllegalStateException("first attempt fails");
            }
        });
        AsyncEventBusBuilder builder = AsyncEventBus.builder().name("order").ringSize(256).dispatchThreads(2)
                .retryPolicy(new ImmediateRetryPolicy(1));
        if (journaled) {
            builder.journal(journal);
        }
        AsyncEventBus bus = track(builder.build());
        bus.registerHandler(handler);
        bus.start();

        List<List<Outcome>> published = new ArrayList<>();
        List<List<Integer>> toldOrder = new ArrayList<>();
        List<Thread> publishers = new ArrayList<>();
        ConcurrentLinkedQueue<Throwable> publisherErrors = new ConcurrentLinkedQueue<>();
        for (int t = 0; t < threads; t++) {
            List<Outcome> mine = new ArrayList<>();
            List<Integer> told = Collections.synchronizedList(new ArrayList<>());
            for (int m = 0; m < perThread; m++) {
                int id = t * perThread + m;
                // 1 to 3 events, of units spread over both shards.
                mine.add(new Outcome(id, message(id, 1 + m % 3, "unit-" + (id % 13)), o -> told.add(o.id)));
            }
            published.add(mine);
            toldOrder.add(told);
            publishers.add(new Thread(() -> {
                try {
                    for (Outcome outcome : mine) {
                        bus.publish(outcome.events, outcome);
                    }
                } catch (Throwable e) {
                    publisherErrors.add(e);
                }
            }, "publisher-" + t));
        }
        publishers.forEach(Thread::start);
        for (Thread publisher : publishers) {
            publisher.join(WAIT.toMillis());
            assertThat(publisher.isAlive()).as(publisher.getName() + " finished").isFalse();
        }
        assertThat(publisherErrors).isEmpty();
        List<Outcome> all = published.stream().flatMap(List::stream).toList();
        await().atMost(WAIT).until(() -> all.stream().allMatch(Outcome::told));
        assertThat(bus.awaitIdle(WAIT)).isTrue();

        assertToldExactlyOnce(all);
        assertThat(all).allMatch(Outcome::isSafe);
        for (int t = 0; t < threads; t++) {
            assertThat(toldOrder.get(t)).as("the order publisher-%d was told in", t)
                    .containsExactlyElementsOf(published.get(t).stream().map(o -> o.id).toList());
        }
        assertThat(all).allSatisfy(o -> assertThat(o.thread).startsWith("linebus-order-"));
        if (journaled) {
            // Safe with a journal: the index is the journal's index of the message's last event.
            List<Event> inJournal = journal.events();
            assertThat(all).allSatisfy(o -> assertThat(inJournal.get((int) o.index).id())
                    .isEqualTo(o.events.get(o.events.size() - 1).id()));
        } else {
            assertThat(all).allSatisfy(o -> assertThat(o.index).isEqualTo(EventJournal.NO_INDEX));
        }
        Set<String> handled = ids(handler.handled());
        assertThat(all).allSatisfy(o -> assertThat(handled).containsAll(ids(o.events)));
    }

    @Test
    void aCallbackThatThrowsDoesNotKeepLaterMessagesFromBeingTold() throws Exception {
        AsyncEventBus bus = track(AsyncEventBus.builder().name("throwing").build());
        bus.registerHandler(new RecordingHandler("h", EventType.TEST_RESULT));
        bus.start();
        Outcome first = new Outcome(1, message(1, 1), o -> {
            throw new IllegalStateException("a broken source");
        });
        Outcome second = new Outcome(2, message(2, 1));

        bus.publish(first.events, first);
        bus.publish(second.events, second);

        await().atMost(WAIT).until(second::told);
        assertThat(first.safeCalls).hasValue(1);
        assertThat(second.safeCalls).hasValue(1);
    }

    // ---------------------------------------------------------------- (b) with a journal: safe = appended

    @ParameterizedTest(name = "staging={0}")
    @ValueSource(booleans = {false, true})
    void aMessageWhoseAppendFailsIsRefusedAndNoHandlerSeesTheFailedEvent(boolean staging) throws Exception {
        InMemoryJournal journal = new InMemoryJournal(e -> Boolean.TRUE.equals(e.payload().get("poison")), staging);
        RecordingHandler handler = new RecordingHandler("h", EventType.TEST_RESULT);
        AsyncEventBus bus = track(AsyncEventBus.builder().name("journaled").journal(journal).build());
        bus.registerHandler(handler);
        bus.start();
        Event poison = Event.create(EventType.TEST_RESULT, Map.of("unit_id", "u", "poison", true), "ack-test");
        List<Event> badEvents = new ArrayList<>(message(1, 3, "u"));
        badEvents.set(1, poison); // the middle one fails
        Outcome bad = new Outcome(1, List.copyOf(badEvents));
        Outcome before = new Outcome(0, message(0, 2, "u"));
        Outcome after = new Outcome(2, message(2, 2, "u"));

        bus.publish(before.events, before);
        bus.publish(bad.events, bad);
        bus.publish(after.events, after);

        await().atMost(WAIT).until(() -> before.told() && bad.told() && after.told());
        assertThat(bus.awaitIdle(WAIT)).isTrue();
        assertThat(bad.refusedCalls).hasValue(1);
        assertThat(bad.safeCalls).hasValue(0);
        assertThat(bad.refusal.reason()).isEqualTo(Refusal.Reason.JOURNAL_FAILED);
        assertThat(bad.refusal.cause()).isNotNull();
        assertThat(bad.thread).isEqualTo("linebus-journaled-journal");
        assertThat(handler.calls()).extracting(Event::id).doesNotContain(poison.id());
        assertThat(journal.events()).extracting(Event::id).doesNotContain(poison.id());
        // The messages around it are unaffected: safe, at the index of their last event.
        for (Outcome good : List.of(before, after)) {
            assertThat(good.safeCalls).hasValue(1);
            assertThat(journal.events().get((int) good.index).id()).isEqualTo(good.events.get(1).id());
            assertThat(ids(handler.handled())).containsAll(ids(good.events));
        }
        assertToldExactlyOnce(List.of(before, bad, after));
    }

    // ---------------------------------------------------------------- (c) Backpressure.FAIL

    @Test
    void aFullRingUnderFailBackpressureRefusesTheMessageWithRingFullOnThePublishersThread() throws Exception {
        CountDownLatch gate = gate();
        RecordingHandler blocked = new RecordingHandler("blocked", EventType.TEST_RESULT).behave(e -> gate.await());
        AsyncEventBus bus = track(AsyncEventBus.builder().name("full").ringSize(4).backpressure(Backpressure.FAIL).build());
        bus.registerHandler(blocked);
        bus.start();
        List<Outcome> outcomes = new ArrayList<>();
        Outcome refused = null;
        for (int id = 0; id < 100 && refused == null; id++) {
            Outcome outcome = new Outcome(id, message(id, 1, "u"));
            outcomes.add(outcome);
            bus.publish(outcome.events, outcome);
            if (outcome.refusedCalls.get() > 0) {
                refused = outcome;
            }
        }

        assertThat(refused).as("a message refused within 100 publishes").isNotNull();
        assertThat(refused.refusal.reason()).isEqualTo(Refusal.Reason.RING_FULL);
        assertThat(refused.thread).isEqualTo(Thread.currentThread().getName()); // at the door, before publish returned
        List<Outcome> accepted = outcomes.subList(0, outcomes.size() - 1);
        assertThat(accepted).hasSizeBetween(4, 5); // the ring, plus perhaps the slot the blocked handler holds
        assertThat(accepted).noneMatch(Outcome::told); // nothing finished while the handler is blocked

        gate.countDown();
        await().atMost(WAIT).until(() -> accepted.stream().allMatch(Outcome::told));
        assertThat(accepted).allMatch(Outcome::isSafe);
        assertThat(bus.awaitIdle(WAIT)).isTrue();
        assertToldExactlyOnce(outcomes);
        assertThat(ids(blocked.calls())).doesNotContainAnyElementsOf(ids(refused.events));
    }

    // ---------------------------------------------------------------- (d) after stop

    @Test
    void aMessagePublishedAfterStopIsRefusedWithBusStopping() throws Exception {
        RecordingHandler handler = new RecordingHandler("h", EventType.TEST_RESULT);
        AsyncEventBus bus = track(AsyncEventBus.builder().name("stopped").build());
        bus.registerHandler(handler);
        bus.start();
        bus.stop();
        Outcome outcome = new Outcome(1, message(1, 2));

        bus.publish(outcome.events, outcome);

        // Told at the door, on this thread, before publish returned.
        assertThat(outcome.calls).hasValue(1);
        assertThat(outcome.refusal.reason()).isEqualTo(Refusal.Reason.BUS_STOPPING);
        assertThat(outcome.thread).isEqualTo(Thread.currentThread().getName());
        assertThat(handler.calls()).isEmpty();
    }

    @Test
    void aMessagePublishedBeforeStartIsRefusedByAStopThatComesFirst() throws Exception {
        AsyncEventBus bus = track(AsyncEventBus.builder().name("never").build());
        bus.registerHandler(new RecordingHandler("h", EventType.TEST_RESULT));
        Outcome outcome = new Outcome(1, message(1, 2));

        bus.publish(outcome.events, outcome); // waits in the ring for a start that never comes
        assertThat(outcome.told()).isFalse();
        bus.stop();

        assertThat(outcome.calls).hasValue(1);
        assertThat(outcome.refusal.reason()).isEqualTo(Refusal.Reason.BUS_STOPPING);
    }

    // ---------------------------------------------------------------- (e) a stop mid-stream

    @ParameterizedTest(name = "journaled={0}")
    @ValueSource(booleans = {false, true})
    void aStopMidStreamTellsEveryMessageExactlyOnce(boolean journaled) throws Exception {
        InMemoryJournal journal = journaled ? new InMemoryJournal(e -> false) : null;
        RecordingHandler handler = new RecordingHandler("h", EventType.TEST_RESULT);
        AsyncEventBusBuilder builder = AsyncEventBus.builder().name("midstream").ringSize(64).dispatchThreads(2);
        if (journaled) {
            builder.journal(journal);
        }
        AsyncEventBus bus = track(builder.build());
        bus.registerHandler(handler);
        bus.start();
        AtomicInteger safe = new AtomicInteger();
        StreamOfPublishers stream = new StreamOfPublishers(bus, 3, 20_000, o -> {
            if (o.safeCalls.get() > 0) {
                safe.incrementAndGet();
            }
        });

        stream.start();
        await().atMost(WAIT).until(() -> safe.get() >= 500);
        bus.stop(Duration.ofSeconds(10));
        stream.stopReturned();
        stream.join();

        List<Outcome> all = stream.outcomes();
        assertToldExactlyOnce(all);
        assertSafeOnesAreSafeAndRefusedOnesStopping(all, handler, journal);
        assertThat(all).anyMatch(o -> !o.isSafe()); // the publishers went on after the stop
    }

    @ParameterizedTest(name = "journaled={0}")
    @ValueSource(booleans = {false, true})
    void aStopThatGivesUpOnAStuckHandlerTellsEveryMessageExactlyOnce(boolean journaled) throws Exception {
        CountDownLatch gate = gate();
        CountDownLatch entered = new CountDownLatch(1);
        AtomicReference<Thread> stuckThread = new AtomicReference<>();
        InMemoryJournal journal = journaled ? new InMemoryJournal(e -> false) : null;
        // Stuck at one message of publisher 0: the small ring fills up behind it, publishers wait for room.
        RecordingHandler handler = new RecordingHandler("h", EventType.TEST_RESULT).behave(stuckUntil(gate, entered,
                stuckThread, e -> ((Number) e.payload().get("message")).intValue() == 200));
        AsyncEventBusBuilder builder = AsyncEventBus.builder().name("stuck").ringSize(8).dispatchThreads(2);
        if (journaled) {
            builder.journal(journal);
        }
        AsyncEventBus bus = track(builder.build());
        bus.registerHandler(handler);
        bus.start();
        StreamOfPublishers stream = new StreamOfPublishers(bus, 3, 20_000, o -> { });

        stream.start();
        assertThat(entered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        await().atMost(WAIT).until(() -> bus.queueSize() == bus.ringSize());
        bus.stop(Duration.ofMillis(200)); // times out: the sweep refuses what is left in the ring
        stream.stopReturned();
        stream.join();

        List<Outcome> all = stream.outcomes();
        assertToldExactlyOnce(all);
        assertSafeOnesAreSafeAndRefusedOnesStopping(all, handler, journal);
        Outcome stuckMessage = all.stream().filter(o -> o.id == 200).findFirst().orElseThrow();
        if (journaled) {
            assertThat(stuckMessage.safeCalls).as("appended before any handler saw it").hasValue(1);
        } else {
            assertThat(stuckMessage.refusedCalls).as("the message the handler never finished").hasValue(1);
        }

        // Let the stuck handler return: the thread the stop left behind must not tell anything again.
        gate.countDown();
        await().atMost(WAIT).until(() -> !stuckThread.get().isAlive());
        assertToldExactlyOnce(all);
        if (!journaled) {
            assertThat(stuckMessage.safeCalls).hasValue(0);
        }
    }

    @Test
    void aHandlerStuckPastTheStopThatThenFailsDoesNotTellItsMessageAgain() throws Exception {
        CountDownLatch gate = gate();
        CountDownLatch entered = new CountDownLatch(1);
        AtomicReference<Thread> stuckThread = new AtomicReference<>();
        RecordingHandler.Behavior stuck = stuckUntil(gate, entered, stuckThread, e -> true);
        // Once released it fails, and its retry policy would retry: the retry cannot run on a stopped bus.
        RecordingHandler handler = new RecordingHandler("h", EventType.TEST_RESULT).behave(event -> {
            stuck.apply(event);
            throw new IllegalStateException("fails after the stop");
        });
        AsyncEventBus bus = track(AsyncEventBus.builder().name("late").retryPolicy(new ImmediateRetryPolicy(1)).build());
        bus.registerHandler(handler);
        bus.start();
        Outcome outcome = new Outcome(1, message(1, 1));

        bus.publish(outcome.events, outcome);
        assertThat(entered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        bus.stop(Duration.ofMillis(100));

        assertThat(outcome.calls).as("told by the time stop returned").hasValue(1);
        assertThat(outcome.refusal).isNotNull();
        assertThat(outcome.refusal.reason()).isEqualTo(Refusal.Reason.BUS_STOPPING);
        gate.countDown();
        await().atMost(WAIT).until(() -> !stuckThread.get().isAlive());
        assertThat(outcome.calls).as("outcomes of %s", outcome).hasValue(1);
    }

    @Test
    void aMessageWhoseAsyncCallOutlivesTheStopIsToldByTheTimeStopReturnsAndOnlyOnce() throws Exception {
        CompletableFuture<Object> neverInTime = new CompletableFuture<>();
        AtomicInteger started = new AtomicInteger();
        // Message 1's call outlives the stop; message 2's completes at once, so it is finished and
        // only waits (publish order) for message 1 to be told.
        AsyncHandler outliving = new AsyncHandler("outliving") {
            @Override
            public List<EventType> eventTypes() {
                return List.of(EventType.TEST_RESULT);
            }

            @Override
            public CompletionStage<Object> handleAsync(Event event) {
                started.incrementAndGet();
                return ((Number) event.payload().get("message")).intValue() == 1 ? neverInTime
                        : CompletableFuture.completedFuture(null);
            }
        };
        AsyncEventBus bus = track(AsyncEventBus.builder().name("outlived").build());
        bus.registerHandler(outliving);
        bus.start();
        Outcome outliver = new Outcome(1, message(1, 1));
        Outcome behind = new Outcome(2, message(2, 1));

        bus.publish(outliver.events, outliver);
        bus.publish(behind.events, behind);
        await().atMost(WAIT).until(() -> started.get() == 2);
        bus.stop(Duration.ofMillis(100));

        // "Never neither": a stopped bus will not finish these messages, so it has to have told them.
        String atStop = outliver + "; " + behind;
        boolean toldAtStop = outliver.told() && behind.told();
        neverInTime.complete(null); // the call ends after all
        await().atMost(WAIT).until(() -> outliver.told() && behind.told());
        assertThat(toldAtStop).as("both told by the time stop returned; at stop: %s; now: %s; %s", atStop, outliver,
                behind).isTrue();
        assertToldExactlyOnce(List.of(outliver, behind));
    }

    /** Safe without a journal: handled; with one: appended, at its last event's index. Refused: by the stop. */
    private static void assertSafeOnesAreSafeAndRefusedOnesStopping(List<Outcome> all, RecordingHandler handler,
            InMemoryJournal journal) {
        Set<String> handled = ids(handler.handled());
        List<Event> inJournal = journal == null ? List.of() : journal.events();
        for (Outcome outcome : all) {
            if (outcome.isSafe()) {
                assertThat(outcome.refusedCalls).as("%s", outcome).hasValue(0);
                if (journal == null) {
                    assertThat(handled).as("handled events of safe %s", outcome).containsAll(ids(outcome.events));
                } else {
                    assertThat(inJournal.get((int) outcome.index).id()).as("journal at %s", outcome)
                            .isEqualTo(outcome.events.get(outcome.events.size() - 1).id());
                    assertThat(ids(inJournal)).containsAll(ids(outcome.events));
                }
            } else {
                assertThat(outcome.refusal.reason()).as("%s", outcome).isEqualTo(Refusal.Reason.BUS_STOPPING);
            }
        }
    }

    /**
     * Publisher threads each publishing up to {@code perThread} messages of 1 to 3 events, until told
     * the stop has returned (then a few more, which meet a stopped bus) or the time bound passes.
     */
    private static final class StreamOfPublishers {
        private static final int AFTER_STOP = 20;
        private static final long TIME_BOUND_NANOS = TimeUnit.SECONDS.toNanos(60);
        private final List<Thread> threads = new ArrayList<>();
        private final List<Outcome> outcomes = new CopyOnWriteArrayList<>();
        private final ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean stopReturned = new AtomicBoolean();

        StreamOfPublishers(AsyncEventBus bus, int threadCount, int perThread, Consumer<Outcome> onOutcome) {
            for (int t = 0; t < threadCount; t++) {
                int thread = t;
                threads.add(new Thread(() -> {
                    long deadline = System.nanoTime() + TIME_BOUND_NANOS;
                    int afterStop = 0;
                    try {
                        for (int m = 0; m < perThread && afterStop < AFTER_STOP && System.nanoTime() < deadline; m++) {
                            if (stopReturned.get()) {
                                afterStop++;
                            }
                            int id = thread * perThread + m;
                            Outcome outcome = new Outcome(id, message(id, 1 + m % 3, "unit-" + (id % 11)), onOutcome);
                            outcomes.add(outcome);
                            bus.publish(outcome.events, outcome);
                        }
                    } catch (Throwable e) {
                        errors.add(e);
                    }
                }, "publisher-" + t));
            }
        }

        void start() {
            threads.forEach(Thread::start);
        }

        void stopReturned() {
            stopReturned.set(true);
        }

        void join() throws InterruptedException {
            for (Thread thread : threads) {
                thread.join(WAIT.toMillis());
                assertThat(thread.isAlive()).as(thread.getName() + " finished").isFalse();
            }
            assertThat(errors).as("what publish threw").isEmpty();
        }

        List<Outcome> outcomes() {
            return List.copyOf(outcomes);
        }
    }

    // ---------------------------------------------------------------- (f) bad input

    @Test
    void badMessagesAreRejectedAtTheDoorWithoutACallback() throws Exception {
        AsyncEventBus bus = track(AsyncEventBus.builder().name("bad").ringSize(4).build());
        bus.registerHandler(new RecordingHandler("h", EventType.TEST_RESULT));
        bus.start();
        Outcome empty = new Outcome(1, List.of());
        Outcome tooMany = new Outcome(2, message(2, 5));
        Outcome withNull = new Outcome(3, Arrays.asList(message(3, 1).get(0), null));

        assertThatThrownBy(() -> bus.publish(empty.events, empty)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> bus.publish(tooMany.events, tooMany)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4");
        assertThatThrownBy(() -> bus.publish(withNull.events, withNull)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> bus.publish(null, empty)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> bus.publish(message(4, 1), null)).isInstanceOf(NullPointerException.class);

        // A message as large as the ring is fine, and nothing of the rejected ones got in.
        Outcome full = new Outcome(5, message(5, 4));
        bus.publish(full.events, full);
        await().atMost(WAIT).until(full::told);
        assertThat(bus.awaitIdle(WAIT)).isTrue();
        assertThat(full.safeCalls).hasValue(1);
        assertThat(List.of(empty, tooMany, withNull)).allSatisfy(o -> assertThat(o.calls).hasValue(0));
        assertThat(bus.metrics().totalEvents()).isEqualTo(4);
    }
}
