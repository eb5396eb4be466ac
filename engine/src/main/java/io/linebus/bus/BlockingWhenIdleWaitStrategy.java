package io.linebus.bus;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.dsl.ProducerType;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * {@link WaitStrategyKind#BLOCKING}: a consumer that finds nothing yields a few times, then blocks
 * on a monitor until a publisher signals; a publisher takes the monitor only when a consumer is
 * blocked on it.
 *
 * <p>Why not the Disruptor's {@code BlockingWaitStrategy}: it takes its lock and calls
 * {@code notifyAll} on every publish, whether anyone waits or not, and its consumer blocks the
 * moment it catches up, so a busy ring pays a lock hand-off per event, which left it no faster than
 * an {@code ArrayBlockingQueue} (perf-results/README.md). Here an idle consumer still costs no CPU
 * once it blocks.
 *
 * <p>No wake-up is lost: a consumer counts itself in {@link #blocked} under the monitor, fences, and
 * only then re-reads the cursor; a publisher moves the cursor, then reads {@link #blocked}. With a
 * full fence between store and load on both sides, either the consumer sees the new cursor or the
 * publisher sees the consumer and notifies under the monitor, which the consumer releases only by
 * waiting. The Disruptor reads and stores sequences with acquire and release semantics only, which
 * would let each side's load pass its store, so the consumer fences, and so does the publisher of a
 * single-producer ring. A multi-producer ring's publisher needs no fence of its own: it moved the
 * cursor when it claimed its slot, by a compare-and-set or get-and-add, which orders like a
 * volatile store. That matters: a fence makes the publisher wait for its stores to reach the
 * consumer's core, and with a consumer reading the same lines (as it does between a claim and its
 * publish), every publish waits that long: a fence there slowed multi-producer rings several times
 * over (perf-results/README.md).
 *
 * <p>A later stage waiting for an earlier one (dispatch behind the journal) is not signalled by the
 * earlier stage's progress; it yields, then parks for short moments until that stage has caught up.
 */
final class BlockingWhenIdleWaitStrategy extends PublishedSlotWaitStrategy {
    /** Yields before blocking: a consumer about to get its next event should not pay a wake-up. */
    private static final int DEFAULT_YIELD_TRIES = 100;
    /**
     * The park of a consumer whose slot is claimed but not yet published, or of a later stage
     * waiting for an earlier one: nobody signals those (the OS rounds it up to its timer slack).
     */
    private static final long SHORT_PARK_NANOS = 1_000L;

    private final int yieldTries;
    /** Whether publishers fence before reading {@link #blocked}: single-producer rings (see the class comment). */
    private final boolean publishersFence;
    private final Object monitor = new Object();
    /** Consumers blocked, or about to block, on {@link #monitor}; changed only under it. */
    private volatile int blocked;

    BlockingWhenIdleWaitStrategy(ProducerType producerType) {
        this(producerType, DEFAULT_YIELD_TRIES);
    }

    /** @param yieldTries yields before blocking (0: block at once, as tests of the hand-off want) */
    BlockingWhenIdleWaitStrategy(ProducerType producerType, int yieldTries) {
        this.publishersFence = producerType == ProducerType.SINGLE;
        this.yieldTries = yieldTries;
    }

    @Override
    void idle(int tries, long sequence, Sequence cursor, SequenceBarrier barrier)
            throws AlertException, InterruptedException {
        if (tries < yieldTries) {
            Thread.yield();
        } else if (cursor.get() < sequence) {
            blockUntilPublished(sequence, cursor, barrier);
        } else {
            LockSupport.parkNanos(SHORT_PARK_NANOS); // claimed but not yet published, or an earlier stage behind
        }
    }

    private void blockUntilPublished(long sequence, Sequence cursor, SequenceBarrier barrier)
            throws AlertException, InterruptedException {
        synchronized (monitor) {
            blocked++;
            VarHandle.fullFence(); // the count before the read of the cursor (see the class comment)
            try {
                while (cursor.get() < sequence) {
                    barrier.checkAlert();
                    monitor.wait();
                }
            } finally {
                blocked--;
            }
        }
    }

    @Override
    public void signalAllWhenBlocking() {
        if (publishersFence) {
            VarHandle.fullFence(); // the cursor store before the read of blocked (see the class comment)
        }
        if (blocked != 0) {
            synchronized (monitor) {
                monitor.notifyAll();
            }
        }
    }
}
