package io.linebus.benchmarks;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.ProducerType;
import io.linebus.bus.WaitStrategyKind;
import io.linebus.models.Event;
import java.util.function.Consumer;

/**
 * The bare-Disruptor baseline: a ring of {@link EventCell}s and one {@link BatchEventProcessor} on
 * its own thread that hands each event to a consumer and clears the cell. Nothing else: no stages,
 * no metrics, no error handling.
 */
public final class RawRing {
    private final RingBuffer<EventCell> ring;
    private final BatchEventProcessor<EventCell> processor;
    private final Thread thread;

    public RawRing(int size, ProducerType producerType, WaitStrategyKind waitStrategy, Consumer<Event> consumer) {
        ring = waitStrategy.newRing(producerType, EventCell::new, size);
        EventHandler<EventCell> handler = (cell, sequence, endOfBatch) -> {
            Event event = cell.event;
            cell.event = null;
            consumer.accept(event);
        };
        processor = new BatchEventProcessorBuilder().build(ring, ring.newBarrier(), handler);
        ring.addGatingSequences(processor.getSequence());
        thread = new Thread(processor, "raw-disruptor");
        thread.start();
    }

    /** Claims a slot (waiting while the ring is full), stores the event, publishes. */
    public void publish(Event event) {
        long sequence = ring.next();
        try {
            ring.get(sequence).event = event;
        } finally {
            ring.publish(sequence);
        }
    }

    /** Halts the consumer thread and waits (at most 10 s) for it to end. */
    public void stop() throws InterruptedException {
        processor.halt();
        thread.join(10_000L);
    }
}
