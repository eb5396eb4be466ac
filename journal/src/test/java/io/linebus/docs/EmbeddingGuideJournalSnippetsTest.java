package io.linebus.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.linebus.bus.AsyncEventBus;
import io.linebus.bus.Durability;
import io.linebus.handlers.BaseHandler;
import io.linebus.journal.ChronicleDeadLetterQueue;
import io.linebus.journal.ChronicleEventJournal;
import io.linebus.journal.JournalTail;
import io.linebus.journal.JournaledEvent;
import io.linebus.models.Event;
import io.linebus.models.EventType;
import io.linebus.models.domain.TestResult;
import io.linebus.models.domain.TestResultEvent;
import io.linebus.policies.DeadLetterEntry;
import io.linebus.policies.ErrorPolicy;
import io.linebus.policies.RetryConfig;
import io.linebus.policies.RetryPolicy;
import io.linebus.routing.EventFilter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import net.openhft.chronicle.queue.RollCycles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal snippets of {@code src/site/markdown/embedding-guide.md} (§6), run as a test so that
 * the guide cannot drift from the API (D26). Keep the two in step.
 */
class EmbeddingGuideJournalSnippetsTest {

    @Test
    void aJournaledCollectorDeadLettersReplaysTailsAndRequeues(@TempDir Path dataDir) throws Exception {
        // D26: the guide's journal section, as written there
        AtomicBoolean mesUp = new AtomicBoolean(false);
        List<String> forwarded = new CopyOnWriteArrayList<>();
        Instant shiftStart = Instant.now();
        Path journalDir = dataDir.resolve("journal");

        try (ChronicleEventJournal journal = ChronicleEventJournal.builder(journalDir)
                        .rollCycle(RollCycles.FAST_HOURLY)    // one file an hour
                        .retainCycles(24 * 7)                 // keep a week of them
                        .build();
                ChronicleDeadLetterQueue deadLetters = ChronicleDeadLetterQueue.open(dataDir.resolve("dead-letters"))) {

            AsyncEventBus bus = AsyncEventBus.builder()
                    .name("line-3")
                    .journal(journal)
                    .durability(Durability.JOURNALED)         // publish returns once journaled
                    .retryPolicy(new RetryPolicy(RetryConfig.builder().maxRetries(1).initialDelay(0.01).build()))
                    .errorPolicy(new ErrorPolicy(deadLetters)) // dead letters survive restarts
                    .build();
            bus.registerHandler(BaseHandler.of("mes-forwarder", List.of(EventType.TEST_RESULT), event -> {
                if (!mesUp.get()) {
                    throw new IOException("MES unreachable");
                }
                forwarded.add(event.id());
            }));
            bus.start();
            try {
                bus.publish(TestResultEvent.builder("PCB-1").build().toEvent("ict-1"));
                bus.publish(TestResultEvent.builder("PCB-2").result(TestResult.FAIL).build().toEvent("ict-1"));
                bus.publish(TestResultEvent.builder("PCB-3").build().toEvent("ict-1"));
                assertThat(bus.awaitIdle(Duration.ofSeconds(20))).isTrue();

                // The MES was down: each event was tried twice, then dead-lettered for its handler.
                assertThat(deadLetters.size()).isEqualTo(3);
                for (DeadLetterEntry entry : deadLetters.getEntries()) {
                    assertThat(entry.handlerName()).isEqualTo("mes-forwarder");
                    assertThat(entry.errorType()).isEqualTo("IOException");
                    assertThat(entry.retryCount()).isEqualTo(1);
                }

                // The MES is back: hand the dead letters to the handler that failed them, and only to it.
                mesUp.set(true);
                int requeued = deadLetters.requeue(bus::publishTo);
                assertThat(requeued).isEqualTo(3);
                assertThat(bus.awaitIdle(Duration.ofSeconds(20))).isTrue();
                assertThat(forwarded).hasSize(3);
                assertThat(deadLetters.isEmpty()).isTrue();
            } finally {
                bus.stop(); // drains the ring and saves the checkpoints; before the journal closes
            }

            // Replay: the failed units of this shift, as journaled (requeued events are journaled again).
            List<Event> failedUnits = new ArrayList<>();
            long replayed = journal.replay()
                    .fromTime(shiftStart)
                    .filter(new EventFilter().byType(EventType.TEST_RESULT).payloadEquals("result", "fail"))
                    .to(failedUnits::add);
            assertThat(replayed).isEqualTo(2); // PCB-2, published and requeued
            assertThat(failedUnits).extracting(event -> event.payload().get("unit_id")).containsOnly("PCB-2");
            assertThat(journal.count()).isEqualTo(6);
            assertThat(journal.checkpoints()).containsEntry("mes-forwarder", journal.lastIndex());
        }

        // Tail: read-only, e.g. from another process while the collector runs.
        List<JournaledEvent> seen = new ArrayList<>();
        try (JournalTail tail = ChronicleEventJournal.tail(journalDir).fromStart()) {
            JournaledEvent next;
            while ((next = tail.poll()) != null) {
                seen.add(next);
            }
        }
        assertThat(seen).hasSize(6);
        assertThat(seen.get(0).event().payload()).containsEntry("unit_id", "PCB-1");
        assertThat(seen.get(0).appendTime()).isAfterOrEqualTo(shiftStart.minusSeconds(1));
    }
}
