package io.linebus.bus;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.WaitStrategy;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;

/**
 * What linebus's wait strategies share: how a consumer of the ring's first stage waits for its next
 * slot. Each kind says only how to spend one moment of waiting ({@link #idle}).
 *
 * <p><b>Published, not only claimed.</b> On a multi-producer ring the cursor moves when a publisher
 * claims a slot, before it fills and publishes it. The Disruptor's strategies wait for the cursor, so
 * while a slot is being filled they return at once and the processor calls them again and again
 * (LMAX-Exchange/disruptor#193): the consumer spins on the cursor, which every claim must then take
 * back from it, and when a publisher is preempted between claim and publish the consumer spins for
 * the rest of that time slice, on a core the publisher needs. Here the consumer waits, the kind's
 * way, until the slot is published.
 *
 * <p><b>Gathering.</b> A consumer that finds its next event already published (events are coming
 * back to back) but fewer than {@link #GATHER_EVENTS} of them yields for up to
 * {@link #GATHER_NANOS} while more come, and stops once two pauses in a row brought none
 * (publishers that wait for this consumer, as {@code Durability.JOURNALED} ones wait for the
 * journal, cost it two pauses, not the whole time). Without that, a consumer faster than its
 * publisher takes each event as it is published and reads the very cache lines the publisher is
 * writing; each claim's atomic update then waits for those lines to come back, the publisher slows
 * down, and the two stay in lockstep, the publisher spending most of its time in the claim;
 * gathering makes such runs rarer, not impossible (perf-results/README.md). An event that comes
 * after a pause is taken at once, so gathering costs latency only to events that closely follow
 * others.
 *
 * <p>Later stages (dispatch behind the journal, the settle stage behind the shards) wait for the
 * stage before them, as the Disruptor's strategies do. A strategy not yet {@link #watch watching} a
 * ring waits for the cursor too.
 */
abstract class PublishedSlotWaitStrategy implements WaitStrategy {
    /** A consumer that finds fewer events than this waiting, back to back, lets more gather. */
    static final int GATHER_EVENTS = 64;
    /** The longest it lets them gather. */
    static final long GATHER_NANOS = TimeUnit.MICROSECONDS.toNanos(2);
    /**
     * It stops once this many pauses in a row brought no new claim: one is not enough, as a publisher
     * slowed by lockstep may take longer than a pause over one claim.
     */
    static final int IDLE_PAUSES_TO_STOP = 2;

    private final long gatherNanos;
    private final Runnable gatherPause;
    /** Whether a ring sequence is published; set once by {@link #watch}, before any consumer starts. */
    private LongPredicate published;

    PublishedSlotWaitStrategy() {
        this(GATHER_NANOS, Thread::yield); // yielding: with more threads than cores, the publishers' turn
    }

    /**
     * @param gatherNanos the longest a consumer lets events gather
     * @param gatherPause what it does between looks while they gather (tests publish from it)
     */
    PublishedSlotWaitStrategy(long gatherNanos, Runnable gatherPause) {
        this.gatherNanos = gatherNanos;
        this.gatherPause = gatherPause;
    }

    /**
     * Makes this the strategy of {@code ring}'s consumers; call once, before starting them (starting
     * their threads publishes it to them).
     */
    final void watch(RingBuffer<?> ring) {
        if (published != null) {
            throw new IllegalStateException("This wait strategy already watches a ring");
        }
        published = ring::isAvailable;
    }

    @Override
    public final long waitFor(long sequence, Sequence cursor, Sequence dependentSequence, SequenceBarrier barrier)
            throws AlertException, InterruptedException {
        LongPredicate isPublished = published;
        if (dependentSequence != cursor || isPublished == null) {
            long available;
            for (int tries = 0; (available = dependentSequence.get()) < sequence; tries++) {
                barrier.checkAlert();
                idle(tries, sequence, cursor, barrier);
            }
            return available;
        }
        int tries = 0;
        for (; !isPublished.test(sequence); tries++) {
            barrier.checkAlert();
            idle(tries, sequence, cursor, barrier);
        }
        if (tries == 0) {
            gather(isPublished, sequence, cursor);
        }
        return cursor.get();
    }

    private void gather(LongPredicate isPublished, long sequence, Sequence cursor) {
        long last = sequence + GATHER_EVENTS - 1;
        if (isPublished.test(last)) {
            return;
        }
        long deadline = System.nanoTime() + gatherNanos;
        long claimed = cursor.get();
        int idlePauses = 0;
        do {
            gatherPause.run();
            long nowClaimed = cursor.get();
            idlePauses = nowClaimed == claimed ? idlePauses + 1 : 0;
            if (idlePauses == IDLE_PAUSES_TO_STOP) {
                return; // nothing more comes (publishers waiting for this consumer, say): take what is there
            }
            claimed = nowClaimed;
        } while (!isPublished.test(last) && System.nanoTime() - deadline < 0);
    }

    /**
     * Spends one moment waiting for {@code sequence}: the {@code tries}-th since this wait began.
     *
     * @param cursor the ring's cursor: the last sequence claimed (multi-producer) or published
     */
    abstract void idle(int tries, long sequence, Sequence cursor, SequenceBarrier barrier)
            throws AlertException, InterruptedException;

    @Override
    public void signalAllWhenBlocking() {
        // Only a strategy that blocks needs waking.
    }
}
