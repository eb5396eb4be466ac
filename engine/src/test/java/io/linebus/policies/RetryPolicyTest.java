package io.linebus.policies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.linebus.models.Event;
import io.linebus.models.EventType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RetryPolicyTest {

    private static final RetryConfig NO_JITTER = RetryConfig.builder().jitter(false).build();

    private static Event event() {
        return new Event(EventType.TEST_RESULT, Map.of("serial", "SN-1"));
    }

    private static Event eventWithRetryCount(int retryCount) {
        return Event.builder(EventType.TEST_RESULT).retryCount(retryCount).build();
    }

    // ---- Python TestRetryPolicy ----------------------------------------------------------------

    @Test
    void defaultConfig() {
        // Python: test_default_config
        RetryPolicy policy = new RetryPolicy();
        assertThat(policy.config().maxRetries()).isEqualTo(3);
        assertThat(policy.config().initialDelay()).isPositive();
        assertThat(policy.maxRetries()).isEqualTo(3);
        assertThat(policy.config()).isEqualTo(RetryConfig.defaults());
    }

    @Test
    void shouldRetryWithinLimit() {
        // Python: test_should_retry_within_limit
        RetryPolicy policy = new RetryPolicy(3);
        assertThat(policy.shouldRetry(event(), new IllegalArgumentException("Temporary error"))).isTrue();
    }

    @Test
    void shouldNotRetryAfterMaxRetries() {
        // Python: test_should_not_retry_after_max_retries
        RetryPolicy policy = new RetryPolicy(2);
        Event twiceRetried = event().withRetry().withRetry();
        assertThat(policy.shouldRetry(twiceRetried, new IllegalArgumentException("Temporary error"))).isFalse();
        assertThat(policy.shouldRetry(event().withRetry(), new IllegalArgumentException("x"))).isTrue();
    }

    @Test
    void getDelayIncreasesExponentially() {
        // Python: test_get_delay_increases_exponentially
        RetryPolicy policy = new RetryPolicy(3, 1.0, 60.0, 2.0, false, 0.1);
        double first = policy.getDelay(eventWithRetryCount(0));
        double second = policy.getDelay(eventWithRetryCount(1));
        assertThat(second).isGreaterThan(first);
        assertThat(first).isEqualTo(1.0);
        assertThat(second).isEqualTo(2.0);
    }

    // ---- shouldRetry's decision order, as pyWATS' ---------------------------------------------

    @Test
    void zeroMaxRetriesNeverRetries() {
        assertThat(new RetryPolicy(0).shouldRetry(event(), new RuntimeException())).isFalse();
    }

    @Test
    void retryOnRestrictsToListedTypesAndSubclasses() {
        RetryPolicy policy = new RetryPolicy().retryOn(IOException.class);
        assertThat(policy.shouldRetry(event(), new IOException("io"))).isTrue();
        assertThat(policy.shouldRetry(event(), new ConnectException("subclass"))).isTrue();
        assertThat(policy.shouldRetry(event(), new IllegalStateException("other"))).isFalse();
    }

    @Test
    void retryOnAccumulates() {
        RetryPolicy policy = new RetryPolicy().retryOn(IOException.class).retryOn(IllegalStateException.class);
        assertThat(policy.shouldRetry(event(), new IOException())).isTrue();
        assertThat(policy.shouldRetry(event(), new IllegalStateException())).isTrue();
        assertThat(policy.shouldRetry(event(), new IllegalArgumentException())).isFalse();
    }

    @Test
    void noRetryOnBeatsRetryOnForASubclass() {
        // Python: retry on ConnectionError, never on its subclass ConnectionResetError.
        RetryPolicy policy = new RetryPolicy().retryOn(SocketException.class).noRetryOn(ConnectException.class);
        assertThat(policy.shouldRetry(event(), new SocketException("reset"))).isTrue();
        assertThat(policy.shouldRetry(event(), new ConnectException("refused"))).isFalse();
    }

    @Test
    void noRetryOnAloneBlocksOnlyItsTypes() {
        RetryPolicy policy = new RetryPolicy().noRetryOn(IllegalArgumentException.class, UncheckedIOException.class);
        assertThat(policy.shouldRetry(event(), new NumberFormatException())).isFalse();
        assertThat(policy.shouldRetry(event(), new UncheckedIOException(new IOException()))).isFalse();
        assertThat(policy.shouldRetry(event(), new IllegalStateException())).isTrue();
    }

    @Test
    void retryCountIsCheckedBeforeTypesAndPredicates() {
        AtomicInteger predicateCalls = new AtomicInteger();
        RetryPolicy policy = new RetryPolicy(1).retryOn(IOException.class).addPredicate((e, t) -> {
            predicateCalls.incrementAndGet();
            return true;
        });
        assertThat(policy.shouldRetry(eventWithRetryCount(1), new IOException())).isFalse();
        assertThat(predicateCalls).hasValue(0);
    }

    @Test
    void predicatesAreNotConsultedWhenATypeFilterRefuses() {
        AtomicInteger predicateCalls = new AtomicInteger();
        RetryPolicy policy = new RetryPolicy().noRetryOn(IllegalStateException.class).addPredicate((e, t) -> {
            predicateCalls.incrementAndGet();
            return true;
        });
        assertThat(policy.shouldRetry(event(), new IllegalStateException())).isFalse();
        assertThat(predicateCalls).hasValue(0);
    }

    @Test
    void everyPredicateMustAgreeAndTheyRunInOrderUntilOneRefuses() {
        List<String> calls = new CopyOnWriteArrayList<>();
        RetryPolicy policy = new RetryPolicy()
                .addPredicate((e, t) -> calls.add("first"))
                .addPredicate((e, t) -> {
                    calls.add("second");
                    return !(t instanceof IllegalStateException);
                })
                .addPredicate((e, t) -> calls.add("third"));
        assertThat(policy.shouldRetry(event(), new RuntimeException())).isTrue();
        assertThat(calls).containsExactly("first", "second", "third");
        calls.clear();
        assertThat(policy.shouldRetry(event(), new IllegalStateException())).isFalse();
        assertThat(calls).containsExactly("first", "second");
    }

    @Test
    void predicateSeesTheEventAndTheError() {
        Event event = event();
        RuntimeException error = new RuntimeException("boom");
        List<Object> seen = new ArrayList<>();
        new RetryPolicy().addPredicate((e, t) -> seen.add(e) && seen.add(t)).shouldRetry(event, error);
        assertThat(seen).containsExactly(event, error);
    }

    @Test
    void aThrowingPredicateMeansNoRetry() {
        AtomicInteger laterCalls = new AtomicInteger();
        RetryPolicy policy = new RetryPolicy()
                .addPredicate((e, t) -> {
                    throw new IllegalStateException("predicate bug");
                })
                .addPredicate((e, t) -> laterCalls.incrementAndGet() > 0);
        Logger logger = (Logger) LoggerFactory.getLogger(RetryPolicy.class);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        logger.addAppender(logs);
        try {
            assertThat(policy.shouldRetry(event(), new RuntimeException())).isFalse();
        } finally {
            logger.detachAppender(logs);
        }
        assertThat(laterCalls).hasValue(0);
        assertThat(logs.list).singleElement().satisfies(log -> {
            assertThat(log.getLevel()).isEqualTo(Level.WARN);
            assertThat(log.getFormattedMessage()).contains("Retry predicate failed");
            assertThat(log.getThrowableProxy().getMessage()).isEqualTo("predicate bug");
        });
    }

    @Test
    void aPredicateThrowingAnAssertionErrorAlsoMeansNoRetry() {
        RetryPolicy policy = new RetryPolicy().addPredicate((e, t) -> {
            throw new AssertionError("bug");
        });
        assertThat(policy.shouldRetry(event(), new RuntimeException())).isFalse();
    }

    @Test
    void aVirtualMachineErrorInAPredicatePropagates() {
        RetryPolicy policy = new RetryPolicy().addPredicate((e, t) -> {
            throw new OutOfMemoryError("simulated");
        });
        assertThatThrownBy(() -> policy.shouldRetry(event(), new RuntimeException()))
                .isInstanceOf(OutOfMemoryError.class);
    }

    // ---- getDelay --------------------------------------------------------------------------------

    @Test
    void delaysWithoutJitterDoubleUpToTheCap() {
        RetryPolicy policy = new RetryPolicy(NO_JITTER);
        double[] expected = {1, 2, 4, 8, 16, 32, 60, 60};
        for (int attempt = 0; attempt < expected.length; attempt++) {
            assertThat(policy.getDelay(eventWithRetryCount(attempt))).as("attempt %d", attempt)
                    .isEqualTo(expected[attempt]);
        }
        assertThat(policy.getDelay(eventWithRetryCount(10_000))).isEqualTo(60.0);
        assertThat(policy.getDelay(eventWithRetryCount(Integer.MAX_VALUE))).isEqualTo(60.0);
    }

    @Test
    void delayWithZeroInitialDelayIsZeroForEveryAttempt() {
        RetryPolicy policy = new RetryPolicy(RetryConfig.builder().initialDelay(0.0).build());
        assertThat(policy.getDelay(eventWithRetryCount(0))).isZero();
        assertThat(policy.getDelay(eventWithRetryCount(5_000))).isZero();
    }

    @Test
    void exponentialBaseOneKeepsTheDelayConstant() {
        RetryPolicy policy = new RetryPolicy(RetryConfig.builder().exponentialBase(1.0).initialDelay(3.0)
                .jitter(false).build());
        assertThat(policy.getDelay(eventWithRetryCount(0))).isEqualTo(3.0);
        assertThat(policy.getDelay(eventWithRetryCount(50))).isEqualTo(3.0);
    }

    @Test
    void jitterSpansPlusMinusTheFactor() {
        RetryConfig config = RetryConfig.defaults();
        assertThat(new RetryPolicy(config, () -> 0.0).getDelay(eventWithRetryCount(0))).isCloseTo(0.9, within(1e-12));
        assertThat(new RetryPolicy(config, () -> 0.5).getDelay(eventWithRetryCount(0))).isCloseTo(1.0, within(1e-12));
        assertThat(new RetryPolicy(config, () -> 1.0).getDelay(eventWithRetryCount(0))).isCloseTo(1.1, within(1e-12));
        assertThat(new RetryPolicy(config, () -> 0.0).getDelay(eventWithRetryCount(3))).isCloseTo(7.2, within(1e-12));
    }

    @Test
    void jitterNeverPushesTheDelayAboveMaxDelay() {
        // D12: Python adds jitter after the cap and reaches 66 s with the defaults.
        RetryPolicy highest = new RetryPolicy(RetryConfig.defaults(), () -> 1.0);
        assertThat(highest.getDelay(eventWithRetryCount(6))).isEqualTo(60.0);
        assertThat(highest.getDelay(eventWithRetryCount(20))).isEqualTo(60.0);
        assertThat(new RetryPolicy(RetryConfig.defaults(), () -> 0.0).getDelay(eventWithRetryCount(20)))
                .isCloseTo(54.0, within(1e-9));
    }

    @Test
    void seededJitterStaysWithinZeroAndMaxDelay() {
        // D12
        RetryConfig config = RetryConfig.builder().jitterFactor(1.0).maxDelay(30.0).build();
        RetryPolicy policy = new RetryPolicy(config, new Random(20_240_115L)::nextDouble);
        boolean sawBelowCap = false;
        for (int attempt = 0; attempt < 12; attempt++) {
            Event event = eventWithRetryCount(attempt);
            double nominal = Math.min(Math.pow(2, attempt), 30.0);
            for (int sample = 0; sample < 500; sample++) {
                double delay = policy.getDelay(event);
                assertThat(delay).isBetween(0.0, 30.0).isLessThanOrEqualTo(2 * nominal);
                sawBelowCap |= attempt >= 5 && delay < 30.0;
            }
        }
        assertThat(sawBelowCap).as("jitter still spreads delays at the cap").isTrue();
    }

    @Test
    void anOutOfRangeJitterSourceIsReported() {
        RetryPolicy policy = new RetryPolicy(RetryConfig.defaults(), () -> 1.5);
        assertThatThrownBy(() -> policy.getDelay(event())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("[0, 1]").hasMessageContaining("1.5");
    }

    @Test
    void jitterSourceIsNotUsedWithoutJitter() {
        AtomicInteger calls = new AtomicInteger();
        new RetryPolicy(NO_JITTER, () -> calls.incrementAndGet() * 0.0).getDelay(event());
        assertThat(calls).hasValue(0);
    }

    @Test
    void getDelayDurationMatchesGetDelay() {
        RetryPolicy policy = new RetryPolicy(RetryConfig.builder().initialDelay(0.25).jitter(false).build());
        assertThat(policy.getDelayDuration(eventWithRetryCount(0))).isEqualTo(Duration.ofMillis(250));
        assertThat(policy.getDelayDuration(eventWithRetryCount(2))).isEqualTo(Duration.ofSeconds(1));
        assertThat(new RetryPolicy(NO_JITTER).getDelayDuration(eventWithRetryCount(99))).isEqualTo(Duration.ofMinutes(1));
    }

    // ---- waiting -------------------------------------------------------------------------------

    @Test
    void waitSyncReturnsAfterAZeroDelay() throws InterruptedException {
        new ImmediateRetryPolicy().waitSync(event());
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void waitSyncIsInterruptible() {
        RetryPolicy policy = new RetryPolicy(NO_JITTER);
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> policy.waitSync(eventWithRetryCount(5))).isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).isFalse();
    }

    @Test
    void waitAsyncSchedulesTheDelayAndCompletes() throws Exception {
        RecordingScheduler scheduler = new RecordingScheduler();
        try {
            RetryPolicy policy = new RetryPolicy(RetryConfig.builder().initialDelay(0.005).jitter(false).build());
            CompletableFuture<Void> done = policy.waitAsync(eventWithRetryCount(1), scheduler).toCompletableFuture();
            assertThat(scheduler.delaysNanos).containsExactly(10_000_000L);
            done.get(10, TimeUnit.SECONDS);
            assertThat(done).isCompleted();
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void waitAsyncWithZeroDelayIsAlreadyComplete() {
        RecordingScheduler scheduler = new RecordingScheduler();
        try {
            assertThat(new ImmediateRetryPolicy().waitAsync(event(), scheduler).toCompletableFuture()).isCompleted();
            assertThat(scheduler.delaysNanos).isEmpty();
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void cancellingWaitAsyncCancelsTheWakeUp() {
        RecordingScheduler scheduler = new RecordingScheduler();
        scheduler.setRemoveOnCancelPolicy(true);
        try {
            CompletableFuture<Void> done = new RetryPolicy(NO_JITTER).waitAsync(eventWithRetryCount(5), scheduler)
                    .toCompletableFuture();
            assertThat(scheduler.getQueue()).hasSize(1);
            done.cancel(false);
            assertThat(scheduler.getQueue()).isEmpty();
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void waitAsyncOnAShutDownSchedulerFailsTheStage() {
        RecordingScheduler scheduler = new RecordingScheduler();
        scheduler.shutdown();
        CompletableFuture<Void> done = new RetryPolicy(NO_JITTER).waitAsync(event(), scheduler).toCompletableFuture();
        assertThat(done).isCompletedExceptionally();
        assertThatThrownBy(done::join).hasCauseInstanceOf(RejectedExecutionException.class);
    }

    /** Records each delay it is asked for. */
    private static final class RecordingScheduler extends ScheduledThreadPoolExecutor {
        final List<Long> delaysNanos = new CopyOnWriteArrayList<>();

        RecordingScheduler() {
            super(1);
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            delaysNanos.add(unit.toNanos(delay));
            return super.schedule(command, delay, unit);
        }
    }

    // ---- subclasses ----------------------------------------------------------------------------

    @Test
    void noRetryPolicyNeverRetries() {
        NoRetryPolicy policy = new NoRetryPolicy();
        assertThat(policy.maxRetries()).isZero();
        AtomicInteger predicateCalls = new AtomicInteger();
        policy.retryOn(RuntimeException.class).addPredicate((e, t) -> predicateCalls.incrementAndGet() > 0);
        assertThat(policy.shouldRetry(event(), new RuntimeException())).isFalse();
        assertThat(predicateCalls).hasValue(0);
        assertThat(policy).isInstanceOf(RetryPolicy.class);
    }

    @Test
    void immediateRetryPolicyNeverWaits() {
        ImmediateRetryPolicy policy = new ImmediateRetryPolicy();
        assertThat(policy.maxRetries()).isEqualTo(3);
        assertThat(policy.config()).isEqualTo(new RetryConfig(3, 0.0, 60.0, 2.0, false, 0.1));
        for (int attempt = 0; attempt < 10; attempt++) {
            assertThat(policy.getDelay(eventWithRetryCount(attempt))).isZero();
        }
        assertThat(policy.getDelayDuration(eventWithRetryCount(3))).isEqualTo(Duration.ZERO);
        assertThat(new ImmediateRetryPolicy(7).maxRetries()).isEqualTo(7);
    }

    @Test
    void immediateRetryPolicyKeepsTheRetryDecision() {
        ImmediateRetryPolicy policy = new ImmediateRetryPolicy(2);
        policy.noRetryOn(IllegalArgumentException.class);
        assertThat(policy.shouldRetry(event(), new IllegalStateException())).isTrue();
        assertThat(policy.shouldRetry(event(), new IllegalArgumentException())).isFalse();
        assertThat(policy.shouldRetry(eventWithRetryCount(2), new IllegalStateException())).isFalse();
    }

    // ---- misc, bad input -----------------------------------------------------------------------

    @Test
    void constructorsBuildTheExpectedConfig() {
        assertThat(new RetryPolicy(5).config()).isEqualTo(RetryConfig.defaults().toBuilder().maxRetries(5).build());
        assertThat(new RetryPolicy(1, 0.5, 5.0, 3.0, false, 0.2).config())
                .isEqualTo(new RetryConfig(1, 0.5, 5.0, 3.0, false, 0.2));
    }

    @Test
    void toStringIsThePythonRepr() {
        assertThat(new RetryPolicy()).hasToString("RetryPolicy(max_retries=3, initial_delay=1.0, max_delay=60.0)");
    }

    @Test
    @SuppressWarnings("unchecked")
    void rejectsBadInput() {
        RetryPolicy policy = new RetryPolicy();
        assertThatThrownBy(() -> new RetryPolicy(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy((RetryConfig) null)).isInstanceOf(NullPointerException.class)
                .hasMessage("config");
        assertThatThrownBy(() -> new RetryPolicy(RetryConfig.defaults(), null))
                .isInstanceOf(NullPointerException.class).hasMessage("uniform01");
        assertThatThrownBy(() -> new ImmediateRetryPolicy(-2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(policy::retryOn).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one");
        assertThatThrownBy(policy::noRetryOn).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> policy.retryOn(IOException.class, null)).isInstanceOf(NullPointerException.class)
                .hasMessage("types[1]");
        assertThatThrownBy(() -> policy.retryOn((Class<? extends Throwable>[]) null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> policy.addPredicate((BiPredicate<Event, Throwable>) null))
                .isInstanceOf(NullPointerException.class).hasMessage("predicate");
        assertThatThrownBy(() -> policy.shouldRetry(null, new RuntimeException()))
                .isInstanceOf(NullPointerException.class).hasMessage("event");
        assertThatThrownBy(() -> policy.shouldRetry(event(), null))
                .isInstanceOf(NullPointerException.class).hasMessage("error");
        assertThatThrownBy(() -> new NoRetryPolicy().shouldRetry(event(), null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> policy.getDelay(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new ImmediateRetryPolicy().getDelay(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> policy.waitAsync(event(), null)).isInstanceOf(NullPointerException.class)
                .hasMessage("scheduler");
        // the retry-on type set was left untouched by the rejected calls
        assertThat(policy.shouldRetry(event(), new IllegalStateException())).isTrue();
    }

    // ---- concurrency ---------------------------------------------------------------------------

    @Test
    void filtersCanBeAddedWhileOtherThreadsDecide() throws InterruptedException {
        RetryPolicy policy = new RetryPolicy(RetryConfig.defaults(), new Random(7)::nextDouble);
        Concurrently.run(4, worker -> {
            if (worker == 0) {
                for (int n = 0; n < 200; n++) {
                    policy.retryOn(IllegalStateException.class, IOException.class);
                    policy.noRetryOn(NumberFormatException.class);
                    policy.addPredicate((e, t) -> true);
                }
                return;
            }
            for (int n = 0; n < 20_000; n++) {
                policy.shouldRetry(eventWithRetryCount(n % 4), new IllegalStateException());
                assertThat(policy.getDelay(eventWithRetryCount(n % 10))).isBetween(0.0, 60.0);
            }
        });
        assertThat(policy.shouldRetry(event(), new IllegalStateException())).isTrue();
        assertThat(policy.shouldRetry(event(), new NumberFormatException())).isFalse();
        assertThat(policy.shouldRetry(event(), new IllegalArgumentException())).isFalse();
    }
}
