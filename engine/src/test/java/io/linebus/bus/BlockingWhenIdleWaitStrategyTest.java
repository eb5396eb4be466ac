package io.linebus.bus;

import static org.assertj.core.api.Assertions.assertThat;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.dsl.ProducerType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link WaitStrategyKind#BLOCKING} strategy on a bare ring with real threads: no wake-up is lost
 * when a consumer blocks as its publisher publishes, an idle consumer blocks (no CPU), a halt wakes it,
 * and a later stage follows an earlier one without being signalled by it.
 */
class BlockingWhenIdleWaitStrategyTest {
    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final List<BatchEventProcessor<long[]>> processors = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    @AfterEach
    void halt() throws InterruptedException {
        processors.forEach(BatchEventProcessor::halt);
        for (Thread thread : threads) {
            thread.join(10_000L);
        }
    }

    @Test
    void publishingWhileTheConsumerBlocksLosesNoWakeUp() throws InterruptedException {
        // No yields: every time the consumer catches up it blocks, racing the next publish.
        // Watching the ring (as the bus does) it waits for slots to be published; not watching, for the cursor.
        for (boolean watching : new boolean[] {true, false})
        for (ProducerType producerType : ProducerType.values()) {
            BlockingWhenIdleWaitStrategy strategy = new BlockingWhenIdleWaitStrategy(producerType, 0);
            RingBuffer<long[]> ring = RingBuffer.create(producerType, () -> new long[1], 64, strategy);
            if (watching) {
                strategy.watch(ring);
            }
            AtomicLong consumed = new AtomicLong();
            Sequence consumer = start(ring, ring.newBarrier(), (slot, sequence, endOfBatch) -> consumed.lazySet(sequence + 1));
            ring.addGatingSequences(consumer);

            int events = 50_000;
            long deadline = System.nanoTime() + DEADLINE_NANOS;
            for (int i = 0; i < events; i++) {
                long sequence = ring.next();
                ring.get(sequence)[0] = i;
                pauseBriefly(); // varies where in its way to blocking the consumer is
                ring.publish(sequence);
                while (consumed.get() <= sequence) { // one event in flight: each publish must wake the consumer
                    assertThat(System.nanoTime() - deadline).as("%s, watching %s: event %d never consumed (lost wake-up)",
                            producerType, watching, i).isNegative();
                    Thread.onSpinWait();
                }
            }
            assertThat(consumed.get()).isEqualTo(events);
        }
    }

    @Test
    void anIdleConsumerBlocksAndAHaltWakesIt() throws InterruptedException {
        RingBuffer<long[]> ring = RingBuffer.createSingleProducer(() -> new long[1], 64,
                new BlockingWhenIdleWaitStrategy(ProducerType.SINGLE));
        Sequence consumer = start(ring, ring.newBarrier(), (slot, sequence, endOfBatch) -> { });
        ring.addGatingSequences(consumer);
        Thread thread = threads.get(0);

        awaitState(thread, Thread.State.WAITING);

        ring.publish(ring.next());
        awaitTrue(() -> consumer.get() == 0L, "the consumer takes the event");
        awaitState(thread, Thread.State.WAITING);

        processors.get(0).halt();
        thread.join(10_000L);
        assertThat(thread.isAlive()).as("halted consumer ended").isFalse();
    }

    @Test
    void aLaterStageFollowsAnEarlierOneThatNeverSignals() throws InterruptedException {
        RingBuffer<long[]> ring = RingBuffer.createSingleProducer(() -> new long[1], 256,
                new BlockingWhenIdleWaitStrategy(ProducerType.SINGLE));
        Sequence first = start(ring, ring.newBarrier(), (slot, sequence, endOfBatch) -> {
            if ((sequence & 63) == 0) {
                LockSupport.parkNanos(200_000L); // now and then slower than the stage behind it
            }
            slot[0] = sequence * 2;
        });
        AtomicLong mismatches = new AtomicLong();
        Sequence second = start(ring, ring.newBarrier(first), (slot, sequence, endOfBatch) -> {
            if (slot[0] != sequence * 2) {
                mismatches.incrementAndGet(); // the first stage had not finished this slot
            }
        });
        ring.addGatingSequences(second);

        int events = 10_000;
        for (int i = 0; i < events; i++) {
            ring.publish(ring.next());
        }
        awaitTrue(() -> second.get() == events - 1, "the second stage takes every event");
        assertThat(mismatches.get()).isZero();
    }

    private Sequence start(RingBuffer<long[]> ring, SequenceBarrier barrier, EventHandler<long[]> handler) {
        BatchEventProcessor<long[]> processor = new BatchEventProcessorBuilder().build(ring, barrier, handler);
        Thread thread = new Thread(processor, "blocking-wait-test-" + processors.size());
        processors.add(processor);
        threads.add(thread);
        thread.start();
        return processor.getSequence();
    }

    private static void pauseBriefly() {
        int spins = ThreadLocalRandom.current().nextInt(64);
        for (int i = 0; i < spins; i++) {
            Thread.onSpinWait();
        }
    }

    private static void awaitState(Thread thread, Thread.State state) throws InterruptedException {
        awaitTrue(() -> thread.getState() == state, thread.getName() + " " + state);
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("timed out waiting until: %s", what).isNegative();
            Thread.sleep(1);
        }
    }
}
