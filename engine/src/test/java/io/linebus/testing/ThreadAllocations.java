package io.linebus.testing;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Bytes allocated by a bus's threads and the test's own (the publisher): for tests that a path
 * allocates nothing per event, counted by the JVM, never timed.
 */
public final class ThreadAllocations {
    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private final long[] ids;

    private ThreadAllocations(long[] ids) {
        this.ids = ids;
    }

    /** The calling thread and every live thread of the bus named {@code busName} ({@code linebus-<name>-...}). */
    public static ThreadAllocations ofBus(String busName) {
        List<Long> ids = new ArrayList<>();
        ids.add(Thread.currentThread().getId());
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith("linebus-" + busName + "-")) {
                ids.add(thread.getId());
            }
        }
        return new ThreadAllocations(ids.stream().mapToLong(Long::longValue).toArray());
    }

    /** How many threads are counted. */
    public int threadCount() {
        return ids.length;
    }

    /** Bytes these threads allocate while {@code round} runs, divided by the {@code events} it handles. */
    public double bytesPerEvent(Runnable round, long events) {
        long before = allocatedBytes();
        round.run();
        return (allocatedBytes() - before) / (double) events;
    }

    /** Bytes these threads have allocated so far. */
    public long allocatedBytes() {
        long total = 0;
        for (long bytes : threads.getThreadAllocatedBytes(ids)) {
            total += Math.max(0, bytes);
        }
        return total;
    }
}
