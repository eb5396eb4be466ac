package io.linebus.bus;

import io.linebus.models.Event;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * An {@link EventJournal} in memory for engine tests; appends of events matching {@code poison} fail.
 * A staging one hands out {@link StagedRecord}s, which fail to stage poison and remember the threads
 * that staged and appended.
 */
final class InMemoryJournal implements EventJournal {
    private final List<Event> events = new ArrayList<>();
    private final Map<String, Long> checkpoints = new HashMap<>();
    private final List<String> stagingThreads = new ArrayList<>();
    private final List<String> appendingThreads = new ArrayList<>();
    private final Predicate<Event> poison;
    private final boolean staging;

    InMemoryJournal(Predicate<Event> poison) {
        this(poison, false);
    }

    InMemoryJournal(Predicate<Event> poison, boolean staging) {
        this.poison = poison;
        this.staging = staging;
    }

    @Override
    public StagedRecord newStagedRecord() {
        if (!staging) {
            return null;
        }
        return new StagedRecord() {
            private Event staged;

            @Override
            public void stage(Event event) {
                String thread = Thread.currentThread().getName();
                synchronized (InMemoryJournal.this) {
                    stagingThreads.add(thread);
                }
                if (poison.test(event)) {
                    throw new IllegalArgumentException("cannot encode");
                }
                staged = event;
            }

            @Override
            public long append() {
                synchronized (InMemoryJournal.this) {
                    appendingThreads.add(Thread.currentThread().getName());
                    events.add(staged);
                    return events.size() - 1;
                }
            }
        };
    }

    @Override
    public synchronized long append(Event event) {
        if (poison.test(event)) {
            throw new IllegalArgumentException("disk full");
        }
        events.add(event);
        return events.size() - 1;
    }

    @Override
    public synchronized long lastIndex() {
        return events.size() - 1;
    }

    @Override
    public synchronized void saveCheckpoint(String handlerName, long index) {
        checkpoints.put(handlerName, index);
    }

    @Override
    public synchronized long loadCheckpoint(String handlerName) {
        return checkpoints.getOrDefault(handlerName, NO_INDEX);
    }

    @Override
    public synchronized void readAfter(long index, IndexedEventConsumer consumer) {
        for (int i = (int) Math.max(0, index + 1); i < events.size(); i++) {
            consumer.accept(i, events.get(i));
        }
    }

    synchronized List<Event> events() {
        return List.copyOf(events);
    }

    synchronized List<String> stagingThreads() {
        return List.copyOf(stagingThreads);
    }

    synchronized List<String> appendingThreads() {
        return List.copyOf(appendingThreads);
    }
}
