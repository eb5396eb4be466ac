package io.linebus.journal;

import io.linebus.bus.EventJournal;
import io.linebus.models.Event;
import java.nio.BufferOverflowException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.core.time.SystemTimeProvider;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event journal on Chronicle Queue: one excerpt per event (its append time in epoch
 * microseconds, then its {@link EventCodec} record), in a directory of roll-cycle files, plus each
 * handler's checkpoint in a memory-mapped file beside them.
 *
 * <p>Append times never go backwards. Appends of staged records, which a bus makes in batches,
 * read the clock for the first of a batch and then every {@value #CLOCK_READ_EVERY}th, so a time
 * may be a few microseconds old (reading a clock costs as much as a seventh of an append); an
 * {@link #append(Event)} always reads it.
 *
 * <p>Durability: an appended event and a saved checkpoint are in memory-mapped files, so they
 * survive the death of the process (including {@code kill -9}) as soon as the call returns; with
 * {@link Builder#syncOnEndOfBatch(boolean)} they are also forced to disk at the end of each batch,
 * against power loss.
 *
 * <p>Indices are Chronicle indices (cycle and sequence): they only grow, but are not contiguous
 * across cycles, so count with {@link #count()}, never by subtracting indices.
 *
 * <p>Thread-safe: appends are serialized, and every read ({@link #readAfter}, {@link #replay()},
 * {@link #tail()}) uses its own cursor. Another process may read the same directory live (see
 * {@link #tail(Path)}); one process at a time should append and save checkpoints.
 */
public final class ChronicleEventJournal implements EventJournal, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChronicleEventJournal.class);

    /** The default roll cycle: one file a day. */
    public static final RollCycle DEFAULT_ROLL_CYCLE = RollCycles.FAST_DAILY;
    /** The default of {@link Builder#stagedRecordBytes(int)}. */
    public static final int DEFAULT_STAGED_RECORD_BYTES = 1024;
    /** Within a batch of staged appends, the clock is read for one append in this many. */
    static final int CLOCK_READ_EVERY = 16;
    /** The encode array of {@link #append(Event)} is let go after a record larger than this. */
    private static final int RETAINED_RECORD_BYTES = 1 << 20;

    private final Path directory;
    private final SingleChronicleQueue queue;
    private final TimeProvider timeProvider;
    private final boolean readOnly;
    private final int retainCycles;
    private final boolean syncOnEndOfBatch;
    private final int stagedRecordBytes;
    private final CheckpointStore checkpoints;

    private final Object appendLock = new Object();
    private ExcerptAppender appender;
    private final RecordWriter writer = new RecordWriter(512, RETAINED_RECORD_BYTES);
    private final RecordKeys keys = new RecordKeys();
    private long lastAppendMicros;
    /** Staged appends since the clock was last read in the current batch; 0: read it next time. */
    private int stagedSinceClockRead;
    private int lastAppendCycle = Integer.MIN_VALUE;
    private volatile boolean closed;

    private ChronicleEventJournal(Builder builder) {
        this.directory = builder.directory.toAbsolutePath();
        this.timeProvider = builder.timeProvider;
        this.readOnly = builder.readOnly;
        this.retainCycles = builder.retainCycles;
        this.syncOnEndOfBatch = builder.syncOnEndOfBatch;
        this.stagedRecordBytes = builder.stagedRecordBytes;
        // Unless asked for, no roll cycle for an existing journal: Chronicle would warn that it keeps its own.
        RollCycle rollCycle = builder.rollCycle != null ? builder.rollCycle
                : Files.isDirectory(directory) && QueueFiles.holdsQueue(directory) ? null : DEFAULT_ROLL_CYCLE;
        this.queue = QueueFiles.open(directory, "journal", rollCycle, timeProvider, readOnly);
        try {
            this.checkpoints = CheckpointStore.open(directory, readOnly);
            this.lastAppendMicros = readLastAppendMicros();
            if (!readOnly && retainCycles > 0) {
                applyRetention(queue.cycle());
            }
        } catch (RuntimeException e) {
            queue.close();
            throw e;
        }
    }

    /** Opens (creating if needed) the journal in {@code directory} with the default settings. */
    public static ChronicleEventJournal open(Path directory) {
        return builder(directory).build();
    }

    /** A builder for the journal in {@code directory}. */
    public static Builder builder(Path directory) {
        return new Builder(Objects.requireNonNull(directory, "directory"));
    }

    /**
     * A tail of the journal in {@code directory}, opened read-only, e.g. for a {@code tail --follow}
     * in another process than the one appending. Closing the tail closes what it opened.
     *
     * @throws JournalException when the directory does not exist or is not a journal
     */
    public static JournalTail tail(Path directory) {
        Objects.requireNonNull(directory, "directory");
        SingleChronicleQueue readOnlyQueue = QueueFiles.open(directory, "journal", null, SystemTimeProvider.CLOCK,
                true);
        try {
            return new JournalTail(new JournalCursor(readOnlyQueue, directory.toAbsolutePath()), readOnlyQueue);
        } catch (RuntimeException e) {
            readOnlyQueue.close();
            throw e;
        }
    }

    /** The journal's directory, absolute. */
    public Path directory() {
        return directory;
    }

    /** Whether the journal was opened with {@link Builder#readOnly()}. */
    public boolean isReadOnly() {
        return readOnly;
    }

    /** The roll cycle in use (a reopened journal keeps the one it was created with). */
    public RollCycle rollCycle() {
        return queue.rollCycle();
    }

    /**
     * Appends {@code event} as one excerpt and returns its index.
     *
     * @throws IllegalArgumentException when the event cannot be encoded or is larger than an excerpt
     *     can be (about 16 MiB with the default block size); nothing is appended then
     * @throws IllegalStateException when the journal is closed or read-only
     */
    @Override
    public long append(Event event) {
        Objects.requireNonNull(event, "event");
        synchronized (appendLock) {
            ensureWritable();
            writer.reset();
            EventCodec.write(event, writer, keys);
            stagedSinceClockRead = 0;
            return appendRecord(writer, event.id());
        }
    }

    /**
     * A ring slot's record holder: the publisher encodes there and the journal stage calls
     * {@link StagedRecord#append()}; records up to {@link Builder#stagedRecordBytes(int)} reuse its
     * array. Null when staging is off.
     */
    @Override
    public StagedRecord newStagedRecord() {
        return stagedRecordBytes == 0 ? null : new StagedEvent();
    }

    /** Writes the encoded record {@code record} holds as one excerpt; the caller holds the append lock. */
    private long appendRecord(RecordWriter record, String eventId) {
        int length = record.position();
        // Append times never go backwards, so replay by time can start at the first match.
        long micros = lastAppendMicros;
        if (stagedSinceClockRead == 0) {
            micros = Math.max(timeProvider.currentTimeMicros(), lastAppendMicros);
        }
        ExcerptAppender excerpts = appender();
        try (DocumentContext document = excerpts.writingDocument()) {
            try {
                Bytes<?> bytes = document.wire().bytes();
                bytes.writeLong(micros);
                bytes.write(record.array(), 0, length);
            } catch (BufferOverflowException e) {
                document.rollbackOnClose();
                throw new IllegalArgumentException("Event " + eventId + " is too large for the journal: "
                        + length + " bytes encoded", e);
            } catch (RuntimeException | Error e) {
                document.rollbackOnClose();
                throw e;
            }
        }
        lastAppendMicros = micros;
        long index = excerpts.lastIndexAppended();
        if (retainCycles > 0) {
            int cycle = queue.rollCycle().toCycle(index);
            if (cycle != lastAppendCycle) {
                lastAppendCycle = cycle;
                applyRetention(cycle);
            }
        }
        return index;
    }

    /**
     * Ends a batch of staged appends (the next reads the clock again) and, with
     * {@link Builder#syncOnEndOfBatch(boolean)}, forces appended events and checkpoints to disk.
     */
    @Override
    public void endOfBatch() {
        // The next batch may come much later: its first append reads the clock. No lock: staged
        // appends and this call come from the one journal-stage thread, and the only other write
        // (by append(Event), under the lock) is the same 0.
        stagedSinceClockRead = 0;
        if (!syncOnEndOfBatch) {
            return;
        }
        synchronized (appendLock) {
            ensureWritable();
            if (appender != null) {
                appender.sync();
            }
            checkpoints.force();
        }
    }

    private ExcerptAppender appender() {
        if (appender == null) {
            appender = queue.createAppender();
            // Serialized by appendLock, used by whichever thread appends.
            appender.singleThreadedCheckDisabled(true);
        }
        return appender;
    }

    private void applyRetention(int currentCycle) {
        QueueFiles.deleteCyclesBefore(queue, currentCycle - retainCycles + 1,
                "journal retention: the newest " + retainCycles + " cycles are kept");
    }

    private long readLastAppendMicros() {
        try (ExcerptTailer last = queue.createTailer().direction(TailerDirection.BACKWARD).toEnd();
                DocumentContext document = last.readingDocument()) {
            if (document.isPresent() && document.wire().bytes().readRemaining() >= JournalCursor.HEADER_LENGTH) {
                return document.wire().bytes().readLong();
            }
            return Long.MIN_VALUE;
        }
    }

    /** The index of the first event, or {@link #NO_INDEX} when the journal is empty. */
    public long firstIndex() {
        ensureOpen();
        long first = queue.firstIndex();
        return first == Long.MAX_VALUE ? NO_INDEX : first;
    }

    @Override
    public long lastIndex() {
        ensureOpen();
        long last = queue.lastIndex();
        return last < 0 ? NO_INDEX : last;
    }

    /** How many events the journal holds (those removed by retention not counted). */
    public long count() {
        ensureOpen();
        return queue.entryCount();
    }

    /**
     * Records that {@code handlerName} completed every event up to {@code index}; the last value
     * saved wins. Cheap (one memory store) and durable across a process crash once it returns.
     *
     * @throws IllegalArgumentException for a negative index other than {@link #NO_INDEX}, or a name
     *     longer than 246 UTF-8 bytes
     */
    @Override
    public void saveCheckpoint(String handlerName, long index) {
        Objects.requireNonNull(handlerName, "handlerName");
        if (index < BEFORE_FIRST) {
            throw new IllegalArgumentException("index must be a journal index, NO_INDEX or BEFORE_FIRST, got " + index);
        }
        ensureOpen();
        checkpoints.save(handlerName, index);
    }

    @Override
    public long loadCheckpoint(String handlerName) {
        Objects.requireNonNull(handlerName, "handlerName");
        ensureOpen();
        return checkpoints.load(handlerName);
    }

    /** Every saved checkpoint by handler name, in the order the handlers first saved one. */
    public Map<String, Long> checkpoints() {
        ensureOpen();
        return checkpoints.all();
    }

    /**
     * Hands every event with an index greater than {@code index} to {@code consumer}, in order
     * ({@link #NO_INDEX}: every event). Events removed by retention are gone; that is logged.
     *
     * @throws CorruptRecordException for a damaged record (naming its index)
     */
    @Override
    public void readAfter(long index, IndexedEventConsumer consumer) {
        Objects.requireNonNull(consumer, "consumer");
        if (index < BEFORE_FIRST) {
            throw new IllegalArgumentException("index must be a journal index, NO_INDEX or BEFORE_FIRST, got " + index);
        }
        Replay replay = replay();
        if (index >= 0) {
            long first = firstIndex();
            if (first != NO_INDEX && index + 1 < first) {
                LOG.warn("Reading {} after index {}, but it starts at {}: older events were removed by retention",
                        directory, index, first);
            }
            replay.fromIndex(index == Long.MAX_VALUE ? index : index + 1);
        }
        replay.toIndexed(consumer);
    }

    /** A replay of this journal, from its first event at full speed until configured otherwise. */
    public Replay replay() {
        ensureOpen();
        return new Replay(this);
    }

    /** A tail following this journal, from its first event (see {@link JournalTail#fromEnd()}). */
    public JournalTail tail() {
        return new JournalTail(openCursor(), null);
    }

    JournalCursor openCursor() {
        ensureOpen();
        return new JournalCursor(queue, directory);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("Journal " + directory + " is closed");
        }
    }

    private void ensureWritable() {
        ensureOpen();
        if (readOnly) {
            throw new IllegalStateException("Journal " + directory + " is opened read-only");
        }
    }

    /** Closes the queue and the checkpoint file; tails and replays of this journal stop working. */
    @Override
    public void close() {
        synchronized (appendLock) {
            if (closed) {
                return;
            }
            closed = true;
            if (appender != null) {
                appender.close();
            }
            checkpoints.close();
            queue.close();
        }
    }

    @Override
    public String toString() {
        return "ChronicleEventJournal(" + directory + (readOnly ? ", read-only)" : ")");
    }

    /** One ring slot's staged record: encoded on the publishing thread, appended on the journal thread. */
    private final class StagedEvent implements StagedRecord {
        private final RecordWriter record = new RecordWriter(Math.min(256, stagedRecordBytes), stagedRecordBytes);
        private String eventId;

        @Override
        public void stage(Event event) {
            record.reset();
            EventCodec.write(event, record);
            eventId = event.id();
        }

        @Override
        public long append() {
            try {
                synchronized (appendLock) {
                    ensureWritable();
                    long index = appendRecord(record, eventId);
                    stagedSinceClockRead = (stagedSinceClockRead + 1) % CLOCK_READ_EVERY;
                    return index;
                }
            } finally {
                eventId = null; // keeps no handled event's id alive
                record.reset(); // and no array larger than stagedRecordBytes
            }
        }
    }

    /** Settings of a {@link ChronicleEventJournal}. */
    public static final class Builder {
        private final Path directory;
        private RollCycle rollCycle;
        private TimeProvider timeProvider = SystemTimeProvider.CLOCK;
        private int retainCycles;
        private boolean readOnly;
        private boolean syncOnEndOfBatch;
        private int stagedRecordBytes = DEFAULT_STAGED_RECORD_BYTES;

        private Builder(Path directory) {
            this.directory = directory;
        }

        /**
         * How often a new file is started, e.g. {@code RollCycles.FAST_HOURLY}; default
         * {@link #DEFAULT_ROLL_CYCLE}. An existing journal keeps the roll cycle it was created with.
         */
        public Builder rollCycle(RollCycle rollCycle) {
            this.rollCycle = Objects.requireNonNull(rollCycle, "rollCycle");
            return this;
        }

        /**
         * Keeps only the files of the newest {@code cycles} roll cycles (by time: 7 with a daily
         * roll cycle keeps a week), deleting older ones when a new cycle starts and on open;
         * 0 (the default) keeps everything.
         */
        public Builder retainCycles(int cycles) {
            if (cycles < 0) {
                throw new IllegalArgumentException("retainCycles must be >= 0 (0 keeps everything), got " + cycles);
            }
            this.retainCycles = cycles;
            return this;
        }

        /** Opens an existing journal for reading only (it must exist); appends and checkpoint saves then fail. */
        public Builder readOnly() {
            this.readOnly = true;
            return this;
        }

        /** Whether {@link #endOfBatch()} forces data to disk (survives power loss; slower). Default false. */
        public Builder syncOnEndOfBatch(boolean sync) {
            this.syncOnEndOfBatch = sync;
            return this;
        }

        /**
         * How many bytes of encoded record each ring slot of a bus journaling here keeps between
         * events (see {@link io.linebus.bus.EventJournal#newStagedRecord()}); default
         * {@value #DEFAULT_STAGED_RECORD_BYTES}. Publishers then encode their events and the journal
         * stage only writes them, so the one journal thread does less per event. A larger record
         * takes a temporary array; a bus holds at most its ring size times this. 0 turns staging
         * off: the journal stage encodes every event itself.
         */
        public Builder stagedRecordBytes(int bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("stagedRecordBytes must be >= 0 (0 turns staging off), got " + bytes);
            }
            this.stagedRecordBytes = bytes;
            return this;
        }

        /** The clock of append times and roll cycles (tests pass a settable one). */
        public Builder timeProvider(TimeProvider timeProvider) {
            this.timeProvider = Objects.requireNonNull(timeProvider, "timeProvider");
            return this;
        }

        /**
         * Opens the journal.
         *
         * @throws JournalException when the directory is not a journal, or (read-only) does not exist
         */
        public ChronicleEventJournal build() {
            return new ChronicleEventJournal(this);
        }
    }
}
