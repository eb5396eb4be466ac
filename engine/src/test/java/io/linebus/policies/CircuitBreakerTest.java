package io.linebus.policies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    /** A fake monotonic clock, advanced by hand. */
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private CircuitBreaker breaker(int failureThreshold, int successThreshold, Duration resetTimeout,
            int halfOpenMaxCalls) {
        return new CircuitBreaker(failureThreshold, successThreshold, resetTimeout, halfOpenMaxCalls, now::get);
    }

    private void advance(Duration duration) {
        now.addAndGet(duration.toNanos());
    }

    /** A breaker opened by one failure, with a 10 s cool-down. */
    private CircuitBreaker openBreaker(int successThreshold, int halfOpenMaxCalls) {
        CircuitBreaker breaker = breaker(1, successThreshold, Duration.ofSeconds(10), halfOpenMaxCalls);
        breaker.recordFailure();
        assertThat(breaker.isOpen()).isTrue();
        return breaker;
    }

    // ---- Python TestCircuitBreaker -------------------------------------------------------------

    @Test
    void startsClosed() {
        // Python: test_starts_closed
        assertThat(new CircuitBreaker().isClosed()).isTrue();
    }

    @Test
    void opensAfterFailures() {
        // Python: test_opens_after_failures
        CircuitBreaker breaker = breaker(2, 2, Duration.ofSeconds(1), 3);
        breaker.recordFailure();
        assertThat(breaker.isClosed()).isTrue();
        breaker.recordFailure();
        assertThat(breaker.isOpen()).isTrue();
    }

    @Test
    void allowsCallWhenClosed() {
        // Python: test_allows_call_when_closed
        assertThat(new CircuitBreaker().canProceed()).isTrue();
    }

    @Test
    void blocksCallWhenOpen() {
        // Python: test_blocks_call_when_open
        CircuitBreaker breaker = new CircuitBreaker(1, 1, Duration.ofSeconds(30), 3);
        breaker.recordFailure();
        assertThat(breaker.canProceed()).isFalse();
    }

    @Test
    void transitionsToHalfOpen() {
        // Python: test_transitions_to_half_open (a fake clock instead of a 100 ms sleep)
        CircuitBreaker breaker = breaker(1, 2, Duration.ofMillis(50), 3);
        breaker.recordFailure();
        assertThat(breaker.isOpen()).isTrue();
        advance(Duration.ofMillis(100));
        assertThat(breaker.state()).isEqualTo(CircuitState.HALF_OPEN);
        assertThat(breaker.canProceed()).isTrue();
    }

    @Test
    void closesOnSuccessFromHalfOpen() {
        // Python: test_closes_on_success_from_half_open
        CircuitBreaker breaker = breaker(1, 1, Duration.ofMillis(10), 3);
        breaker.recordFailure();
        advance(Duration.ofMillis(20));
        assertThat(breaker.state()).isEqualTo(CircuitState.HALF_OPEN);
        breaker.recordSuccess();
        assertThat(breaker.isClosed()).isTrue();
    }

    // ---- pyWATS' breaker rules ------------------------------------------------------------------

    @Test
    void defaultsAreThePythonOnes() {
        CircuitBreaker breaker = new CircuitBreaker();
        assertThat(breaker.failureThreshold()).isEqualTo(5);
        assertThat(breaker.successThreshold()).isEqualTo(2);
        assertThat(breaker.resetTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(breaker.halfOpenMaxCalls()).isEqualTo(3);
        assertThat(breaker.failureCount()).isZero();
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void thresholdCountsConsecutiveFailuresOnly() {
        CircuitBreaker breaker = breaker(3, 1, Duration.ofSeconds(5), 1);
        breaker.recordFailure();
        breaker.recordFailure();
        assertThat(breaker.failureCount()).isEqualTo(2);
        breaker.recordSuccess();
        assertThat(breaker.failureCount()).isZero();
        breaker.recordFailure();
        breaker.recordFailure();
        assertThat(breaker.isClosed()).isTrue();
        breaker.recordFailure();
        assertThat(breaker.isOpen()).isTrue();
        assertThat(breaker.failureCount()).isEqualTo(3);
    }

    @Test
    void staysOpenUntilTheResetTimeoutHasPassed() {
        CircuitBreaker breaker = openBreaker(1, 1);
        advance(Duration.ofSeconds(10).minusNanos(1));
        assertThat(breaker.isOpen()).isTrue();
        assertThat(breaker.canProceed()).isFalse();
        advance(Duration.ofNanos(1));
        assertThat(breaker.isHalfOpen()).isTrue();
    }

    @Test
    void halfOpenGrantsAtMostHalfOpenMaxCallsTrials() {
        CircuitBreaker breaker = openBreaker(2, 3);
        advance(Duration.ofSeconds(10));
        assertThat(breaker.canProceed()).isTrue();
        assertThat(breaker.canProceed()).isTrue();
        assertThat(breaker.canProceed()).isTrue();
        assertThat(breaker.canProceed()).isFalse();
        assertThat(breaker.isHalfOpen()).isTrue();
    }

    @Test
    void readingTheStateDoesNotTakeATrialSlotButCanProceedDoes() {
        // D11 (d): asking canProceed in HALF_OPEN takes a trial slot; state() and isX() do not.
        CircuitBreaker breaker = openBreaker(1, 1);
        advance(Duration.ofSeconds(10));
        for (int i = 0; i < 5; i++) {
            assertThat(breaker.state()).isEqualTo(CircuitState.HALF_OPEN);
            assertThat(breaker.isOpen()).isFalse();
        }
        assertThat(breaker.canProceed()).isTrue();
        assertThat(breaker.canProceed()).isFalse();
    }

    @Test
    void closesAfterSuccessThresholdSuccessesAndClearsTheCounts() {
        CircuitBreaker breaker = openBreaker(2, 3);
        advance(Duration.ofSeconds(10));
        assertThat(breaker.canProceed()).isTrue();
        breaker.recordSuccess();
        assertThat(breaker.isHalfOpen()).isTrue();
        assertThat(breaker.canProceed()).isTrue();
        breaker.recordSuccess();
        assertThat(breaker.isClosed()).isTrue();
        assertThat(breaker.failureCount()).isZero();
        assertThat(breaker.canProceed()).isTrue();
    }

    @Test
    void anyHalfOpenFailureReopensAndRestartsTheCoolDown() {
        CircuitBreaker breaker = openBreaker(2, 3);
        advance(Duration.ofSeconds(10));
        assertThat(breaker.canProceed()).isTrue();
        breaker.recordSuccess();
        assertThat(breaker.canProceed()).isTrue();
        advance(Duration.ofSeconds(3));
        breaker.recordFailure();
        assertThat(breaker.isOpen()).isTrue();
        assertThat(breaker.failureCount()).as("not cleared by OPEN -> HALF_OPEN").isEqualTo(2);
        advance(Duration.ofSeconds(9));
        assertThat(breaker.isOpen()).isTrue();
        advance(Duration.ofSeconds(1));
        assertThat(breaker.isHalfOpen()).isTrue();
        assertThat(breaker.canProceed()).as("a new half-open round has fresh slots").isTrue();
    }

    @Test
    void aFailingTrialReopensEvenWhenEverySlotIsTaken() {
        CircuitBreaker breaker = openBreaker(2, 2);
        advance(Duration.ofSeconds(10));
        assertThat(breaker.canProceed()).isTrue();
        assertThat(breaker.canProceed()).isTrue();
        assertThat(breaker.canProceed()).isFalse();
        breaker.recordSuccess();
        breaker.recordFailure();
        assertThat(breaker.isOpen()).isTrue();
    }

    @Test
    void failuresWhileOpenRestartTheCoolDown() {
        // D11 (c): documented, kept from Python.
        CircuitBreaker breaker = openBreaker(1, 1);
        advance(Duration.ofSeconds(8));
        breaker.recordFailure();
        advance(Duration.ofSeconds(8));
        assertThat(breaker.isOpen()).isTrue();
        assertThat(breaker.failureCount()).isEqualTo(2);
        advance(Duration.ofSeconds(2));
        assertThat(breaker.isHalfOpen()).isTrue();
    }

    @Test
    void successWhileOpenIsIgnored() {
        CircuitBreaker breaker = openBreaker(1, 1);
        breaker.recordSuccess();
        assertThat(breaker.isOpen()).isTrue();
        assertThat(breaker.failureCount()).isEqualTo(1);
    }

    @Test
    void resetClosesFromEveryState() {
        CircuitBreaker open = openBreaker(1, 1);
        open.reset();
        assertThat(open.isClosed()).isTrue();
        assertThat(open.failureCount()).isZero();

        CircuitBreaker halfOpen = openBreaker(1, 1);
        advance(Duration.ofSeconds(10));
        assertThat(halfOpen.canProceed()).isTrue();
        halfOpen.reset();
        assertThat(halfOpen.isClosed()).isTrue();
        assertThat(halfOpen.canProceed()).isTrue();
    }

    // ---- D11 -----------------------------------------------------------------------------------

    @Test
    void aSuccessAfterTheResetTimeoutCountsWithoutAnyoneReadingTheState() {
        // D11 (b): Python ignores this success because nobody read the state first.
        CircuitBreaker breaker = breaker(1, 1, Duration.ofSeconds(10), 1);
        breaker.recordFailure();
        advance(Duration.ofSeconds(11));
        breaker.recordSuccess();
        assertThat(breaker.isClosed()).isTrue();
    }

    @Test
    void aFailureAfterTheResetTimeoutReopensForAFullCoolDown() {
        CircuitBreaker breaker = breaker(1, 1, Duration.ofSeconds(10), 1);
        breaker.recordFailure();
        advance(Duration.ofSeconds(11));
        breaker.recordFailure();
        assertThat(breaker.isOpen()).isTrue();
        advance(Duration.ofSeconds(10));
        assertThat(breaker.isHalfOpen()).isTrue();
    }

    @Test
    void successThresholdAboveHalfOpenMaxCallsIsRejected() {
        // D11 (a): Python accepts 4 > 3 and then blocks forever in HALF_OPEN.
        assertThatThrownBy(() -> new CircuitBreaker(5, 4, Duration.ofSeconds(30), 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("successThreshold (4) must be <= halfOpenMaxCalls (3)");
    }

    @Test
    void halfOpenTrialsThatNeverReportReopenTheCircuitInsteadOfBlockingForever() {
        // D11 (a): every slot taken, no outcome recorded.
        CircuitBreaker breaker = openBreaker(2, 2);
        advance(Duration.ofSeconds(10));
        assertThat(breaker.canProceed()).isTrue();
        assertThat(breaker.canProceed()).isTrue();
        advance(Duration.ofSeconds(9));
        assertThat(breaker.canProceed()).isFalse();
        assertThat(breaker.isHalfOpen()).as("trials still have time to report").isTrue();
        advance(Duration.ofSeconds(1));
        assertThat(breaker.isOpen()).as("the silent round counts as failed").isTrue();
        assertThat(breaker.canProceed()).isFalse();
        advance(Duration.ofSeconds(10));
        assertThat(breaker.isHalfOpen()).isTrue();
        assertThat(breaker.canProceed()).isTrue();
        breaker.recordSuccess();
        assertThat(breaker.canProceed()).isTrue();
        breaker.recordSuccess();
        assertThat(breaker.isClosed()).isTrue();
    }

    @Test
    void aSilentHalfOpenRoundLongAgoIsReplayedInOneRead() {
        // D11 (a): the expiry and the next cool-down are evaluated lazily but as if on time.
        CircuitBreaker breaker = openBreaker(1, 1);
        advance(Duration.ofSeconds(10));
        assertThat(breaker.canProceed()).isTrue();
        advance(Duration.ofSeconds(25));
        assertThat(breaker.isHalfOpen()).isTrue();
        assertThat(breaker.canProceed()).isTrue();
    }

    @Test
    void aSilentRoundWithFreeSlotsStaysHalfOpen() {
        CircuitBreaker breaker = openBreaker(1, 2);
        advance(Duration.ofSeconds(10));
        assertThat(breaker.canProceed()).isTrue();
        advance(Duration.ofHours(1));
        assertThat(breaker.isHalfOpen()).isTrue();
        assertThat(breaker.canProceed()).isTrue();
    }

    @Test
    void newInstanceIsAFreshBreakerWithTheSameSettingsAndClock() {
        CircuitBreaker template = breaker(1, 2, Duration.ofSeconds(10), 4);
        template.recordFailure();
        CircuitBreaker fresh = template.newInstance();
        assertThat(fresh).isNotSameAs(template);
        assertThat(fresh.isClosed()).isTrue();
        assertThat(fresh.failureCount()).isZero();
        assertThat(fresh.failureThreshold()).isEqualTo(1);
        assertThat(fresh.successThreshold()).isEqualTo(2);
        assertThat(fresh.resetTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(fresh.halfOpenMaxCalls()).isEqualTo(4);
        fresh.recordFailure();
        advance(Duration.ofSeconds(10));
        assertThat(fresh.isHalfOpen()).as("uses the injected clock").isTrue();
        assertThat(template.isHalfOpen()).isTrue();
    }

    @Test
    void toStringIsThePythonRepr() {
        CircuitBreaker breaker = breaker(3, 1, Duration.ofSeconds(1), 1);
        assertThat(breaker).hasToString("CircuitBreaker(state=closed, failures=0/3)");
        breaker.recordFailure();
        breaker.recordFailure();
        breaker.recordFailure();
        assertThat(breaker).hasToString("CircuitBreaker(state=open, failures=3/3)");
        advance(Duration.ofSeconds(1));
        assertThat(breaker).hasToString("CircuitBreaker(state=half_open, failures=3/3)");
    }

    @Test
    void aHugeResetTimeoutNeverExpires() {
        CircuitBreaker breaker = new CircuitBreaker(1, 1, Duration.ofSeconds(Long.MAX_VALUE), 1, now::get);
        breaker.recordFailure();
        advance(Duration.ofDays(365 * 100));
        assertThat(breaker.isOpen()).isTrue();
    }

    @Test
    void rejectsBadConfiguration() {
        Duration timeout = Duration.ofSeconds(1);
        assertThatThrownBy(() -> new CircuitBreaker(0, 1, timeout, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("failureThreshold must be >= 1, got 0");
        assertThatThrownBy(() -> new CircuitBreaker(1, 0, timeout, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("successThreshold must be >= 1, got 0");
        assertThatThrownBy(() -> new CircuitBreaker(1, 1, timeout, -3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("halfOpenMaxCalls must be >= 1, got -3");
        assertThatThrownBy(() -> new CircuitBreaker(1, 1, Duration.ZERO, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("resetTimeout must be positive");
        assertThatThrownBy(() -> new CircuitBreaker(1, 1, Duration.ofMillis(-5), 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CircuitBreaker(1, 1, null, 1)).isInstanceOf(NullPointerException.class)
                .hasMessage("resetTimeout");
        assertThatThrownBy(() -> new CircuitBreaker(1, 1, timeout, 1, null)).isInstanceOf(NullPointerException.class)
                .hasMessage("nanoClock");
    }

    // ---- CircuitState --------------------------------------------------------------------------

    @Test
    void circuitStateValues() {
        assertThat(CircuitState.CLOSED.value()).isEqualTo("closed");
        assertThat(CircuitState.OPEN.value()).isEqualTo("open");
        assertThat(CircuitState.HALF_OPEN.value()).isEqualTo("half_open");
        for (CircuitState state : CircuitState.values()) {
            assertThat(CircuitState.fromValue(state.value())).isSameAs(state);
        }
        assertThatThrownBy(() -> CircuitState.fromValue("HALF_OPEN")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown circuit state: HALF_OPEN");
        assertThatThrownBy(() -> CircuitState.fromValue(null)).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- concurrency ---------------------------------------------------------------------------

    @Test
    void concurrentFailuresAreAllCounted() throws InterruptedException {
        int threads = 4;
        int perThread = 250;
        CircuitBreaker exactlyAtThreshold = breaker(threads * perThread, 1, Duration.ofSeconds(1), 1);
        CircuitBreaker oneBelowThreshold = breaker(threads * perThread + 1, 1, Duration.ofSeconds(1), 1);
        Concurrently.run(threads, worker -> {
            for (int i = 0; i < perThread; i++) {
                exactlyAtThreshold.recordFailure();
                oneBelowThreshold.recordFailure();
            }
        });
        assertThat(exactlyAtThreshold.isOpen()).isTrue();
        assertThat(exactlyAtThreshold.failureCount()).isEqualTo(threads * perThread);
        assertThat(oneBelowThreshold.isClosed()).isTrue();
        assertThat(oneBelowThreshold.failureCount()).isEqualTo(threads * perThread);
    }

    @Test
    void concurrentCanProceedGrantsExactlyTheHalfOpenSlots() throws InterruptedException {
        CircuitBreaker breaker = breaker(1, 3, Duration.ofSeconds(1), 7);
        breaker.recordFailure();
        advance(Duration.ofSeconds(1));
        AtomicInteger granted = new AtomicInteger();
        Concurrently.run(6, worker -> {
            for (int i = 0; i < 1_000; i++) {
                if (breaker.canProceed()) {
                    granted.incrementAndGet();
                }
            }
        });
        assertThat(granted).hasValue(7);
        assertThat(breaker.isHalfOpen()).isTrue();
    }

    @Test
    void mixedConcurrentOperationsKeepTheBreakerConsistent() throws InterruptedException {
        CircuitBreaker breaker = breaker(3, 2, Duration.ofMillis(5), 3);
        Concurrently.run(4, worker -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int i = 0; i < 20_000; i++) {
                switch (random.nextInt(5)) {
                    case 0 -> breaker.recordFailure();
                    case 1 -> breaker.recordSuccess();
                    case 2 -> breaker.canProceed();
                    case 3 -> advance(Duration.ofMillis(1));
                    default -> assertConsistent(breaker);
                }
            }
        });
        assertConsistent(breaker);
        breaker.reset();
        assertThat(breaker.isClosed()).isTrue();
        assertThat(breaker.failureCount()).isZero();
    }

    private static void assertConsistent(CircuitBreaker breaker) {
        synchronized (breaker) {
            CircuitState state = breaker.state();
            int failures = breaker.failureCount();
            if (state == CircuitState.CLOSED) {
                assertThat(failures).isLessThan(breaker.failureThreshold());
            } else {
                assertThat(failures).isPositive();
            }
            // the state may move on with the clock meanwhile, the failure count may not
            assertThat(breaker.toString()).contains("failures=" + failures + "/");
        }
    }
}
