package io.linebus.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.linebus.bus.AsyncEventBus;
import io.linebus.bus.Durability;
import io.linebus.bus.EventBus;
import io.linebus.handlers.BaseHandler;
import io.linebus.models.Event;
import io.linebus.models.EventType;
import io.linebus.policies.DeadLetterEntry;
import io.linebus.policies.ErrorPolicy;
import io.linebus.testing.RecordingHandler;
import io.linebus.testing.SampleEvents;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal as the AsyncEventBus's first stage: durability, checkpoints, recovery, replay and requeue. */
class JournaledBusTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void aMillionEventsAreJournaledHandledAndReplayedInTheSameOrder() throws Exception {
        int total = 1_000_000;
        int[] handledFingerprints = new int[total];
        AtomicInteger handled = new AtomicInteger();
        List<Event> sampled = new ArrayList<>();
        try (ChronicleEventJournal journal = ChronicleEventJournal.open(dir)) {
            AsyncEventBus bus = AsyncEventBus.builder().name("volume").journal(journal).build();
            bus.registerHandler(BaseHandler.of("fingerprint", List.of(EventType.TEST_RESULT), event -> {
                int position = handled.getAndIncrement();
                handledFingerprints[position] = fingerprint(event);
                if (position % 10_000 == 0) {
                    sampled.add(event);
                }
            }));
            bus.start();
            for (int i = 0; i < total; i++) {
                bus.publish(SampleEvents.testResult("unit-" + (i % 1000), i));
            }
            assertThat(bus.awaitIdle(WAIT)).isTrue();
            bus.stop();
            assertThat(handled.get()).isEqualTo(total);
            assertThat(journal.count()).isEqualTo(total);

            int[] position = {0};
            int[] mismatches = {0};
            long replayed = journal.replay().fromStart().to(event -> {
                int at = position[0]++;
                if (handledFingerprints[at] != fingerprint(event)) {
                    mismatches[0]++;
                }
                if (at % 10_000 == 0 && !sampled.get(at / 10_000).equals(event)) {
                    mismatches[0]++;
                }
            });
            assertThat(replayed).isEqualTo(total);
            assertThat(mismatches[0]).isZero();
            for (int i = 1; i < total; i++) {
                assertThat(handledFingerprints[i]).isNotEqualTo(0);
            }
        }
    }

    private static int fingerprint(Event event) {
        return (event.id().hashCode() * 31 + Long.hashCode((Long) event.payload().get("seq"))) | 1;
    }

    @Test
    void journaledDurabilityReturnsOnceTheEventIsOnDiskNotOnceHandled() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        try (ChronicleEventJournal journal = ChronicleEventJournal.open(dir)) {
            AsyncEventBus bus = AsyncEventBus.builder().journal(journal).durability(Durability.JOURNALED).build();
            RecordingHandler blocked = new RecordingHandler("blocked", EventType.TEST_RESULT).behave(e -> gate.await());
            bus.registerHandler(blocked);
            assertThatThrownBy(() -> bus.publish(SampleEvents.testResult("u", 0)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("start bus");
            bus.start();
            for (int i = 0; i < 5; i++) {
                Event event = SampleEvents.testResult("u", i);
                bus.publish(event);
                // publish returned: the event is in the journal, though the handler has not finished any.
                assertThat(journal.count()).isEqualTo(i + 1);
                List<Event> journaled = new ArrayList<>();
                journal.replay().fromStart().to(journaled::add);
                assertThat(journaled.get(i)).isEqualTo(event);
            }
            assertThat(blocked.handledCount()).isZero();
            gate.countDown();
            assertThat(bus.awaitIdle(WAIT)).isTrue();
            bus.stop();
        }
    }

    @Test
    void aRestartedBusHandsEachHandlerOnlyWhatItHadNotCompleted() throws Exception {
        List<Long> indices = new ArrayList<>();
        try (ChronicleEventJournal journal = ChronicleEventJournal.open(dir)) {
            for (int i = 0; i < 100; i++) {
                indices.add(journal.append(SampleEvents.testResult("u" + (i % 7), i)));
            }
            // As a crashed bus leaves them: "archive" finished everything, "uploader" the first 60.
            journal.saveCheckpoint("archive", indices.get(99));
            journal.saveCheckpoint("uploader", indices.get(59));
        }
        try (ChronicleEventJournal journal = ChronicleEventJournal.open(dir)) {
            AsyncEventBus bus = AsyncEventBus.builder().journal(journal).dispatchThreads(2).build();
            RecordingHandler archive = new RecordingHandler("archive", EventType.TEST_RESULT);
            RecordingHandler uploader = new RecordingHandler("uploader", EventType.TEST_RESULT);
            RecordingHandler newcomer = new RecordingHandler("newcomer", EventType.TEST_RESULT);
            bus.registerHandler(archive);
            bus.registerHandler(uploader);
            bus.registerHandler(newcomer);
            bus.start();
            assertThat(bus.awaitIdle(WAIT)).isTrue();

            assertThat(archive.calls()).isEmpty();
            assertThat(newcomer.calls()).isEmpty(); // a handler without a checkpoint starts at the journal's end
            assertThat(uploader.handled()).extracting(e -> e.payload().get("seq"))
                    .containsExactlyInAnyOrderElementsOf(java.util.stream.LongStream.range(60, 100).boxed().toList());

            bus.publish(SampleEvents.testResult("u", 100));
            assertThat(bus.awaitIdle(WAIT)).isTrue();
            bus.stop();
            assertThat(newcomer.handledCount()).isEqualTo(1);
            long last = journal.lastIndex();
            assertThat(journal.checkpoints()).containsEntry("archive", last).containsEntry("uploader", last)
                    .containsEntry("newcomer", last);
        }
    }

    @Test
    void aHandlerStartedOnAnEmptyJournalIsNotMistakenForANewOneAfterACrash() throws Exception {
        try (ChronicleEventJournal journal = ChronicleEventJournal.open(dir)) {
            AsyncEventBus first = AsyncEventBus.builder().journal(journal).build();
            first.registerHandler(new RecordingHandler("uploader", EventType.TEST_RESULT));
            first.start();
            assertThat(journal.loadCheckpoint("uploader")).isEqualTo(io.linebus.bus.EventJournal.BEFORE_FIRST);
            first.stop();
            // As a crash leaves it: the event journaled, the handler never got to complete it.
            journal.append(SampleEvents.testResult("u", 1));
        }
        try (ChronicleEventJournal journal = ChronicleEventJournal.open(dir)) {
            AsyncEventBus second = AsyncEventBus.builder().journal(journal).build();
            RecordingHandler uploader = new RecordingHandler("uploader", EventType.TEST_RESULT);
            second.registerHandler(uploader);
            second.start();
            assertThat(second.awaitIdle(WAIT)).isTrue();
            second.stop();
            assertThat(uploader.handled()).extracting(e -> e.payload().get("seq")).containsExactly(1L);
        }
    }

    @Test
    void aHandlerRegisteredWhileTheBusRunsIsCheckpointedAtOnceAtTheJournalsEnd() throws Exception {
        try (ChronicleEventJournal journal = ChronicleEventJournal.open(dir)) {
            AsyncEventBus bus = AsyncEventBus.builder().journal(journal).build();
            bus.registerHandler(new RecordingHandler("archive", EventType.TEST_RESULT));
            bus.start();
            for (int i = 0; i < 10; i++) {
                bus.publish(SampleEvents.testResult("u", i));
            }
            assertThat(bus.awaitIdle(WAIT)).isTrue();

            RecordingHandler late = new RecordingHandler("late", EventType.TEST_RESULT);
            bus.registerHandler(late);

            // Saved before registerHandler returned: a crash now must not make it look new on restart,
            // which would skip whatever it had not completed.
            assertThat(journal.loadCheckpoint("late")).isEqualTo(journal.lastIndex());
            bus.publish(SampleEvents.testResult("u", 10));
            assertThat(bus.awaitIdle(WAIT)).isTrue();
            bus.stop();
            assertThat(late.handled()).extracting(e -> e.payload().get("seq")).containsExactly(10L);
            assertThat(journal.loadCheckpoint("late")).isEqualTo(journal.lastIndex());
        }
    }

    @Test
    void aHandlerRegisteredDuringRecoveryGetsNoneOfTheOlderEventsReplayed() throws Exception {
        try (ChronicleEventJournal journal = ChronicleEventJournal.open(dir)) {
            for (int i = 0; i < 1_000; i++) {
                journal.append(SampleEvents.testResult("u" + (i % 7), i));
            }
            journal.saveCheckpoint("uploader", io.linebus.bus.EventJournal.BEFORE_FIRST); // completed nothing
        }
        try (ChronicleEventJournal journal = ChronicleEventJournal.open(dir)) {
            CountDownLatch recovering = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            RecordingHandler uploader = new RecordingHandler("uploader", EventType.TEST_RESULT).behave(event -> {
                recovering.countDown();
                release.await(); // holds the replay of the older events in the ring
            });
            AsyncEventBus bus = AsyncEventBus.builder().journal(journal).build();
            bus.registerHandler(uploader);
            bus.start();
            assertThat(recovering.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

            RecordingHandler late = new RecordingHandler("late", EventType.TEST_RESULT);
            bus.registerHandler(late);
            release.countDown();
            bus.publish(SampleEvents.testResult("u", 1_000));
            assertThat(bus.awaitIdle(WAIT)).isTrue();
            bus.stop();

            assertThat(uploader.handledCount()).isEqualTo(1_001);
            assertThat(late.handled()).extracting(e -> e.payload().get("seq")).containsExactly(1_000L);
        }
    }

    @Test
    void handlerNamesMustBeUniqueWithAJournal() {
        try (ChronicleEventJournal journal = ChronicleEventJournal.open(dir)) {
            AsyncEventBus bus = AsyncEventBus.builder().journal(journal).build();
            bus.registerHandler(new RecordingHandler("uploader", EventType.TEST_RESULT));
            assertThatThrownBy(() -> bus.registerHandler(new RecordingHandler("uploader", EventType.ASSET_FAULT)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'uploader'");
        }
    }

    @Test
    void replayFeedsBothBuses() throws Exception {
        try (ChronicleEventJournal journal = ChronicleEventJournal.open(dir)) {
            for (int i = 0; i < 20; i++) {
                journal.append(SampleEvents.testResult("u", i));
            }
            journal.append(SampleEvents.of(EventType.ASSET_FAULT, "asset_id", "a1"));

            EventBus sync = new EventBus();
            RecordingHandler syncHandler = new RecordingHandler("sync", EventType.TEST_RESULT);
            sync.registerHandler(syncHandler);
            assertThat(journal.replay().fromStart().filter(new io.linebus.routing.EventFilter().byType(EventType.TEST_RESULT))
                    .to(sync)).isEqualTo(20);
            assertThat(syncHandler.handled()).extracting(e -> e.payload().get("seq"))
                    .containsExactlyElementsOf(java.util.stream.LongStream.range(0, 20).boxed().toList());

            AsyncEventBus async = new AsyncEventBus("replayed");
            RecordingHandler all = new RecordingHandler("all");
            async.registerHandler(all);
            async.start();
            assertThat(journal.replay().fromStart().to(async)).isEqualTo(21);
            assertThat(async.awaitIdle(WAIT)).isTrue();
            async.stop();
            assertThat(all.handledCount()).isEqualTo(21);
        }
    }

    @Test
    void persistentDeadLettersAreRequeuedToTheHandlerThatFailedThem() throws Exception {
        Path dlqDir = dir.resolve("dlq");
        boolean[] broken = {true};
        RecordingHandler flaky = new RecordingHandler("flaky", EventType.TEST_RESULT).behave(e -> {
            if (broken[0]) {
                throw new IllegalStateException("upstream down");
            }
        });
        RecordingHandler steady = new RecordingHandler("steady", EventType.TEST_RESULT);
        try (ChronicleDeadLetterQueue dlq = ChronicleDeadLetterQueue.open(dlqDir)) {
            AsyncEventBus bus = AsyncEventBus.builder().errorPolicy(new ErrorPolicy(dlq)).build();
            bus.registerHandler(flaky);
            bus.registerHandler(steady);
            bus.start();
            for (int i = 0; i < 3; i++) {
                bus.publish(SampleEvents.testResult("u", i));
            }
            assertThat(bus.awaitIdle(WAIT)).isTrue();
            bus.stop();
            assertThat(dlq.size()).isEqualTo(3);
        }
        try (ChronicleDeadLetterQueue dlq = ChronicleDeadLetterQueue.open(dlqDir)) {
            assertThat(dlq.getEntries()).extracting(DeadLetterEntry::errorType).containsOnly("IllegalStateException");
            broken[0] = false;
            AsyncEventBus bus = AsyncEventBus.builder().name("after-fix").build();
            bus.registerHandler(flaky);
            bus.registerHandler(steady);
            bus.start();

            assertThat(dlq.requeue(bus::publishTo)).isEqualTo(3);

            assertThat(bus.awaitIdle(WAIT)).isTrue();
            bus.stop();
            assertThat(dlq.isEmpty()).isTrue();
            assertThat(flaky.handled()).extracting(e -> e.payload().get("seq")).containsExactly(0L, 1L, 2L);
            assertThat(flaky.handled()).allSatisfy(e -> assertThat(e.metadata().retryCount()).isZero());
            assertThat(steady.handledCount()).isEqualTo(3); // only from the first run: requeue went to "flaky" only
        }
        try (ChronicleDeadLetterQueue dlq = ChronicleDeadLetterQueue.open(dlqDir)) {
            assertThat(dlq.isEmpty()).isTrue();
        }
    }

    @Test
    void aRefusedRequeueLeavesTheEntryInPlace() throws Exception {
        try (ChronicleDeadLetterQueue dlq = ChronicleDeadLetterQueue.open(dir.resolve("dlq"))) {
            dlq.add(SampleEvents.testResult("u", 1), new IllegalStateException("x"), "gone");
            AsyncEventBus bus = new AsyncEventBus();
            assertThatThrownBy(() -> dlq.requeue(bus::publishTo)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("No handler named 'gone'");
            assertThat(dlq.size()).isEqualTo(1);
        }
    }
}
