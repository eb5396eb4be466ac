package io.linebus.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.linebus.bus.AsyncEventBus;
import io.linebus.bus.EventJournal;
import io.linebus.handlers.BaseHandler;
import io.linebus.models.Event;
import io.linebus.models.EventType;
import io.linebus.transports.Acknowledgement;
import io.linebus.transports.Refusal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Acknowledged publishing into a real Chronicle journal (architecture.md, "Delivery
 * acknowledgements"): "safe" means appended, and the index a source is told is the journal index of
 * its message's last event.
 */
class AcknowledgedPublishJournalTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    /** One message: its events, and every call of its acknowledgement. */
    private static final class Message implements Acknowledgement {
        final int id;
        final List<Event> events;
        final AtomicInteger safeCalls = new AtomicInteger();
        final AtomicInteger refusedCalls = new AtomicInteger();
        final List<Integer> toldOrder;
        volatile long index = Long.MIN_VALUE;
        volatile String thread;
        volatile Refusal refusal;

        Message(int id, int size, List<Integer> toldOrder) {
            this.id = id;
            this.toldOrder = toldOrder;
            this.events = IntStream.range(0, size).mapToObj(part -> Event.create(EventType.TEST_RESULT,
                    Map.of("unit_id", "unit-" + (id % 13), "message", id, "part", part), "ack-journal-test")).toList();
        }

        @Override
        public void safe(long journalIndex) {
            index = journalIndex;
            thread = Thread.currentThread().getName();
            toldOrder.add(id);
            safeCalls.incrementAndGet();
        }

        @Override
        public void refused(Refusal why) {
            refusal = why;
            thread = Thread.currentThread().getName();
            toldOrder.add(id);
            refusedCalls.incrementAndGet();
        }

        int calls() {
            return safeCalls.get() + refusedCalls.get();
        }

        Event last() {
            return events.get(events.size() - 1);
        }

        @Override
        public String toString() {
            return "message " + id + " (safe " + safeCalls + "x at " + index + ", refused " + refusedCalls + "x"
                    + (refusal == null ? "" : ": " + refusal) + ")";
        }
    }

    @ParameterizedTest(name = "syncOnEndOfBatch={0}")
    @ValueSource(booleans = {false, true})
    void everySafeIndexIsItsLastEventsJournalIndexAndTheJournalHoldsEveryEventOfEverySafeMessage(boolean sync)
            throws Exception {
        int publishers = 3;
        int perPublisher = sync ? 400 : 2_000; // a sync per batch is slow on some disks: fewer messages
        List<List<Message>> published = new ArrayList<>();
        List<List<Integer>> toldOrders = new ArrayList<>();
        List<Message> all;
        AtomicInteger handled = new AtomicInteger();
        try (ChronicleEventJournal journal = ChronicleEventJournal.builder(dir).syncOnEndOfBatch(sync).build()) {
            AsyncEventBus bus = AsyncEventBus.builder().name("acks").journal(journal).dispatchThreads(2)
                    .ringSize(1024).build();
            bus.registerHandler(BaseHandler.of("counter", List.of(EventType.TEST_RESULT), e -> handled.incrementAndGet()));
            bus.start();
            try {
                List<Thread> threads = new ArrayList<>();
                ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
                for (int t = 0; t < publishers; t++) {
                    List<Integer> toldOrder = Collections.synchronizedList(new ArrayList<>());
                    List<Message> mine = new ArrayList<>();
                    for (int m = 0; m < perPublisher; m++) {
                        mine.add(new Message(t * perPublisher + m, 1 + m % 4, toldOrder));
                    }
                    published.add(mine);
                    toldOrders.add(toldOrder);
                    threads.add(new Thread(() -> {
                        try {
                            mine.forEach(message -> bus.publish(message.events, message));
                        } catch (Throwable e) {
                            errors.add(e);
                        }
                    }, "publisher-" + t));
                }
                threads.forEach(Thread::start);
                for (Thread thread : threads) {
                    thread.join(WAIT.toMillis());
                    assertThat(thread.isAlive()).as(thread.getName() + " finished").isFalse();
                }
                assertThat(errors).isEmpty();
                all = published.stream().flatMap(List::stream).toList();
                await().atMost(WAIT).until(() -> all.stream().allMatch(m -> m.calls() > 0));
                assertThat(bus.awaitIdle(WAIT)).isTrue();
            } finally {
                bus.stop();
            }

            assertThat(all).as("messages told other than once, or refused").filteredOn(m -> m.safeCalls.get() != 1
                    || m.refusedCalls.get() != 0).isEmpty();
            assertThat(all).allSatisfy(m -> assertThat(m.thread).isEqualTo("linebus-acks-journal"));
            for (int t = 0; t < publishers; t++) {
                assertThat(toldOrders.get(t)).as("the order publisher-%d was told in", t)
                        .containsExactlyElementsOf(published.get(t).stream().map(m -> m.id).toList());
            }
            assertTheJournalHoldsEveryMessageEndingAtItsSafeIndex(journal, all);
        }

        // And it is all there for whoever opens the directory next.
        int events = all.stream().mapToInt(m -> m.events.size()).sum();
        try (ChronicleEventJournal reopened = ChronicleEventJournal.open(dir)) {
            assertThat(reopened.count()).isEqualTo(events);
            assertTheJournalHoldsEveryMessageEndingAtItsSafeIndex(reopened, all);
        }
    }

    /** Each message's events are in the journal, one after another, the last one at its safe index. */
    private static void assertTheJournalHoldsEveryMessageEndingAtItsSafeIndex(ChronicleEventJournal journal,
            List<Message> messages) {
        List<Long> indices = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        journal.readAfter(EventJournal.NO_INDEX, (index, event) -> {
            indices.add(index);
            ids.add(event.id());
        });
        Map<Long, Integer> positionOfIndex = new HashMap<>();
        for (int i = 0; i < indices.size(); i++) {
            positionOfIndex.put(indices.get(i), i);
        }
        for (Message message : messages) {
            Integer lastPosition = positionOfIndex.get(message.index);
            assertThat(lastPosition).as("an event at the safe index of %s", message).isNotNull();
            assertThat(ids.get(lastPosition)).as("the event at the safe index of %s", message)
                    .isEqualTo(message.last().id());
            // The message's events are contiguous in the ring, so they are appended one after another.
            int first = lastPosition - message.events.size() + 1;
            assertThat(first).as("room for all of %s", message).isNotNegative();
            assertThat(ids.subList(first, lastPosition + 1)).as("the events of %s", message)
                    .containsExactlyElementsOf(message.events.stream().map(Event::id).toList());
        }
    }
}
