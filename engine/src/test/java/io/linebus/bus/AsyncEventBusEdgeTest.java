package io.linebus.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.lmax.disruptor.dsl.ProducerType;
import io.linebus.handlers.BaseHandler;
import io.linebus.models.Event;
import io.linebus.models.EventType;
import io.linebus.policies.DeadLetterEntry;
import io.linebus.policies.ErrorPolicy;
import io.linebus.policies.InMemoryDeadLetterQueue;
import io.linebus.policies.RetryConfig;
import io.linebus.policies.RetryPolicy;
import io.linebus.testing.RecordingHandler;
import io.linebus.testing.SampleEvents;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Edges of the asynchronous bus: journal failures, producer type, targeted deliveries, custom handleAsync. */
class AsyncEventBusEdgeTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @ParameterizedTest(name = "staging={0}")
    @ValueSource(booleans = {false, true})
    void underJournaledDurabilityAFailedAppendRefusesTheEvent(boolean staging) throws Exception {
        InMemoryJournal journal = new InMemoryJournal(event -> "poison".equals(event.payload().get("unit_id")), staging);
        AsyncEventBus bus = AsyncEventBus.builder().journal(journal).durability(Durability.JOURNALED).build();
        RecordingHandler handler = new RecordingHandler("h", EventType.TEST_RESULT);
        bus.registerHandler(handler);
        bus.start();
        try {
            Event poison = SampleEvents.testResult("poison", 1);
            assertThatThrownBy(() -> bus.publish(poison)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(poison.id()).hasMessageContaining("could not be journaled")
                    .hasRootCauseMessage(staging ? "cannot encode" : "disk full");
            bus.publish(SampleEvents.testResult("good", 2));
            assertThat(bus.awaitIdle(WAIT)).isTrue();
            assertThat(handler.handled()).extracting(e -> e.payload().get("unit_id")).containsExactly("good");
            assertThat(journal.events()).hasSize(1);
        } finally {
            bus.stop();
        }
    }

    @ParameterizedTest(name = "staging={0}")
    @ValueSource(booleans = {false, true})
    void underAcceptedDurabilityAFailedAppendIsStillHandled(boolean staging) throws Exception {
        InMemoryJournal journal = new InMemoryJournal(event -> "poison".equals(event.payload().get("unit_id")), staging);
        AsyncEventBus bus = AsyncEventBus.builder().journal(journal).build();
        RecordingHandler handler = new RecordingHandler("h", EventType.TEST_RESULT);
        bus.registerHandler(handler);
        bus.start();
        try {
            bus.publish(SampleEvents.testResult("poison", 1));
            assertThat(bus.awaitIdle(WAIT)).isTrue();
            assertThat(handler.handledCount()).isEqualTo(1);
            assertThat(journal.events()).isEmpty();
        } finally {
            bus.stop();
        }
    }

    @Test
    void publishersStageTheirRecordsAndTheJournalStageAppendsThemInRingOrder() throws Exception {
        InMemoryJournal journal = new InMemoryJournal(event -> false, true);
        AsyncEventBus bus = AsyncEventBus.builder().name("staging").journal(journal).build();
        RecordingHandler handler = new RecordingHandler("h", EventType.TEST_RESULT);
        bus.registerHandler(handler);
        bus.start();
        try {
            Thread[] producers = new Thread[3];
            for (int p = 0; p < producers.length; p++) {
                int producer = p;
                producers[p] = new Thread(() -> {
                    for (int i = 0; i < 200; i++) {
                        bus.publish(SampleEvents.testResult("U" + producer, i));
                    }
                }, "producer-" + p);
                producers[p].start();
            }
            for (Thread producer : producers) {
                producer.join();
            }
            assertThat(bus.awaitIdle(WAIT)).isTrue();

            assertThat(journal.events()).hasSize(600).containsExactlyElementsOf(handler.handled());
            assertThat(journal.stagingThreads()).hasSize(600).allMatch(name -> name.startsWith("producer-"));
            assertThat(journal.appendingThreads()).hasSize(600).containsOnly("linebus-staging-journal");
        } finally {
            bus.stop();
        }
    }

    @Test
    void aSingleProducerIsRefusedWhereTheBusPublishesToo() {
        assertThatThrownBy(() -> AsyncEventBus.builder().producerType(ProducerType.SINGLE)
                .retryPolicy(new RetryPolicy(1)).build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("MULTI");
        assertThatThrownBy(() -> AsyncEventBus.builder().producerType(ProducerType.SINGLE)
                .journal(new InMemoryJournal(e -> false)).build()).isInstanceOf(IllegalStateException.class);
        assertThat(AsyncEventBus.builder().producerType(ProducerType.SINGLE).build()).isNotNull();
    }

    @Test
    void anEventMeantForAHandlerThatNoLongerTakesItIsDeadLettered() throws Exception {
        InMemoryDeadLetterQueue deadLetters = new InMemoryDeadLetterQueue();
        RetryPolicy slow = new RetryPolicy(RetryConfig.builder().maxRetries(1).initialDelay(0.2).jitter(false).build());
        AsyncEventBus bus = AsyncEventBus.builder().retryPolicy(slow).errorPolicy(new ErrorPolicy(deadLetters)).build();
        RecordingHandler flaky = new RecordingHandler("flaky", EventType.TEST_RESULT).failFirstAttempt();
        RecordingHandler off = new RecordingHandler("off", EventType.TEST_RESULT);
        off.setEnabled(false);
        bus.registerHandler(flaky);
        bus.registerHandler(off);
        bus.start();
        try {
            bus.publishTo("off", SampleEvents.testResult("u", 1));
            bus.publish(SampleEvents.testResult("u", 2));
            org.awaitility.Awaitility.await().atMost(WAIT).until(() -> flaky.calls().size() == 1);
            flaky.setEnabled(false); // disabled while its retry waits
            assertThat(bus.awaitIdle(WAIT)).isTrue();

            assertThat(off.calls()).isEmpty();
            assertThat(deadLetters.getEntries()).extracting(DeadLetterEntry::handlerName)
                    .containsExactlyInAnyOrder("off", "flaky");
            assertThat(deadLetters.getEntries()).allSatisfy(entry ->
                    assertThat(entry.errorMessage()).contains("no longer takes the event"));
        } finally {
            bus.stop();
        }
    }

    @Test
    void aHandlerWithItsOwnHandleAsyncIsCalledThroughIt() throws Exception {
        AtomicInteger blockingCalls = new AtomicInteger();
        CompletableFuture<Object> pending = new CompletableFuture<>();
        BaseHandler nonBlocking = new BaseHandler("non-blocking") {
            @Override
            public List<EventType> eventTypes() {
                return List.of(EventType.TEST_RESULT);
            }

            @Override
            public Object handle(Event event) {
                blockingCalls.incrementAndGet();
                return null;
            }

            @Override
            public CompletionStage<Object> handleAsync(Event event) {
                return pending;
            }
        };
        AsyncEventBus bus = new AsyncEventBus();
        bus.registerHandler(nonBlocking);
        bus.start();
        try {
            bus.publish(SampleEvents.testResult("u", 1));
            assertThat(bus.awaitIdle(Duration.ofMillis(100))).isFalse(); // waits for the stage
            pending.complete("done");
            assertThat(bus.awaitIdle(WAIT)).isTrue();
            assertThat(blockingCalls.get()).isZero();
        } finally {
            bus.stop();
        }
    }
}
