package io.linebus.bus;

import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;

/**
 * {@link WaitStrategyKind#YIELDING} and {@link WaitStrategyKind#BUSY_SPIN}: a consumer that finds
 * nothing spins, and after {@code spinTries} spins yields between looks. Like the Disruptor's
 * {@code YieldingWaitStrategy} and {@code BusySpinWaitStrategy}, but a first-stage consumer waits for
 * its slot to be published and gathers back-to-back events ({@link PublishedSlotWaitStrategy}).
 */
final class SpinningWaitStrategy extends PublishedSlotWaitStrategy {
    /** The Disruptor's yielding strategy spins this often before it yields. */
    static final int YIELDING_SPIN_TRIES = 100;

    private final int spinTries;

    /** @param spinTries spins before yielding ({@link Integer#MAX_VALUE}: never yield) */
    SpinningWaitStrategy(int spinTries) {
        this.spinTries = spinTries;
    }

    @Override
    void idle(int tries, long sequence, Sequence cursor, SequenceBarrier barrier) {
        if (tries < spinTries) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
    }
}
