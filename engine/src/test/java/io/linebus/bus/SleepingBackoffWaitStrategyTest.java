package io.linebus.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The {@link WaitStrategyKind#SLEEPING} strategy: the sleeps of an idle consumer double up to a
 * ceiling and start over with each wait; an alert ends a wait; a real consumer takes an event that
 * comes after a quiet spell.
 */
class SleepingBackoffWaitStrategyTest {
    private static final long FIRST = SleepingBackoffWaitStrategy.FIRST_PARK_NANOS;
    private static final long LAST = SleepingBackoffWaitStrategy.LAST_PARK_NANOS;

    /** A barrier whose alert is raised by the test. */
    private static final class TestBarrier implements SequenceBarrier {
        volatile boolean alerted;

        @Override
        public long waitFor(long sequence) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long getCursor() {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isAlerted() {
            return alerted;
        }

        @Override
        public void alert() {
            alerted = true;
        }

        @Override
        public void clearAlert() {
            alerted = false;
        }

        @Override
        public void checkAlert() throws AlertException {
            if (alerted) {
                throw AlertException.INSTANCE;
            }
        }
    }

    @Test
    void anIdleConsumerSleepsForDoublingMomentsUpToTheCeilingAndStartsOverWithEachWait() throws Exception {
        Sequence cursor = new Sequence(-1L);
        List<Long> sleeps = new ArrayList<>();
        SleepingBackoffWaitStrategy strategy = new SleepingBackoffWaitStrategy(nanos -> {
            sleeps.add(nanos);
            if (sleeps.size() == 8) {
                cursor.set(0L); // the event comes during the eighth sleep
            }
        });
        TestBarrier barrier = new TestBarrier();

        assertThat(strategy.waitFor(0L, cursor, cursor, barrier)).isEqualTo(0L);
        assertThat(sleeps).containsExactly(FIRST, 2 * FIRST, 4 * FIRST, 8 * FIRST, 16 * FIRST, LAST, LAST, LAST);

        sleeps.clear();
        cursor.set(0L);
        assertThat(strategy.waitFor(0L, cursor, cursor, barrier)).isEqualTo(0L); // there already: no sleep
        assertThat(sleeps).isEmpty();

        SleepingBackoffWaitStrategy alerting = new SleepingBackoffWaitStrategy(nanos -> {
            sleeps.add(nanos);
            barrier.alert();
        });
        assertThatThrownBy(() -> alerting.waitFor(1L, cursor, cursor, barrier)).isInstanceOf(AlertException.class);
        assertThat(sleeps).containsExactly(FIRST); // a new wait starts from the first sleep again
    }

    @Test
    void aConsumerTakesAnEventThatComesAfterAQuietSpellAndAHaltEndsIt() throws Exception {
        RingBuffer<long[]> ring = RingBuffer.createSingleProducer(() -> new long[1], 64, new SleepingBackoffWaitStrategy());
        AtomicLong consumed = new AtomicLong(-1L);
        BatchEventProcessor<long[]> processor = new BatchEventProcessorBuilder().build(ring, ring.newBarrier(),
                (slot, sequence, endOfBatch) -> consumed.set(slot[0]));
        ring.addGatingSequences(processor.getSequence());
        Thread thread = new Thread(processor, "sleeping-backoff-test");
        thread.start();
        try {
            Thread.sleep(20); // long enough for the consumer to reach its longest sleep
            long sequence = ring.next();
            ring.get(sequence)[0] = 42L;
            ring.publish(sequence);

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (consumed.get() != 42L) {
                assertThat(System.nanoTime() - deadline).as("the event was never consumed").isNegative();
                Thread.sleep(1);
            }
        } finally {
            processor.halt();
            thread.join(10_000L);
        }
        assertThat(thread.isAlive()).as("halted consumer ended").isFalse();
    }
}
