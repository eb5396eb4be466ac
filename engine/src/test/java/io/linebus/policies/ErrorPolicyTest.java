package io.linebus.policies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.linebus.handlers.LogCapture;
import io.linebus.models.Event;
import io.linebus.models.EventType;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

class ErrorPolicyTest {

    private final AtomicLong now = new AtomicLong();

    private CircuitBreaker template(int failureThreshold) {
        return new CircuitBreaker(failureThreshold, 1, Duration.ofSeconds(10), 1, now::get);
    }

    private static Event event() {
        return new Event(EventType.TEST_RESULT, Map.of("serial", "SN-7"));
    }

    @Test
    void defaultsToANewInMemoryQueueAndNoBreaker() {
        ErrorPolicy policy = new ErrorPolicy();
        assertThat(policy.deadLetterQueue()).isInstanceOf(InMemoryDeadLetterQueue.class);
        assertThat(((InMemoryDeadLetterQueue) policy.deadLetterQueue()).maxSize()).isEqualTo(10_000);
        assertThat(policy.circuitBreaker()).isEmpty();
        assertThat(policy.circuitBreakerFor("H")).isEmpty();
        assertThat(policy.canProcess()).isTrue();
        assertThat(policy.canProcess("H")).isTrue();
        policy.recordSuccess();
        policy.recordSuccess("H");
        assertThat(new ErrorPolicy(null, null).deadLetterQueue()).isNotNull();
        assertThat(new ErrorPolicy((DeadLetterQueue) null).deadLetterQueue()).isNotNull();
    }

    @Test
    void keepsACallersEmptyDeadLetterQueue() {
        // D3: Python replaces a caller's still-empty queue by an internal one.
        List<DeadLetterEntry> notified = new ArrayList<>();
        InMemoryDeadLetterQueue mine = new InMemoryDeadLetterQueue(100, notified::add);
        ErrorPolicy policy = new ErrorPolicy(mine);
        assertThat(policy.deadLetterQueue()).isSameAs(mine);
        assertThat(new ErrorPolicy(mine, template(1)).deadLetterQueue()).isSameAs(mine);
        Event event = event();
        policy.handleFailure(event, new IllegalStateException("boom"), "UploadHandler");
        assertThat(mine.size()).isEqualTo(1);
        assertThat(notified).hasSize(1);
        DeadLetterEntry entry = mine.peek().orElseThrow();
        assertThat(entry.event()).isEqualTo(event);
        assertThat(entry.handlerName()).isEqualTo("UploadHandler");
        assertThat(entry.errorMessage()).isEqualTo("boom");
    }

    @Test
    void handleFailureWithoutHandlerNameDeadLettersWithoutNameAndUsesTheTemplateBreaker() {
        CircuitBreaker template = template(2);
        ErrorPolicy policy = new ErrorPolicy(null, template);
        policy.handleFailure(event(), new RuntimeException());
        assertThat(policy.deadLetterQueue().peek().orElseThrow().handlerName()).isNull();
        assertThat(template.failureCount()).isEqualTo(1);
        policy.handleFailure(event(), new RuntimeException());
        assertThat(template.isOpen()).isTrue();
        assertThat(policy.canProcess()).isFalse();
        assertThat(policy.circuitBreakers()).isEmpty();
        assertThat(policy.canProcess("OtherHandler")).as("per-handler breakers are separate").isTrue();
    }

    @Test
    void perHandlerBreakersAreIndependent() {
        // D4: one failing handler never blocks the others.
        CircuitBreaker template = template(2);
        ErrorPolicy policy = new ErrorPolicy(null, template);
        CircuitBreaker upload = policy.circuitBreakerFor("Upload").orElseThrow();
        assertThat(upload).isNotSameAs(template);
        assertThat(policy.circuitBreakerFor("Upload")).containsSame(upload);
        policy.handleFailure(event(), new RuntimeException(), "Upload");
        policy.handleFailure(event(), new RuntimeException(), "Upload");
        assertThat(policy.canProcess("Upload")).isFalse();
        assertThat(upload.isOpen()).isTrue();
        assertThat(policy.canProcess("Archive")).isTrue();
        assertThat(policy.circuitBreakerFor("Archive").orElseThrow().isClosed()).isTrue();
        assertThat(template.isClosed()).isTrue();
        assertThat(template.failureCount()).isZero();
        assertThat(policy.canProcess()).isTrue();
        assertThat(policy.circuitBreakers()).containsOnlyKeys("Upload", "Archive")
                .containsEntry("Upload", upload);
    }

    @Test
    void perHandlerBreakersTakeTheTemplateSettingsAndRecover() {
        ErrorPolicy policy = new ErrorPolicy(null, template(1));
        policy.handleFailure(event(), new RuntimeException(), "Upload");
        CircuitBreaker upload = policy.circuitBreakerFor("Upload").orElseThrow();
        assertThat(upload.failureThreshold()).isEqualTo(1);
        assertThat(upload.resetTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(policy.canProcess("Upload")).isFalse();
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertThat(policy.canProcess("Upload")).as("half-open trial").isTrue();
        policy.recordSuccess("Upload");
        assertThat(upload.isClosed()).isTrue();
    }

    @Test
    void recordSuccessWithoutNameGoesToTheTemplate() {
        CircuitBreaker template = template(3);
        ErrorPolicy policy = new ErrorPolicy(null, template);
        policy.handleFailure(event(), new RuntimeException());
        assertThat(template.failureCount()).isEqualTo(1);
        policy.recordSuccess();
        assertThat(template.failureCount()).isZero();
    }

    @Test
    void failureCallbacksRunInOrderAndAreGuarded() {
        List<String> calls = new ArrayList<>();
        Event event = event();
        RuntimeException error = new RuntimeException("x");
        ErrorPolicy policy = new ErrorPolicy(null, template(5));
        assertThat(policy.onFailure((e, t) -> {
            assertThat(e).isSameAs(event);
            assertThat(t).isSameAs(error);
            calls.add("first");
        })).isSameAs(policy);
        policy.onFailure((e, t) -> {
            calls.add("throwing");
            throw new IllegalStateException("callback bug");
        }).onFailure((e, t) -> {
            calls.add("assertion");
            throw new AssertionError("another bug");
        }).onFailure((e, t) -> calls.add("last"));
        policy.handleFailure(event, error, "H");
        assertThat(calls).containsExactly("first", "throwing", "assertion", "last");
        assertThat(policy.deadLetterQueue().size()).isEqualTo(1);
        assertThat(policy.circuitBreakerFor("H").orElseThrow().failureCount()).isEqualTo(1);
    }

    @Test
    void callbacksSeeTheEntryAlreadyDeadLettered() {
        ErrorPolicy policy = new ErrorPolicy();
        List<Integer> sizes = new ArrayList<>();
        policy.onFailure((e, t) -> sizes.add(policy.deadLetterQueue().size()));
        policy.handleFailure(event(), new RuntimeException());
        assertThat(sizes).containsExactly(1);
    }

    @Test
    void aFailingDeadLetterQueueStillCountsTheFailureAndRunsCallbacksThenRethrows() {
        IllegalStateException diskFull = new IllegalStateException("disk full");
        DeadLetterQueue failing = new FailingQueue(diskFull);
        CircuitBreaker template = template(5);
        ErrorPolicy policy = new ErrorPolicy(failing, template);
        List<String> calls = new ArrayList<>();
        policy.onFailure((e, t) -> calls.add("callback"));
        assertThatThrownBy(() -> policy.handleFailure(event(), new RuntimeException(), "H")).isSameAs(diskFull);
        assertThat(calls).containsExactly("callback");
        assertThat(policy.circuitBreakerFor("H").orElseThrow().failureCount()).isEqualTo(1);
        CompletableFuture<Void> async = policy.handleFailureAsync(event(), new RuntimeException(), "H")
                .toCompletableFuture();
        assertThat(async).isCompletedExceptionally();
        assertThatThrownBy(async::join).hasCause(diskFull);
    }

    @Test
    void handleFailureAsyncDoesTheSameWorkAndCompletes() {
        ErrorPolicy policy = new ErrorPolicy(null, template(5));
        List<String> calls = new ArrayList<>();
        policy.onFailure((e, t) -> calls.add("callback"));
        CompletableFuture<Void> named = policy.handleFailureAsync(event(), new RuntimeException(), "H")
                .toCompletableFuture();
        CompletableFuture<Void> unnamed = policy.handleFailureAsync(event(), new RuntimeException())
                .toCompletableFuture();
        assertThat(named).isCompleted();
        assertThat(unnamed).isCompleted();
        assertThat(calls).hasSize(2);
        assertThat(policy.deadLetterQueue().getEntries()).extracting(DeadLetterEntry::handlerName)
                .containsExactly(null, "H");
        assertThat(policy.circuitBreakerFor("H").orElseThrow().failureCount()).isEqualTo(1);
        assertThat(policy.circuitBreaker().orElseThrow().failureCount()).isEqualTo(1);
    }

    @Test
    void handleCircuitOpenDeadLettersWithoutRestartingTheCoolDown() {
        // D4: a handler skipped because its breaker is open is dead-lettered, and the skip is not a failure.
        ErrorPolicy policy = new ErrorPolicy(null, template(1));
        List<Throwable> notified = new ArrayList<>();
        policy.onFailure((e, t) -> notified.add(t));
        policy.handleFailure(event(), new RuntimeException("real failure"), "Upload");
        assertThat(policy.canProcess("Upload")).isFalse();
        for (int second = 1; second < 10; second++) {
            now.addAndGet(Duration.ofSeconds(1).toNanos());
            policy.handleCircuitOpen(event(), "Upload");
        }
        CircuitBreaker upload = policy.circuitBreakerFor("Upload").orElseThrow();
        assertThat(upload.failureCount()).isEqualTo(1);
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(policy.canProcess("Upload")).as("probed 10 s after the real failure").isTrue();

        DeadLetterEntry skipped = policy.deadLetterQueue().getEntries(1, (String) null).get(0);
        assertThat(skipped.handlerName()).isEqualTo("Upload");
        assertThat(skipped.error()).isInstanceOf(CircuitOpenException.class);
        assertThat(((CircuitOpenException) skipped.error()).handlerName()).isEqualTo("Upload");
        assertThat(skipped.errorType()).isEqualTo("CircuitOpenException");
        assertThat(skipped.errorMessage()).isEqualTo("Circuit breaker of handler Upload is open");
        assertThat(policy.deadLetterQueue().size()).isEqualTo(10);
        assertThat(notified).hasSize(10);
        assertThatThrownBy(() -> policy.handleCircuitOpen(event(), null)).isInstanceOf(NullPointerException.class)
                .hasMessage("handlerName");
        assertThatThrownBy(() -> policy.handleCircuitOpen(null, "Upload")).isInstanceOf(NullPointerException.class)
                .hasMessage("event");
    }

    @Test
    void toStringIsThePythonRepr() {
        ErrorPolicy policy = new ErrorPolicy();
        policy.handleFailure(event(), new RuntimeException());
        assertThat(policy).hasToString("ErrorPolicy(dlq_size=1, circuit=None)");
        assertThat(new ErrorPolicy(null, new CircuitBreaker()))
                .hasToString("ErrorPolicy(dlq_size=0, circuit=CircuitBreaker(state=closed, failures=0/5))");
    }

    @Test
    @SuppressWarnings("unchecked")
    void rejectsBadInput() {
        ErrorPolicy policy = new ErrorPolicy(null, template(1));
        assertThatThrownBy(() -> policy.handleFailure(null, new RuntimeException()))
                .isInstanceOf(NullPointerException.class).hasMessage("event");
        assertThatThrownBy(() -> policy.handleFailure(event(), null, "H"))
                .isInstanceOf(NullPointerException.class).hasMessage("error");
        assertThatThrownBy(() -> policy.handleFailureAsync(null, new RuntimeException(), "H"))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> policy.circuitBreakerFor(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("handlerName");
        assertThatThrownBy(() -> policy.canProcess(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> policy.recordSuccess(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> policy.onFailure((BiConsumer<Event, Throwable>) null))
                .isInstanceOf(NullPointerException.class).hasMessage("callback");
        assertThat(policy.deadLetterQueue().isEmpty()).isTrue();
        assertThat(policy.circuitBreakers()).isEmpty();
    }

    // ---- logging -------------------------------------------------------------------------------

    /** What ErrorPolicy and InMemoryDeadLetterQueue logged (at the levels captured), by time. */
    private static List<ILoggingEvent> warningsAndErrors(LogCapture policyLog, LogCapture queueLog) {
        List<ILoggingEvent> lines = new ArrayList<>(policyLog.events());
        lines.addAll(queueLog.events());
        lines.sort(Comparator.comparing(ILoggingEvent::getInstant));
        return lines;
    }

    @Test
    void aFailureStormIsLoggedOnceWithItsStackThenSummedUpAndNothingIsLost() {
        // 10,000 permanent failures used to write 20,000 lines, 10,000 of them with a stack trace.
        InMemoryDeadLetterQueue queue = new InMemoryDeadLetterQueue(20_000);
        ErrorPolicy policy = new ErrorPolicy(queue, null, Duration.ofSeconds(10), now::get);
        IOException error = new IOException("MES unreachable");
        List<Event> events = new ArrayList<>();
        try (LogCapture policyLog = LogCapture.atLevel(ErrorPolicy.class, Level.WARN);
                LogCapture queueLog = LogCapture.atLevel(InMemoryDeadLetterQueue.class, Level.WARN)) {
            for (int i = 0; i < 10_000; i++) {
                Event event = new Event(EventType.TEST_RESULT, Map.of("i", i));
                events.add(event);
                policy.handleFailure(event, error, "uploader");
                now.addAndGet(100_000); // 10,000 a second
            }
            List<ILoggingEvent> lines = warningsAndErrors(policyLog, queueLog);
            assertThat(lines).singleElement().satisfies(line -> {
                assertThat(line.getLevel()).isEqualTo(Level.ERROR);
                assertThat(line.getFormattedMessage()).isEqualTo("Event " + events.get(0).id().substring(0, 8)
                        + " failed permanently in handler uploader: java.io.IOException: MES unreachable");
                assertThat(line.getThrowableProxy().getMessage()).isEqualTo("MES unreachable");
            });

            now.addAndGet(Duration.ofSeconds(10).toNanos());
            policy.flushLog();
            assertThat(warningsAndErrors(policyLog, queueLog)).hasSize(2).last().satisfies(line -> {
                assertThat(line.getLevel()).isEqualTo(Level.ERROR);
                assertThat(line.getThrowableProxy()).isNull();
                assertThat(line.getFormattedMessage()).isEqualTo("9999 more events dead-lettered in the last 11 s "
                        + "(handler uploader: 9999 x IOException); last: event " + events.get(9_999).id().substring(0, 8)
                        + " (handler uploader): IOException: MES unreachable");
            });
        }
        assertThat(queue.size()).isEqualTo(10_000);
        List<String> stored = new ArrayList<>();
        queue.getEntries().forEach(entry -> stored.add(entry.event().id()));
        assertThat(stored).containsExactlyInAnyOrderElementsOf(events.stream().map(Event::id).toList());
    }

    @Test
    void aStormLongerThanTheWindowWritesOneSummaryPerWindowAndTheLastCountsWithTheNextDeadLetter() {
        ErrorPolicy policy = new ErrorPolicy(new InMemoryDeadLetterQueue(20_000), null, Duration.ofSeconds(10),
                now::get);
        try (LogCapture policyLog = LogCapture.atLevel(ErrorPolicy.class, Level.WARN);
                LogCapture queueLog = LogCapture.atLevel(InMemoryDeadLetterQueue.class, Level.WARN)) {
            for (int i = 0; i < 10_000; i++) {
                policy.handleFailure(event(), new IOException("MES unreachable"), "uploader");
                now.addAndGet(2_000_000); // 500 a second, for 20 s
            }
            assertThat(warningsAndErrors(policyLog, queueLog)).extracting(ILoggingEvent::getFormattedMessage)
                    .hasSize(2).last().asString()
                    .startsWith("5000 more events dead-lettered in the last 10 s (handler uploader: 5000 x IOException)");

            // The storm is over; the next failure, 10 s later, brings the last counts and is logged in full.
            now.addAndGet(Duration.ofSeconds(10).toNanos());
            policy.handleFailure(event(), new IllegalStateException("bad reading"), "archiver");
            List<ILoggingEvent> lines = warningsAndErrors(policyLog, queueLog);
            assertThat(lines).hasSize(4);
            assertThat(lines.get(2).getFormattedMessage())
                    .startsWith("4999 more events dead-lettered in the last 20 s (handler uploader: 4999 x IOException)");
            assertThat(lines.get(3).getFormattedMessage()).contains("failed permanently in handler archiver");
            assertThat(lines).filteredOn(line -> line.getThrowableProxy() != null).hasSize(2);
        }
        assertThat(policy.deadLetterQueue().size()).isEqualTo(10_001);
    }

    @Test
    void aDeadLetterIsReportedOnceAtWarnOrErrorAndByTheQueueAtDebugOnly() {
        ErrorPolicy policy = new ErrorPolicy(null, null, Duration.ofSeconds(10), now::get);
        Event failed = event();
        Event skipped = event();
        try (LogCapture policyLog = LogCapture.of(ErrorPolicy.class);
                LogCapture queueLog = LogCapture.of(InMemoryDeadLetterQueue.class)) {
            policy.handleFailure(failed, new IOException("MES unreachable"), "uploader");
            now.addAndGet(Duration.ofSeconds(10).toNanos());
            policy.handleCircuitOpen(skipped, "uploader");

            assertThat(policyLog.events()).extracting(ILoggingEvent::getLevel).containsExactly(Level.ERROR, Level.WARN);
            assertThat(policyLog.messages(Level.WARN)).containsExactly("Event " + skipped.id().substring(0, 8)
                    + " dead-lettered for handler uploader: io.linebus.policies.CircuitOpenException: Circuit breaker"
                    + " of handler uploader is open");
            assertThat(policyLog.events().get(1).getThrowableProxy()).as("an open circuit's stack says nothing").isNull();
            assertThat(queueLog.events()).extracting(ILoggingEvent::getLevel).containsOnly(Level.DEBUG);
            assertThat(queueLog.messages(Level.DEBUG)).hasSize(2)
                    .allSatisfy(message -> assertThat(message).contains("added to dead letter queue"));
        }
    }

    @Test
    void deadLettersThatAreNotFailuresShareTheSummaryAndAFailureMakesItAnError() {
        ErrorPolicy policy = new ErrorPolicy(null, null, Duration.ofSeconds(10), now::get);
        try (LogCapture policyLog = LogCapture.atLevel(ErrorPolicy.class, Level.WARN)) {
            policy.handleCircuitOpen(event(), "uploader");
            policy.handleCircuitOpen(event(), "uploader");
            policy.deadLetter(event(), new IllegalStateException("bus stopped"), null);
            policy.handleFailure(event(), new IOException("MES unreachable"), "uploader");
            policy.flushLog();
            assertThat(policyLog.events()).hasSize(2).last().satisfies(line -> {
                assertThat(line.getLevel()).isEqualTo(Level.ERROR);
                assertThat(line.getFormattedMessage()).startsWith("3 more events dead-lettered in the last 0 ms (handler "
                        + "uploader: 1 x CircuitOpenException, 1 x IOException; no handler: 1 x IllegalStateException)");
            });
        }
        assertThat(policy.deadLetterQueue().size()).isEqualTo(4);
    }

    // ---- concurrency ---------------------------------------------------------------------------

    @Test
    void concurrentLookupsCreateOneBreakerPerHandler() throws InterruptedException {
        ErrorPolicy policy = new ErrorPolicy(null, template(3));
        Map<String, Set<CircuitBreaker>> seen = new ConcurrentHashMap<>();
        Concurrently.run(6, worker -> {
            for (int i = 0; i < 2_000; i++) {
                String name = "Handler" + (i % 10);
                CircuitBreaker breaker = policy.circuitBreakerFor(name).orElseThrow();
                seen.computeIfAbsent(name, n -> ConcurrentHashMap.newKeySet()).add(breaker);
            }
        });
        assertThat(seen).hasSize(10);
        seen.forEach((name, breakers) -> assertThat(breakers).as(name).hasSize(1)
                .containsExactly(policy.circuitBreakerFor(name).orElseThrow()));
        Map<CircuitBreaker, Boolean> distinct = new IdentityHashMap<>();
        policy.circuitBreakers().values().forEach(b -> distinct.put(b, true));
        assertThat(distinct).hasSize(10);
    }

    @Test
    void concurrentFailuresAreCountedPerHandler() throws InterruptedException {
        // D4 under load: each handler's breaker counts exactly its own failures.
        int threads = 4;
        int perThread = 300;
        ErrorPolicy policy = new ErrorPolicy(new InMemoryDeadLetterQueue(100_000), template(1_000_000));
        Concurrently.run(threads, worker -> {
            for (int i = 0; i < perThread; i++) {
                String handler = "Handler" + (i % 3);
                policy.handleFailure(event(), new RuntimeException(), handler);
                if (i % 3 == 0) {
                    policy.recordSuccess("Healthy");
                    assertThat(policy.canProcess("Healthy")).isTrue();
                }
            }
        });
        for (int h = 0; h < 3; h++) {
            assertThat(policy.circuitBreakerFor("Handler" + h).orElseThrow().failureCount())
                    .isEqualTo(threads * perThread / 3);
        }
        assertThat(policy.circuitBreakerFor("Healthy").orElseThrow().failureCount()).isZero();
        assertThat(policy.deadLetterQueue().size()).isEqualTo(threads * perThread);
        Set<String> names = new HashSet<>();
        policy.deadLetterQueue().getEntries().forEach(e -> names.add(e.handlerName()));
        assertThat(names).containsExactlyInAnyOrder("Handler0", "Handler1", "Handler2");
        assertThat(policy.circuitBreaker().orElseThrow().failureCount()).isZero();
    }

    /** A dead letter queue whose storage always fails. */
    private static final class FailingQueue implements DeadLetterQueue {
        private final RuntimeException failure;

        FailingQueue(RuntimeException failure) {
            this.failure = failure;
        }

        @Override
        public DeadLetterEntry add(Event event, Throwable error, String handlerName) {
            throw failure;
        }

        @Override
        public Optional<DeadLetterEntry> peek() {
            return Optional.empty();
        }

        @Override
        public Optional<DeadLetterEntry> pop() {
            return Optional.empty();
        }

        @Override
        public List<DeadLetterEntry> getEntries() {
            return List.of();
        }

        @Override
        public List<DeadLetterEntry> getEntries(Integer limit, String eventType) {
            return List.of();
        }

        @Override
        public boolean remove(DeadLetterEntry entry) {
            return false;
        }

        @Override
        public int clear() {
            return 0;
        }

        @Override
        public int size() {
            return 0;
        }
    }
}
