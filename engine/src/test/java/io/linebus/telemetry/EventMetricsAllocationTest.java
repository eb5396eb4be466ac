package io.linebus.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.linebus.models.EventType;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The per-event API the buses call must not allocate in steady state. Counts bytes allocated by
 * this thread (an allocation count, not a timing).
 */
class EventMetricsAllocationTest {
    private static final int CALLS = 100_000;

    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void recordProcessedDoesNotAllocate() {
        assumeTrue(threads.isCurrentThreadCpuTimeSupported() && threads.isThreadAllocatedMemorySupported());
        threads.setThreadAllocatedMemoryEnabled(true);
        EventMetrics metrics = new EventMetrics();
        recordProcessed(metrics);

        long before = threads.getCurrentThreadAllocatedBytes();
        recordProcessed(metrics);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat((double) allocated / CALLS).as("bytes per call (%d in all)", allocated).isLessThan(1.0);
        assertThat(metrics.totalEvents()).isEqualTo(2L * CALLS);
    }

    @Test
    void retryAndDeadLetterCountsDoNotAllocate() {
        assumeTrue(threads.isThreadAllocatedMemorySupported());
        threads.setThreadAllocatedMemoryEnabled(true);
        EventMetrics metrics = new EventMetrics();
        recordRetriesAndDeadLetters(metrics);

        long before = threads.getCurrentThreadAllocatedBytes();
        recordRetriesAndDeadLetters(metrics);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat((double) allocated / CALLS).as("bytes per call (%d in all)", allocated).isLessThan(1.0);
        assertThat(metrics.totalRetries()).isEqualTo(2L * CALLS);
    }

    private static void recordProcessed(EventMetrics metrics) {
        for (int i = 0; i < CALLS; i++) {
            EventType type = (i & 1) == 0 ? EventType.TEST_RESULT : EventType.ASSET_FAULT;
            metrics.recordProcessed(type, (i & 1023) * 1_000L, (i & 15) != 0);
        }
    }

    private static void recordRetriesAndDeadLetters(EventMetrics metrics) {
        for (int i = 0; i < CALLS; i++) {
            metrics.recordRetry(EventType.TEST_RESULT);
            metrics.recordDeadLetter(EventType.TEST_RESULT);
        }
    }
}
