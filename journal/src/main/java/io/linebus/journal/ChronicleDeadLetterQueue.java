package io.linebus.journal;

import io.linebus.models.Event;
import io.linebus.policies.DeadLetterEntry;
import io.linebus.policies.DeadLetterLog;
import io.linebus.policies.DeadLetterQueue;
import io.linebus.policies.RecordedError;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.core.time.SystemTimeProvider;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.ExpandableArrayBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * A {@link DeadLetterQueue} that keeps its entries on disk, in a Chronicle queue of its own
 * directory, across restarts.
 *
 * <p>Every change is a record: an added entry (event, error type and message, handler name, retry
 * count, time), a pop, an eviction, a clear. Opening replays them, so a reopened queue holds exactly
 * what was left, in the same order. Entries read back carry a {@link RecordedError} (the original
 * error's short class name and message) in place of the original exception; entries added by this
 * process keep the original until it restarts. Cycle files whose entries are all gone are deleted,
 * so the directory does not grow without bound.
 *
 * <p>Bounded: adding to a full queue evicts the oldest entry, with a warning (D17: no silent
 * eviction). The warnings go through a {@link DeadLetterLog}: in a storm the first eviction gets a
 * line of its own and the others one summary line per window (and their own lines at DEBUG); the
 * last counts of a storm show with the next eviction or on {@link #close()}. Added entries are
 * logged at DEBUG only: the {@code ErrorPolicy} that dead-letters an event reports it. Thread-safe:
 * every method is synchronized (D8: thread safety).
 */
public final class ChronicleDeadLetterQueue implements DeadLetterQueue, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChronicleDeadLetterQueue.class);
    private static final RollCycle ROLL_CYCLE = RollCycles.FAST_DAILY;

    private final Path directory;
    private final int maxSize;
    private final SingleChronicleQueue queue;
    private final ExcerptAppender appender;
    // Two writers: an added entry is encoded (and may fail) before the oldest is evicted to make room.
    private final RecordWriter addWriter = new RecordWriter(1024, 1 << 20);
    private final RecordWriter removalWriter = new RecordWriter(32, 32);
    private final ArrayDeque<Stored> entries = new ArrayDeque<>();
    /** Evicted entries, or with max size 0 every entry not kept. */
    private final DeadLetterLog dropLog;
    private long lastRecordIndex = -1;
    private boolean closed;

    /** An entry with the index of the record that added it. */
    private record Stored(long index, DeadLetterEntry entry) {
    }

    private ChronicleDeadLetterQueue(Path directory, int maxSize, TimeProvider timeProvider, LongSupplier nanoClock) {
        this.directory = directory.toAbsolutePath();
        this.maxSize = maxSize;
        this.dropLog = new DeadLetterLog(LOG, maxSize == 0
                ? "events not kept by dead letter queue " + this.directory + " (max size 0)"
                : "entries evicted from the full dead letter queue " + this.directory + " (" + maxSize + " entries)",
                DeadLetterLog.DEFAULT_WINDOW, nanoClock);
        this.queue = QueueFiles.open(this.directory, "dead letter queue", ROLL_CYCLE, timeProvider, false);
        try {
            this.appender = queue.createAppender();
            // Serialized by this object's lock, used by whichever thread holds it.
            appender.singleThreadedCheckDisabled(true);
            rebuild();
            while (entries.size() > maxSize) {
                evictOldest();
            }
            // Those evicted on opening are summed up now, not with the next eviction.
            dropLog.flush();
            deleteUnneededCycles();
        } catch (RuntimeException e) {
            queue.close();
            throw e;
        }
    }

    /** Opens (creating if needed) the dead letter queue in {@code directory}, bounded to {@value #DEFAULT_MAX_SIZE} entries. */
    public static ChronicleDeadLetterQueue open(Path directory) {
        return open(directory, DEFAULT_MAX_SIZE);
    }

    /**
     * Opens (creating if needed) the dead letter queue in {@code directory}, bounded to
     * {@code maxSize} entries (0 keeps none; a reopened queue over the bound evicts its oldest).
     *
     * @throws JournalException when the directory holds other files but no queue
     */
    public static ChronicleDeadLetterQueue open(Path directory, int maxSize) {
        return open(directory, maxSize, SystemTimeProvider.CLOCK);
    }

    /** As {@link #open(Path, int)}, with the clock that decides when record files roll (tests). */
    static ChronicleDeadLetterQueue open(Path directory, int maxSize, TimeProvider timeProvider) {
        return open(directory, maxSize, timeProvider, System::nanoTime);
    }

    /** As {@link #open(Path, int, TimeProvider)}, with the nanosecond clock of the eviction log (tests). */
    static ChronicleDeadLetterQueue open(Path directory, int maxSize, TimeProvider timeProvider,
            LongSupplier nanoClock) {
        Objects.requireNonNull(directory, "directory");
        if (maxSize < 0) {
            throw new IllegalArgumentException("maxSize must be >= 0, got " + maxSize);
        }
        return new ChronicleDeadLetterQueue(directory, maxSize, Objects.requireNonNull(timeProvider, "timeProvider"),
                Objects.requireNonNull(nanoClock, "nanoClock"));
    }

    /** The queue's directory, absolute. */
    public Path directory() {
        return directory;
    }

    /** The most entries kept; adding beyond it evicts the oldest. */
    public int maxSize() {
        return maxSize;
    }

    /** Rebuilds the entries from every record; damaged records are logged and skipped. */
    private void rebuild() {
        ExpandableArrayBuffer record = new ExpandableArrayBuffer(1024);
        int skipped = 0;
        try (ExcerptTailer tailer = queue.createTailer()) {
            while (true) {
                try (DocumentContext document = tailer.readingDocument()) {
                    if (!document.isPresent()) {
                        break;
                    }
                    long index = document.index();
                    lastRecordIndex = index;
                    Bytes<?> bytes = document.wire().bytes();
                    int length = (int) Math.min(bytes.readRemaining(), Integer.MAX_VALUE);
                    record.checkLimit(length);
                    bytes.read(record.byteArray(), 0, length);
                    try {
                        apply(index, DeadLetterRecords.decode(record, length));
                    } catch (CorruptRecordException e) {
                        skipped++;
                        LOG.error("Skipping dead letter record at index {} in {}: {}", index, directory, e.getMessage());
                    }
                }
            }
        }
        LOG.debug("Opened dead letter queue {}: {} entries ({} damaged records skipped)", directory, entries.size(), skipped);
    }

    private void apply(long index, DeadLetterRecords.Change change) {
        if (change instanceof DeadLetterRecords.Added added) {
            entries.addLast(new Stored(index, added.entry()));
        } else if (change instanceof DeadLetterRecords.Removed removed) {
            if (!removeAdded(removed.addedIndex())) {
                LOG.debug("Dead letter record at index {} removes entry {}, which is not there", index, removed.addedIndex());
            }
        } else if (change instanceof DeadLetterRecords.Cleared cleared) {
            while (!entries.isEmpty() && entries.peekFirst().index() <= cleared.upToIndex()) {
                entries.removeFirst();
            }
        }
    }

    private boolean removeAdded(long addedIndex) {
        for (Iterator<Stored> it = entries.iterator(); it.hasNext(); ) {
            if (it.next().index() == addedIndex) {
                it.remove();
                return true;
            }
        }
        return false;
    }

    /**
     * Stores a dead letter durably (logged at DEBUG); when the queue is full its oldest entry is
     * evicted first, with a warning or counted for a summary. With max size 0 the entry is only logged,
     * the same way.
     *
     * @throws IllegalArgumentException when the event is too large to store (about 16 MiB)
     */
    @Override
    public synchronized DeadLetterEntry add(Event event, Throwable error, String handlerName) {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(error, "error");
        ensureOpen();
        DeadLetterEntry entry = DeadLetterEntry.of(event, error, handlerName);
        if (maxSize == 0) {
            if (dropLog.record(Level.WARN, event, error, handlerName)) {
                LOG.warn("Event {} not kept: dead letter queue {} has max size 0 (error: {})", shortId(event),
                        directory, describe(error));
            } else if (LOG.isDebugEnabled()) {
                LOG.debug("Event {} not kept: dead letter queue {} has max size 0 (error: {})", shortId(event),
                        directory, describe(error));
            }
            return entry;
        }
        DeadLetterRecords.encodeAdded(entry, addWriter);
        if (entries.size() >= maxSize) {
            evictOldest();
        }
        long index = write(addWriter);
        entries.addLast(new Stored(index, entry));
        if (LOG.isDebugEnabled()) {
            LOG.debug("Event {} added to dead letter queue: {}", shortId(event), describe(error));
        }
        return entry;
    }

    private void evictOldest() {
        Stored oldest = entries.peekFirst();
        DeadLetterRecords.encodeRemoved(oldest.index(), true, removalWriter);
        write(removalWriter);
        entries.removeFirst();
        DeadLetterEntry evicted = oldest.entry();
        if (dropLog.record(Level.WARN, evicted.event(), evicted.error(), evicted.handlerName())) {
            LOG.warn("Dead letter queue {} is full ({} entries): evicted the oldest entry, event {} ({})", directory,
                    maxSize, shortId(evicted.event()), evicted.errorType());
        } else if (LOG.isDebugEnabled()) {
            LOG.debug("Dead letter queue {} is full ({} entries): evicted the oldest entry, event {} ({})", directory,
                    maxSize, shortId(evicted.event()), evicted.errorType());
        }
        deleteUnneededCycles();
    }

    @Override
    public synchronized Optional<DeadLetterEntry> peek() {
        ensureOpen();
        Stored oldest = entries.peekFirst();
        return oldest == null ? Optional.empty() : Optional.of(oldest.entry());
    }

    @Override
    public synchronized Optional<DeadLetterEntry> pop() {
        ensureOpen();
        Stored oldest = entries.peekFirst();
        if (oldest == null) {
            return Optional.empty();
        }
        DeadLetterRecords.encodeRemoved(oldest.index(), false, removalWriter);
        write(removalWriter);
        entries.removeFirst();
        deleteUnneededCycles();
        return Optional.of(oldest.entry());
    }

    /** Removes this very entry, recording the removal so that a reopened queue no longer has it. */
    @Override
    public synchronized boolean remove(DeadLetterEntry entry) {
        Objects.requireNonNull(entry, "entry");
        ensureOpen();
        for (Iterator<Stored> it = entries.iterator(); it.hasNext(); ) {
            Stored stored = it.next();
            if (stored.entry() == entry) {
                DeadLetterRecords.encodeRemoved(stored.index(), false, removalWriter);
                write(removalWriter);
                it.remove();
                deleteUnneededCycles();
                return true;
            }
        }
        return false;
    }

    @Override
    public synchronized List<DeadLetterEntry> getEntries() {
        return getEntries(null, (String) null);
    }

    /**
     * Entries newest first, only those whose event type has the wire value {@code eventType} when
     * it is non-null, then at most {@code limit} when it is non-null.
     *
     * @throws IllegalArgumentException when {@code limit} is zero or negative (D17: arguments are
     *     validated)
     */
    @Override
    public synchronized List<DeadLetterEntry> getEntries(Integer limit, String eventType) {
        if (limit != null && limit <= 0) {
            throw new IllegalArgumentException("limit must be > 0 (or null for all entries), got " + limit);
        }
        ensureOpen();
        int max = limit == null ? Integer.MAX_VALUE : limit;
        List<DeadLetterEntry> result = new ArrayList<>(Math.min(max, entries.size()));
        for (Iterator<Stored> it = entries.descendingIterator(); it.hasNext() && result.size() < max; ) {
            DeadLetterEntry entry = it.next().entry();
            if (eventType == null || entry.event().eventType().value().equals(eventType)) {
                result.add(entry);
            }
        }
        return result;
    }

    /** Removes every entry (recorded, so a reopened queue is empty too) and returns how many there were. */
    @Override
    public synchronized int clear() {
        ensureOpen();
        int removed = entries.size();
        if (removed > 0) {
            DeadLetterRecords.encodeCleared(entries.peekLast().index(), removalWriter);
            write(removalWriter);
            entries.clear();
            deleteUnneededCycles();
        }
        LOG.info("Cleared {} entries from dead letter queue {}", removed, directory);
        return removed;
    }

    /** How many entries the queue holds. */
    @Override
    public synchronized int size() {
        return entries.size();
    }

    /** Appends the record {@code writer} holds. */
    private long write(RecordWriter writer) {
        int length = writer.position();
        try (DocumentContext document = appender.writingDocument()) {
            try {
                document.wire().bytes().write(writer.array(), 0, length);
            } catch (RuntimeException e) {
                document.rollbackOnClose();
                throw new IllegalArgumentException("Cannot store a dead letter record of " + length + " bytes in "
                        + directory + ": " + e, e);
            }
        }
        lastRecordIndex = appender.lastIndexAppended();
        return lastRecordIndex;
    }

    /**
     * Deletes cycle files older than the oldest entry's: every record in them is an entry that is
     * gone or the removal of one, and a reopened queue no longer needs them.
     */
    private void deleteUnneededCycles() {
        long keepFrom = entries.isEmpty() ? lastRecordIndex : entries.peekFirst().index();
        if (keepFrom >= 0) {
            QueueFiles.deleteCyclesBefore(queue, queue.rollCycle().toCycle(keepFrom),
                    "dead letter queue: no remaining entry is in it");
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("Dead letter queue " + directory + " is closed");
        }
    }

    private static String shortId(Event event) {
        String id = event.id();
        return id.substring(0, Math.min(8, id.length()));
    }

    private static String describe(Throwable error) {
        return error instanceof RecordedError ? error.toString() : error.getClass().getSimpleName() + ": "
                + Objects.requireNonNullElse(error.getMessage(), "");
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        dropLog.flush();
        appender.close();
        queue.close();
    }

    @Override
    public synchronized String toString() {
        return "ChronicleDeadLetterQueue(" + directory + ", " + entries.size() + "/" + maxSize + " entries)";
    }
}
