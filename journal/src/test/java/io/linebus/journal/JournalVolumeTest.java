package io.linebus.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.linebus.bus.EventJournal;
import io.linebus.models.Event;
import io.linebus.models.EventType;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A million small events in and out, in order; logs the rough rates (never asserted). */
class JournalVolumeTest {
    private static final Logger LOG = LoggerFactory.getLogger(JournalVolumeTest.class);
    private static final int EVENTS = 1_000_000;
    private static final int SPOT_EVERY = 99_991;

    @TempDir
    Path dir;

    @Test
    void aMillionSmallEventsAreReadBackInOrder() {
        Map<Long, Event> spots = new HashMap<>();
        try (ChronicleEventJournal journal = ChronicleEventJournal.open(dir)) {
            long start = System.nanoTime();
            for (int i = 0; i < EVENTS; i++) {
                Event event = Event.builder(EventType.TEST_RESULT).source("st-1")
                        .payload(Map.of("n", (long) i, "result", "passed")).build();
                long index = journal.append(event);
                if (i % SPOT_EVERY == 0) {
                    spots.put(index, event);
                }
            }
            long appendNanos = System.nanoTime() - start;

            long[] expected = {0};
            start = System.nanoTime();
            journal.readAfter(EventJournal.NO_INDEX, (index, event) -> {
                if ((Long) event.payload().get("n") != expected[0]) {
                    throw new AssertionError("event " + expected[0] + " read as " + event.payload());
                }
                Event spot = spots.get(index);
                if (spot != null && !spot.equals(event)) {
                    throw new AssertionError("event at index " + index + " differs: " + event);
                }
                expected[0]++;
            });
            long readNanos = System.nanoTime() - start;

            assertThat(expected[0]).isEqualTo(EVENTS);
            assertThat(journal.count()).isEqualTo(EVENTS);
            for (Map.Entry<Long, Event> spot : spots.entrySet()) {
                Event[] found = new Event[1];
                assertThat(journal.replay().fromIndex(spot.getKey()).toIndex(spot.getKey()).to(e -> found[0] = e))
                        .isEqualTo(1);
                assertThat(found[0]).isEqualTo(spot.getValue());
            }
            LOG.info("{} events: created+encoded+appended at {} events/s, read+decoded at {} events/s",
                    EVENTS, rate(appendNanos), rate(readNanos));
        }
    }

    private static long rate(long nanos) {
        return EVENTS * TimeUnit.SECONDS.toNanos(1) / Math.max(1, nanos);
    }
}
