package io.linebus.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.linebus.models.EventType;
import io.linebus.policies.DeadLetterEntry;
import io.linebus.policies.RetryPolicy;
import io.linebus.testing.RecordingHandler;
import io.linebus.testing.SampleEvents;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

/** Retries wait in a bounded place: a failure storm cannot fill memory, and nothing is dropped. */
class AsyncEventBusRetryCapacityTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void aRetryBeyondTheCapacityIsDeadLetteredWithTheReasonAndCounted() throws Exception {
        RecordingHandler failing = new RecordingHandler("failing", EventType.TEST_RESULT).failAlways();
        AsyncEventBus bus = AsyncEventBus.builder().name("retry-capacity").retryCapacity(2)
                .retryPolicy(new RetryPolicy(5, 60.0, 60.0, 2.0, false, 0.0)).build();
        bus.registerHandler(failing);
        bus.start();
        try {
            for (long seq = 0; seq < 3; seq++) {
                bus.publish(SampleEvents.testResult("u" + seq, seq));
            }
            await().atMost(WAIT).until(() -> bus.deadLetterQueue().size() == 1);

            assertThat(bus.pendingRetries()).isEqualTo(2);
            assertThat(bus.retriesOverflowed()).isEqualTo(1);
            DeadLetterEntry overflow = bus.deadLetterQueue().getEntries().get(0);
            assertThat(overflow.error()).isInstanceOf(RejectedExecutionException.class)
                    .hasMessageContaining("2 retries waiting already");
            assertThat(overflow.handlerName()).isEqualTo("failing");
            assertThat(bus.pendingWork()).isEqualTo(2);
        } finally {
            bus.stop(Duration.ofSeconds(1));
        }
        // The two that waited are dead-lettered by the stop: three events, three dead letters.
        assertThat(bus.deadLetterQueue().getEntries()).hasSize(3);
        assertThat(bus.pendingRetries()).isZero();
        assertThat(bus.pendingWork()).isZero();
    }
}
