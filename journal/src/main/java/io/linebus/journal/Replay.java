package io.linebus.journal;

import io.linebus.bus.EventJournal.IndexedEventConsumer;
import io.linebus.bus.AsyncEventBus;
import io.linebus.bus.EventBus;
import io.linebus.models.Event;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * A replay of journaled events, configured step by step and run by {@code to} or {@link #toIndexed}:
 * <pre>{@code
 * long replayed = journal.replay().fromTime(start).filter(filter).pace(ReplayPace.RECORDED).to(consumer);
 * }</pre>
 * By default everything from the first event to the last, at full speed. The bounds combine: the
 * replay starts at the first event that is at or after {@link #fromIndex} and appended at or after
 * {@link #fromTime}, and ends after {@link #toIndex}. A replay reads the events that exist when it
 * reaches them, and can be run again.
 *
 * <p>Not thread-safe while being configured; each run reads with its own cursor, so
 * separate replays may run concurrently on one journal.
 */
public final class Replay {
    private final ChronicleEventJournal journal;
    private long fromIndex = Long.MIN_VALUE;
    private long toIndex = Long.MAX_VALUE;
    private long fromMicros = Long.MIN_VALUE;
    private Predicate<? super Event> filter;
    private ReplayPace pace = ReplayPace.MAX;
    private double speed = 1.0;
    private LongSupplier nanoClock = System::nanoTime;
    private LongConsumer parkNanos = LockSupport::parkNanos;

    Replay(ChronicleEventJournal journal) {
        this.journal = journal;
    }

    /** From the first event in the journal (clears {@link #fromIndex} and {@link #fromTime}). */
    public Replay fromStart() {
        fromIndex = Long.MIN_VALUE;
        fromMicros = Long.MIN_VALUE;
        return this;
    }

    /** From the event with this index, inclusive (or the next one that exists). */
    public Replay fromIndex(long index) {
        if (index < 0) {
            throw new IllegalArgumentException("fromIndex must be a journal index (>= 0), got " + index);
        }
        fromIndex = index;
        return this;
    }

    /** From the first event the journal appended at or after {@code time}. */
    public Replay fromTime(Instant time) {
        Objects.requireNonNull(time, "time");
        fromMicros = toEpochMicros(time);
        return this;
    }

    /** Up to the event with this index, inclusive. */
    public Replay toIndex(long index) {
        if (index < 0) {
            throw new IllegalArgumentException("toIndex must be a journal index (>= 0), got " + index);
        }
        toIndex = index;
        return this;
    }

    /**
     * Only events {@code filter} accepts (an {@code EventFilter} is such a predicate); several
     * filters must all accept. Skipped events are not counted.
     */
    public Replay filter(Predicate<? super Event> filter) {
        Objects.requireNonNull(filter, "filter");
        Predicate<? super Event> previous = this.filter;
        this.filter = previous == null ? filter : (Predicate<Event>) event -> previous.test(event) && filter.test(event);
        return this;
    }

    /** At full speed ({@link ReplayPace#MAX}) or at the recorded pace, in real time. */
    public Replay pace(ReplayPace pace) {
        return pace(pace, 1.0);
    }

    /**
     * At full speed or at the recorded pace scaled by {@code speed}: 2.0 replays twice as fast as
     * recorded, 0.5 at half speed. The first replayed event goes out at once.
     */
    public Replay pace(ReplayPace pace, double speed) {
        Objects.requireNonNull(pace, "pace");
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("speed must be a finite number > 0, got " + speed);
        }
        this.pace = pace;
        this.speed = speed;
        return this;
    }

    /** The time source and sleep of recorded-pace replays (tests pass fakes). */
    Replay timing(LongSupplier nanoClock, LongConsumer parkNanos) {
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.parkNanos = Objects.requireNonNull(parkNanos, "parkNanos");
        return this;
    }

    /** Hands each event to {@code consumer}; returns how many it received. */
    public long to(Consumer<? super Event> consumer) {
        Objects.requireNonNull(consumer, "consumer");
        return toIndexed((index, event) -> consumer.accept(event));
    }

    /**
     * Publishes each event into a synchronous bus (its handlers run on this thread); returns the count.
     * A handler's failure follows the bus's retry and error policies and does not end the replay.
     */
    public long to(EventBus bus) {
        Objects.requireNonNull(bus, "bus");
        return to(bus::publish);
    }

    /**
     * Publishes each event into an asynchronous bus (waiting for ring capacity as {@code publish} does);
     * returns the count. Use {@code bus.awaitIdle} to wait until they are handled.
     */
    public long to(AsyncEventBus bus) {
        Objects.requireNonNull(bus, "bus");
        return to(bus::publish);
    }

    /**
     * Hands each event with its index to {@code consumer}; returns how many it received. (Not an
     * overload of {@code to}: {@code to(list::add)} would then be ambiguous.) An
     * exception from the consumer ends the replay and propagates. When the thread is interrupted
     * while waiting for the recorded pace, the replay ends early with the interrupt status kept.
     *
     * @throws CorruptRecordException for a damaged record (naming its index)
     */
    public long toIndexed(IndexedEventConsumer consumer) {
        Objects.requireNonNull(consumer, "consumer");
        long count = 0;
        boolean started = false;
        long firstMicros = 0;
        long startNanos = 0;
        try (JournalCursor cursor = journal.openCursor()) {
            if (fromIndex == Long.MIN_VALUE) {
                cursor.toStart();
            } else {
                cursor.toIndex(fromIndex);
            }
            boolean timeReached = fromMicros == Long.MIN_VALUE;
            while (cursor.next()) {
                long index = cursor.index();
                if (index > toIndex) {
                    break;
                }
                if (!timeReached) {
                    if (cursor.appendMicros() < fromMicros) {
                        continue;
                    }
                    timeReached = true;
                }
                Event event = cursor.event();
                if (filter != null && !filter.test(event)) {
                    continue;
                }
                if (pace == ReplayPace.RECORDED) {
                    if (!started) {
                        started = true;
                        firstMicros = cursor.appendMicros();
                        startNanos = nanoClock.getAsLong();
                    } else if (!awaitRecordedTime(startNanos, cursor.appendMicros() - firstMicros)) {
                        break;
                    }
                }
                consumer.accept(index, event);
                count++;
            }
        }
        return count;
    }

    /** Waits until {@code elapsedMicros / speed} after the start; false when interrupted. */
    private boolean awaitRecordedTime(long startNanos, long elapsedMicros) {
        long deadline = startNanos + (long) (Math.max(0, elapsedMicros) * 1_000.0 / speed);
        long remaining;
        while ((remaining = deadline - nanoClock.getAsLong()) > 0) {
            parkNanos.accept(remaining);
            if (Thread.currentThread().isInterrupted()) {
                return false;
            }
        }
        return true;
    }

    /** {@code time} in epoch microseconds, rounded up (append times have microsecond precision). */
    private static long toEpochMicros(Instant time) {
        try {
            long micros = Math.addExact(Math.multiplyExact(time.getEpochSecond(), 1_000_000L), time.getNano() / 1_000);
            return time.getNano() % 1_000 == 0 ? micros : Math.addExact(micros, 1);
        } catch (ArithmeticException e) {
            return time.isBefore(Instant.EPOCH) ? Long.MIN_VALUE + 1 : Long.MAX_VALUE;
        }
    }
}
