package io.linebus.bus;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.util.Util;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wiring of the ring and its stages: the journal stage (when there is a journal), the dispatch
 * shards behind it, and a {@link SettleStage} behind them only where one is needed (a journal and
 * several shards; a single shard sees every slot in order and settles it itself, one thread fewer
 * between publisher and handler). Decided once, here. It starts and halts the stages' threads and
 * knows how far they have come.
 */
final class Pipeline {
    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);
    /** How long a halting consumer may take to leave the handler it is in before it is interrupted. */
    private static final long HALT_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final String busName;
    private final RingBuffer<EventSlot> ring;
    private final List<BatchEventProcessor<EventSlot>> processors = new ArrayList<>();
    private final List<String> roles = new ArrayList<>();
    /** The sequences the ring waits for before reusing a slot: the settle stage's, or else the shards'. */
    private final Sequence[] tails;
    private final List<Thread> threads = new ArrayList<>();

    /**
     * @param journalStage null without a journal
     * @param newShard makes shard {@code i} with the settlement it runs itself (null when a settle stage follows)
     */
    Pipeline(String busName, RingBuffer<EventSlot> ring, JournalStage journalStage, int shards, Settlement settlement,
            BiFunction<Integer, Settlement, DispatchShard> newShard) {
        this.busName = busName;
        this.ring = ring;
        SequenceBarrier dispatchBarrier;
        if (journalStage != null) {
            BatchEventProcessor<EventSlot> journal = add(ring.newBarrier(), journalStage, "journal");
            journalStage.bind(journal.getSequence());
            dispatchBarrier = ring.newBarrier(journal.getSequence());
        } else {
            dispatchBarrier = ring.newBarrier();
        }
        boolean settleStage = journalStage != null && shards > 1;
        Sequence[] shardSequences = new Sequence[shards];
        for (int shard = 0; shard < shards; shard++) {
            shardSequences[shard] = add(dispatchBarrier, newShard.apply(shard, settleStage ? null : settlement),
                    "dispatch-" + shard).getSequence();
        }
        if (settleStage) {
            tails = new Sequence[] {add(ring.newBarrier(shardSequences), new SettleStage(settlement), "settle").getSequence()};
        } else {
            tails = shardSequences;
        }
        ring.addGatingSequences(tails);
    }

    private BatchEventProcessor<EventSlot> add(SequenceBarrier barrier, EventHandler<EventSlot> stage, String role) {
        BatchEventProcessor<EventSlot> processor = new BatchEventProcessorBuilder().build(ring, barrier, stage);
        processor.setExceptionHandler(new ContainingExceptionHandler());
        processors.add(processor);
        roles.add(role);
        return processor;
    }

    /** Starts one thread per stage and shard, named {@code linebus-<bus>-<role>}. */
    void start() {
        for (int i = 0; i < processors.size(); i++) {
            threads.add(new Thread(processors.get(i), "linebus-" + busName + "-" + roles.get(i)));
        }
        for (Thread thread : threads) {
            thread.start();
        }
    }

    /**
     * Halts the stages between batches. A thread still inside a handler after {@code graceNanos} (and
     * a little more) is interrupted; one that ignores that is left behind with an error log (the
     * stop's sweep then settles its slot).
     */
    void halt(long graceNanos) {
        for (BatchEventProcessor<EventSlot> processor : processors) {
            processor.halt();
        }
        long deadline = System.nanoTime() + graceNanos + HALT_GRACE_NANOS;
        boolean interrupted = false;
        for (Thread thread : threads) {
            interrupted |= join(thread, deadline - System.nanoTime());
            if (thread.isAlive()) {
                LOG.warn("Bus {}: {} is still inside a handler after the stop timeout; interrupting it", busName,
                        thread.getName());
                thread.interrupt();
                interrupted |= join(thread, HALT_GRACE_NANOS);
                if (thread.isAlive()) {
                    LOG.error("Bus {}: {} ignores interruption; leaving it behind", busName, thread.getName());
                }
            }
        }
        threads.clear();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Joins for at most {@code nanos}; returns whether this thread was interrupted meanwhile. */
    private static boolean join(Thread thread, long nanos) {
        try {
            thread.join(Math.max(1L, TimeUnit.NANOSECONDS.toMillis(nanos)));
            return false;
        } catch (InterruptedException e) {
            return true;
        }
    }

    RingBuffer<EventSlot> ring() {
        return ring;
    }

    Sequence[] tails() {
        return tails;
    }

    /** The last slot every stage has finished with. */
    long settledUpTo() {
        return Util.getMinimumSequence(tails);
    }

    /** Whether every slot claimed so far is settled. */
    boolean settled() {
        long cursor = ring.getCursor();
        return settledUpTo() >= cursor;
    }

    /** Events in the ring not yet settled (publishers waiting for room move the cursor on already). */
    int unsettled() {
        long inRing = ring.getCursor() - settledUpTo();
        return (int) Math.max(0L, Math.min(ring.getBufferSize(), inRing));
    }

    /** Keeps every consumer thread alive whatever a stage throws; the failure is logged. */
    private final class ContainingExceptionHandler implements ExceptionHandler<EventSlot> {
        @Override
        public void handleEventException(Throwable error, long sequence, EventSlot slot) {
            LOG.error("Bus {}: fatal error while processing event {} at sequence {}; the bus goes on", busName,
                    slot.event == null ? "?" : slot.event.id(), sequence, error);
        }

        @Override
        public void handleOnStartException(Throwable error) {
            LOG.error("Bus {}: consumer start failed", busName, error);
        }

        @Override
        public void handleOnShutdownException(Throwable error) {
            LOG.error("Bus {}: consumer shutdown failed", busName, error);
        }
    }
}
