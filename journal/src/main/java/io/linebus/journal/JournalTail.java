package io.linebus.journal;

import io.linebus.models.Event;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

/**
 * Follows a journal live, as {@code tail --follow} does: {@link #poll()} returns the next event or
 * null when there is none yet, {@link #follow} keeps handing events out as they are appended, by
 * this process or another one. Starts at the first event; {@link #fromEnd()} shows only new ones.
 *
 * <p>Thread-safe (calls are serialized). Close it when done; a tail opened with
 * {@link ChronicleEventJournal#tail(java.nio.file.Path)} also closes the queue it opened.
 */
public final class JournalTail implements AutoCloseable {
    private final JournalCursor cursor;
    private final SingleChronicleQueue ownedQueue;
    private boolean closed;

    JournalTail(JournalCursor cursor, SingleChronicleQueue ownedQueue) {
        this.cursor = cursor;
        this.ownedQueue = ownedQueue;
        cursor.toStart();
    }

    /** Positions before the first event in the journal. */
    public synchronized JournalTail fromStart() {
        ensureOpen();
        cursor.toStart();
        return this;
    }

    /** Positions after the last event: only events appended from now on are seen. */
    public synchronized JournalTail fromEnd() {
        ensureOpen();
        cursor.toEnd();
        return this;
    }

    /** Positions before the event with this index (inclusive), or the next one that exists. */
    public synchronized JournalTail fromIndex(long index) {
        if (index < 0) {
            throw new IllegalArgumentException("index must be a journal index (>= 0), got " + index);
        }
        ensureOpen();
        cursor.toIndex(index);
        return this;
    }

    /**
     * The next event, or null when the tail has caught up with the journal.
     *
     * @throws CorruptRecordException for a damaged record (naming its index); the tail has then
     *     moved past it
     */
    public synchronized JournaledEvent poll() {
        ensureOpen();
        if (!cursor.next()) {
            return null;
        }
        Event event = cursor.event();
        long micros = cursor.appendMicros();
        Instant appended = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                TimeUnit.MICROSECONDS.toNanos(Math.floorMod(micros, 1_000_000L)));
        return new JournaledEvent(cursor.index(), appended, event);
    }

    /**
     * Hands every event to {@code consumer} as it is appended, for as long as {@code keepGoing}
     * says so (it is asked before each event and while idle, at least every millisecond); waits
     * without burning a core when there is nothing new.
     *
     * @return how many events the consumer received
     */
    public long follow(Consumer<? super JournaledEvent> consumer, BooleanSupplier keepGoing) {
        Objects.requireNonNull(consumer, "consumer");
        Objects.requireNonNull(keepGoing, "keepGoing");
        IdleStrategy idle = new BackoffIdleStrategy(10, 10, TimeUnit.MICROSECONDS.toNanos(10),
                TimeUnit.MILLISECONDS.toNanos(1));
        long count = 0;
        while (keepGoing.getAsBoolean()) {
            JournaledEvent next = poll();
            if (next == null) {
                idle.idle();
            } else {
                idle.reset();
                consumer.accept(next);
                count++;
            }
        }
        return count;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("Journal tail is closed");
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        cursor.close();
        if (ownedQueue != null) {
            ownedQueue.close();
        }
    }
}
