package io.linebus.journal;

import io.linebus.models.Event;
import java.nio.file.Path;
import java.util.NavigableSet;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.ExpandableArrayBuffer;

/**
 * Reads journal excerpts in index order: the index, the append time and the encoded event, which
 * is decoded only when asked for (so that replay can skip records by index or time cheaply).
 *
 * <p>An excerpt is the append time in epoch microseconds (8 bytes, native order) followed by one
 * {@link EventCodec} record. Not thread-safe; callers confine or lock it.
 */
final class JournalCursor implements AutoCloseable {
    static final int HEADER_LENGTH = Long.BYTES;

    private final SingleChronicleQueue queue;
    private final Path directory;
    private final ExcerptTailer tailer;
    private final ExpandableArrayBuffer record = new ExpandableArrayBuffer(512);
    private long minIndex = Long.MIN_VALUE;
    private long index;
    private long appendMicros;
    private int length;

    JournalCursor(SingleChronicleQueue queue, Path directory) {
        this.queue = queue;
        this.directory = directory;
        this.tailer = queue.createTailer();
        // Confined by its owner (a lock or one thread at a time), not necessarily the creating thread.
        tailer.singleThreadedCheckDisabled(true);
    }

    void toStart() {
        minIndex = Long.MIN_VALUE;
        tailer.toStart();
    }

    void toEnd() {
        minIndex = Long.MIN_VALUE;
        tailer.toEnd();
    }

    /**
     * Positions before the first excerpt whose index is at least {@code fromIndex}. Indices of events
     * removed by retention, or that fall between cycles, position at the next event that exists;
     * events appended later with a smaller index (none, normally) are skipped.
     */
    void toIndex(long fromIndex) {
        minIndex = fromIndex;
        long first = queue.firstIndex();
        if (first == Long.MAX_VALUE || fromIndex <= first) {
            tailer.toStart();
            return;
        }
        if (tailer.moveToIndex(fromIndex)) {
            return;
        }
        RollCycle rollCycle = queue.rollCycle();
        int cycle = rollCycle.toCycle(fromIndex);
        int lastCycle = queue.lastCycle();
        if (cycle >= lastCycle) {
            tailer.toEnd();
            return;
        }
        // Both bounds must be cycles that exist.
        NavigableSet<Long> cycles = queue.listCyclesBetween(queue.firstCycle(), lastCycle);
        Long next = cycles.higher((long) cycle);
        if (next == null || !tailer.moveToCycle(next.intValue())) {
            tailer.toStart();
        }
    }

    /** Moves to the next excerpt; false when there is none (yet). */
    boolean next() {
        while (true) {
            try (DocumentContext document = tailer.readingDocument()) {
                if (!document.isPresent()) {
                    return false;
                }
                long at = document.index();
                if (at < minIndex) {
                    continue;
                }
                Bytes<?> bytes = document.wire().bytes();
                long available = bytes.readRemaining();
                if (available < HEADER_LENGTH + 1 || available > Integer.MAX_VALUE) {
                    throw new CorruptRecordException(where(at) + ": excerpt of " + available
                            + " bytes is not a linebus record");
                }
                appendMicros = bytes.readLong();
                length = (int) (available - HEADER_LENGTH);
                record.checkLimit(length);
                bytes.read(record.byteArray(), 0, length);
                index = at;
                return true;
            }
        }
    }

    long index() {
        return index;
    }

    long appendMicros() {
        return appendMicros;
    }

    /** The current excerpt's event; a damaged record names its index and the directory. */
    Event event() {
        try {
            return EventCodec.decode(record, 0, length);
        } catch (CorruptRecordException e) {
            throw new CorruptRecordException(where(index) + ": " + e.getMessage(), e);
        }
    }

    private String where(long at) {
        return "Journal record at index " + at + " in " + directory;
    }

    @Override
    public void close() {
        tailer.close();
    }
}
