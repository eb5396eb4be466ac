package io.linebus.policies;

import io.linebus.models.Event;
import io.linebus.models.EventType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * A bounded, in-memory {@link DeadLetterQueue}; its entries are lost when the process ends.
 *
 * <p>When the queue holds {@link #maxSize()} entries, adding one evicts the oldest; the eviction is
 * logged as a warning and reported to the {@link #onEvict eviction listeners} (D17: Python evicts
 * silently). The warnings go through a {@link DeadLetterLog}: in a storm the first eviction gets a line
 * of its own and the others one summary line per window (and their own lines at DEBUG); the last counts
 * of a storm show with the next eviction. Added entries are logged at DEBUG only: the
 * {@link ErrorPolicy} that dead-letters an event reports it.
 *
 * <p>A queue of max size 0 keeps nothing, but {@link #add} still returns the entry and calls
 * {@code onAdd} (as in Python), so it can serve as a pure notification hook.
 *
 * <p>Safe for concurrent use: every operation on the entries is synchronized. The {@code onAdd}
 * and eviction callbacks run on the adding thread after the entries are updated and outside the
 * lock (so they may use the queue); their exceptions are logged and swallowed.
 */
public final class InMemoryDeadLetterQueue implements DeadLetterQueue {
    private static final Logger LOG = LoggerFactory.getLogger(InMemoryDeadLetterQueue.class);

    private final int maxSize;
    private final Consumer<DeadLetterEntry> onAdd;
    private final List<Consumer<DeadLetterEntry>> evictionListeners = new CopyOnWriteArrayList<>();
    private final DeadLetterLog evictionLog;
    /** Oldest first. Guarded by {@code this}. */
    private final ArrayDeque<DeadLetterEntry> entries = new ArrayDeque<>();

    /** A queue of at most {@link #DEFAULT_MAX_SIZE} entries. */
    public InMemoryDeadLetterQueue() {
        this(DEFAULT_MAX_SIZE, null);
    }

    /**
     * @throws IllegalArgumentException when {@code maxSize} is negative
     */
    public InMemoryDeadLetterQueue(int maxSize) {
        this(maxSize, null);
    }

    /**
     * @param onAdd called with each added entry, or null
     * @throws IllegalArgumentException when {@code maxSize} is negative
     */
    public InMemoryDeadLetterQueue(int maxSize, Consumer<DeadLetterEntry> onAdd) {
        this(maxSize, onAdd, System::nanoTime);
    }

    /** As {@link #InMemoryDeadLetterQueue(int, Consumer)}, with the clock of the eviction log (tests). */
    InMemoryDeadLetterQueue(int maxSize, Consumer<DeadLetterEntry> onAdd, LongSupplier nanoClock) {
        if (maxSize < 0) {
            throw new IllegalArgumentException("maxSize must be >= 0, got " + maxSize);
        }
        this.maxSize = maxSize;
        this.onAdd = onAdd;
        this.evictionLog = new DeadLetterLog(LOG, "entries evicted from the full dead letter queue (" + maxSize
                + " entries)", DeadLetterLog.DEFAULT_WINDOW, nanoClock);
    }

    /** The most entries kept; adding beyond it evicts the oldest. */
    public int maxSize() {
        return maxSize;
    }

    /** Adds a listener called with each entry evicted to make room (after its log line, if any). */
    public InMemoryDeadLetterQueue onEvict(Consumer<DeadLetterEntry> listener) {
        evictionListeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    @Override
    public DeadLetterEntry add(Event event, Throwable error, String handlerName) {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(error, "error");
        DeadLetterEntry entry = DeadLetterEntry.of(event, error, handlerName);
        DeadLetterEntry evicted = null;
        synchronized (this) {
            if (maxSize > 0) {
                if (entries.size() == maxSize) {
                    evicted = entries.pollFirst();
                }
                entries.addLast(entry);
            }
        }
        if (evicted != null) {
            if (evictionLog.record(Level.WARN, evicted.event(), evicted.error(), evicted.handlerName())) {
                LOG.warn("Dead letter queue full ({} entries): evicted the oldest entry, event {} ({}: {})",
                        maxSize, ShortIds.of(evicted.event()), evicted.errorType(), evicted.errorMessage());
            } else if (LOG.isDebugEnabled()) {
                LOG.debug("Dead letter queue full ({} entries): evicted the oldest entry, event {} ({}: {})",
                        maxSize, ShortIds.of(evicted.event()), evicted.errorType(), evicted.errorMessage());
            }
            for (Consumer<DeadLetterEntry> listener : evictionListeners) {
                notify(listener, evicted, "eviction listener");
            }
        }
        if (LOG.isDebugEnabled()) {
            // The error as text, not as the last argument, which SLF4J would print as a stack trace.
            LOG.debug("Event {} added to dead letter queue: {}", ShortIds.of(event), error.toString());
        }
        if (onAdd != null) {
            notify(onAdd, entry, "onAdd callback");
        }
        return entry;
    }

    private static void notify(Consumer<DeadLetterEntry> callback, DeadLetterEntry entry, String what) {
        try {
            callback.accept(entry);
        } catch (Throwable callbackError) {
            if (callbackError instanceof VirtualMachineError fatal) {
                throw fatal;
            }
            LOG.error("Dead letter queue {} failed for event {}", what, ShortIds.of(entry.event()),
                    callbackError);
        }
    }

    @Override
    public synchronized Optional<DeadLetterEntry> peek() {
        return Optional.ofNullable(entries.peekFirst());
    }

    @Override
    public synchronized Optional<DeadLetterEntry> pop() {
        return Optional.ofNullable(entries.pollFirst());
    }

    @Override
    public synchronized boolean remove(DeadLetterEntry entry) {
        Objects.requireNonNull(entry, "entry");
        for (Iterator<DeadLetterEntry> it = entries.iterator(); it.hasNext(); ) {
            if (it.next() == entry) {
                it.remove();
                return true;
            }
        }
        return false;
    }

    @Override
    public List<DeadLetterEntry> getEntries() {
        return getEntries(null, (String) null);
    }

    /**
     * {@inheritDoc}
     *
     * @param eventType a wire value such as {@code "test.result"}, or null for every type
     * @throws IllegalArgumentException when {@code limit} is not positive, or {@code eventType} is
     *     not the wire value of any {@link EventType} (a constant name such as {@code TEST_RESULT}
     *     would match nothing)
     */
    @Override
    public List<DeadLetterEntry> getEntries(Integer limit, String eventType) {
        if (limit != null && limit <= 0) {
            throw new IllegalArgumentException("limit must be positive, or null for all entries, got " + limit);
        }
        EventType type = null;
        if (eventType != null) {
            type = EventType.lookup(eventType);
            if (type == null) {
                throw new IllegalArgumentException("Unknown event type value '" + eventType
                        + "'; expected a wire value such as 'test.result'");
            }
        }
        int max = limit == null ? Integer.MAX_VALUE : limit;
        synchronized (this) {
            List<DeadLetterEntry> result = new ArrayList<>(Math.min(max, entries.size()));
            Iterator<DeadLetterEntry> newestFirst = entries.descendingIterator();
            while (newestFirst.hasNext() && result.size() < max) {
                DeadLetterEntry entry = newestFirst.next();
                if (type == null || entry.event().eventType() == type) {
                    result.add(entry);
                }
            }
            return Collections.unmodifiableList(result);
        }
    }

    @Override
    public int clear() {
        int removed;
        synchronized (this) {
            removed = entries.size();
            entries.clear();
        }
        LOG.info("Cleared {} entries from dead letter queue", removed);
        return removed;
    }

    @Override
    public synchronized int size() {
        return entries.size();
    }

    /** {@code InMemoryDeadLetterQueue(size=<n>, max_size=<m>)}. */
    @Override
    public synchronized String toString() {
        return "InMemoryDeadLetterQueue(size=" + entries.size() + ", max_size=" + maxSize + ")";
    }
}
