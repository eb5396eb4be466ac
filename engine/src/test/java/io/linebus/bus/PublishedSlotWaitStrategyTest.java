package io.linebus.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.dsl.ProducerType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * How a first-stage consumer waits: for its slot to be published, not only claimed, and, when events
 * come back to back, for a batch to gather. The waits run on the test thread through a real ring's
 * barrier, with the strategy's pauses scripted, so each case is deterministic.
 */
class PublishedSlotWaitStrategyTest {
    private static final long NO_DEADLINE = TimeUnit.SECONDS.toNanos(30);

    /** A strategy whose idle moments and gathering pauses run the test's script. */
    private static final class ScriptedStrategy extends PublishedSlotWaitStrategy {
        IntConsumer onIdle = tries -> { };
        int idles;

        ScriptedStrategy(Runnable gatherPause) {
            super(NO_DEADLINE, gatherPause);
        }

        @Override
        void idle(int tries, long sequence, Sequence cursor, SequenceBarrier barrier) {
            idles++;
            onIdle.accept(tries);
        }
    }

    private static RingBuffer<long[]> watchedRing(ScriptedStrategy strategy) {
        RingBuffer<long[]> ring = RingBuffer.createMultiProducer(() -> new long[1], 1024, strategy);
        strategy.watch(ring);
        return ring;
    }

    private static void publish(RingBuffer<long[]> ring, int events) {
        for (int i = 0; i < events; i++) {
            ring.publish(ring.next());
        }
    }

    @Test
    void aConsumerWaitsForAClaimedSlotToBePublishedInsteadOfSpinningOnTheCursor() throws Exception {
        ScriptedStrategy strategy = new ScriptedStrategy(() -> { });
        RingBuffer<long[]> ring = watchedRing(strategy);
        SequenceBarrier barrier = ring.newBarrier();
        long claimed = ring.next(); // claimed, so the cursor is past it, but not published

        strategy.onIdle = tries -> {
            if (tries == 1_000) {
                ring.publish(claimed);
            }
        };
        // The Disruptor's own strategies return at once here (the cursor is past the slot) and the
        // barrier answers "nothing yet", so the processor calls again and again without pausing.
        assertThat(barrier.waitFor(0L)).isEqualTo(0L);
        assertThat(strategy.idles).isEqualTo(1_001);
    }

    @Test
    void aConsumerThatFindsAFewEventsBackToBackLetsABatchGather() throws Exception {
        List<RingBuffer<long[]>> rings = new ArrayList<>();
        int[] pauses = new int[1];
        ScriptedStrategy strategy = new ScriptedStrategy(() -> {
            pauses[0]++;
            publish(rings.get(0), 1); // one more event comes during each pause
        });
        RingBuffer<long[]> ring = watchedRing(strategy);
        rings.add(ring);
        publish(ring, 10);

        assertThat(ring.newBarrier().waitFor(0L)).isEqualTo(PublishedSlotWaitStrategy.GATHER_EVENTS - 1);
        assertThat(pauses[0]).isEqualTo(PublishedSlotWaitStrategy.GATHER_EVENTS - 10);
        assertThat(strategy.idles).isZero();
    }

    @Test
    void anEventAfterAPauseIsTakenAtOnceAndAFullBatchNeedsNoGathering() throws Exception {
        int[] pauses = new int[1];
        ScriptedStrategy strategy = new ScriptedStrategy(() -> pauses[0]++);
        RingBuffer<long[]> ring = watchedRing(strategy);
        SequenceBarrier barrier = ring.newBarrier();

        strategy.onIdle = tries -> publish(ring, 1); // the event comes while the consumer waits
        assertThat(barrier.waitFor(0L)).isEqualTo(0L);
        assertThat(strategy.idles).isEqualTo(1);

        strategy.onIdle = tries -> { };
        publish(ring, PublishedSlotWaitStrategy.GATHER_EVENTS);
        assertThat(barrier.waitFor(1L)).isEqualTo(PublishedSlotWaitStrategy.GATHER_EVENTS);
        assertThat(pauses[0]).isZero();
    }

    @Test
    void gatheringStopsOnceTwoPausesInARowBringNothing() throws Exception {
        int[] pauses = new int[1];
        ScriptedStrategy strategy = new ScriptedStrategy(() -> pauses[0]++); // publishers waiting on this consumer
        RingBuffer<long[]> ring = watchedRing(strategy);
        publish(ring, 3);

        assertThat(ring.newBarrier().waitFor(0L)).isEqualTo(2L);
        assertThat(pauses[0]).isEqualTo(PublishedSlotWaitStrategy.IDLE_PAUSES_TO_STOP);
    }

    @Test
    void aStrategyCanWatchOneRingOnly() {
        ScriptedStrategy strategy = new ScriptedStrategy(() -> { });
        watchedRing(strategy);
        assertThatThrownBy(() -> strategy.watch(
                        RingBuffer.createMultiProducer(() -> new long[1], 16, strategy)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already watches");
    }

    @ParameterizedTest
    @EnumSource(WaitStrategyKind.class)
    void everyKindHandsEveryEventOverInOrderWithRealThreads(WaitStrategyKind kind) throws Exception {
        for (ProducerType producerType : ProducerType.values()) {
            RingBuffer<long[]> ring = kind.newRing(producerType, () -> new long[1], 256);
            long[] expected = {0L};
            long[] outOfOrder = {0L};
            BatchEventProcessor<long[]> processor = new BatchEventProcessorBuilder().build(ring, ring.newBarrier(),
                    (slot, sequence, endOfBatch) -> {
                        if (slot[0] != expected[0]++) {
                            outOfOrder[0]++;
                        }
                    });
            ring.addGatingSequences(processor.getSequence());
            Thread consumer = new Thread(processor, "published-slot-test-" + kind);
            consumer.start();
            int events = 100_000;
            for (int i = 0; i < events; i++) {
                long sequence = ring.next();
                ring.get(sequence)[0] = i;
                ring.publish(sequence);
                if (i % 10_000 == 0) {
                    Thread.sleep(1); // quiet spells: the consumer idles, then takes the next event at once
                }
            }
            long deadline = System.nanoTime() + NO_DEADLINE;
            while (processor.getSequence().get() < events - 1 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            processor.halt();
            consumer.join(10_000L);
            assertThat(processor.getSequence().get()).as("%s %s consumed all", kind, producerType).isEqualTo(events - 1);
            assertThat(outOfOrder[0]).as("%s %s in order", kind, producerType).isZero();
            assertThat(consumer.isAlive()).isFalse();
        }
    }
}
