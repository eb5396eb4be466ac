package io.linebus.journal;

import static io.linebus.journal.ChronicleEventJournalTest.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linebus.models.Event;
import io.linebus.models.EventType;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import net.openhft.chronicle.core.time.SetTimeProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayTest {
    private static final Instant START = Instant.parse("2026-05-01T10:00:00Z");

    @TempDir
    Path dir;

    private final SetTimeProvider clock = new SetTimeProvider(START);
    private ChronicleEventJournal journal;
    private final List<Long> indices = new ArrayList<>();

    /** Ten events, 0..9, appended 1 ms apart from {@link #START}. */
    @BeforeEach
    void appendTenEvents() {
        journal = ChronicleEventJournal.builder(dir).timeProvider(clock).build();
        for (int i = 0; i < 10; i++) {
            indices.add(journal.append(event(i)));
            clock.advanceMillis(1);
        }
    }

    @AfterEach
    void close() {
        journal.close();
    }

    private static List<Long> numbers(List<Event> events) {
        return events.stream().map(e -> (Long) e.payload().get("n")).toList();
    }

    @Test
    void replaysEverythingFromTheStartByDefault() {
        List<Event> replayed = new ArrayList<>();

        long count = journal.replay().to(replayed::add);

        assertThat(count).isEqualTo(10);
        assertThat(numbers(replayed)).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
    }

    @Test
    void fromIndexAndToIndexAreInclusive() {
        List<Event> replayed = new ArrayList<>();

        long count = journal.replay().fromIndex(indices.get(3)).toIndex(indices.get(6)).to(replayed::add);

        assertThat(count).isEqualTo(4);
        assertThat(numbers(replayed)).containsExactly(3L, 4L, 5L, 6L);
    }

    @Test
    void theIndexedConsumerReceivesEachEventsIndex() {
        List<Long> seen = new ArrayList<>();

        journal.replay().fromIndex(indices.get(8)).toIndexed((index, event) -> seen.add(index));

        assertThat(seen).containsExactly(indices.get(8), indices.get(9));
    }

    @Test
    void fromTimeStartsAtTheFirstEventAppendedAtOrAfterIt() {
        List<Event> replayed = new ArrayList<>();

        long count = journal.replay().fromTime(START.plusMillis(7)).to(replayed::add);

        assertThat(count).isEqualTo(3);
        assertThat(numbers(replayed)).containsExactly(7L, 8L, 9L);
        assertThat(journal.replay().fromTime(START.plusMillis(7).plusNanos(1)).to(e -> { })).isEqualTo(2);
        assertThat(journal.replay().fromTime(START.minusSeconds(60)).to(e -> { })).isEqualTo(10);
        assertThat(journal.replay().fromTime(Instant.MAX).to(e -> { })).isZero();
    }

    @Test
    void boundsCombineAndFromStartClearsThem() {
        Replay replay = journal.replay().fromTime(START.plusMillis(2)).fromIndex(indices.get(4)).toIndex(indices.get(5));
        assertThat(replay.to(e -> { })).isEqualTo(2);
        assertThat(replay.fromStart().to(e -> { })).isEqualTo(6);
    }

    @Test
    void filtersAreAllApplied() {
        List<Event> replayed = new ArrayList<>();
        Predicate<Event> testResults = e -> e.eventType() == EventType.TEST_RESULT;
        Predicate<Object> notFirst = e -> !((Event) e).payload().get("n").equals(0L);

        long count = journal.replay().filter(testResults).filter(notFirst).to(replayed::add);

        assertThat(count).isEqualTo(4);
        assertThat(numbers(replayed)).containsExactly(2L, 4L, 6L, 8L);
    }

    @Test
    void replaysOfEmptyRangesReplayNothing() {
        assertThat(journal.replay().fromIndex(indices.get(9) + 1).to(e -> { })).isZero();
        assertThat(journal.replay().toIndex(indices.get(0) - 1).to(e -> { })).isZero();
        assertThat(journal.replay().fromIndex(indices.get(5)).toIndex(indices.get(4)).to(e -> { })).isZero();
    }

    @Test
    void recordedPaceWaitsTheRecordedGapsScaledBySpeed() {
        List<Long> sleeps = new ArrayList<>();
        AtomicLong now = new AtomicLong(1_000_000L);
        List<Long> deliveredAt = new ArrayList<>();

        long count = journal.replay().fromIndex(indices.get(2)).toIndex(indices.get(5))
                .pace(ReplayPace.RECORDED, 2.0)
                .timing(now::get, nanos -> {
                    sleeps.add(nanos);
                    now.addAndGet(nanos);
                })
                .to(e -> deliveredAt.add(now.get()));

        // events 1 ms apart, at twice the recorded speed: 0.5 ms between deliveries
        assertThat(count).isEqualTo(4);
        assertThat(deliveredAt).containsExactly(1_000_000L, 1_500_000L, 2_000_000L, 2_500_000L);
        assertThat(sleeps).containsExactly(500_000L, 500_000L, 500_000L);
    }

    @Test
    void recordedPaceInRealTimeDeliversEverything() {
        List<Event> replayed = new ArrayList<>();

        long count = journal.replay().pace(ReplayPace.RECORDED).to(replayed::add);

        assertThat(count).isEqualTo(10);
        assertThat(numbers(replayed)).startsWith(0L).endsWith(9L);
    }

    @Test
    void anInterruptDuringRecordedPaceEndsTheReplayEarly() {
        List<Event> replayed = new ArrayList<>();
        try {
            long count = journal.replay().pace(ReplayPace.RECORDED, 0.001)
                    .timing(System::nanoTime, nanos -> Thread.currentThread().interrupt())
                    .to(replayed::add);

            assertThat(count).isEqualTo(1);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void aFailingConsumerEndsTheReplay() {
        List<Event> replayed = new ArrayList<>();
        assertThatThrownBy(() -> journal.replay().to(e -> {
            replayed.add(e);
            if (replayed.size() == 3) {
                throw new IllegalStateException("consumer failed");
            }
        })).isInstanceOf(IllegalStateException.class).hasMessage("consumer failed");
        assertThat(replayed).hasSize(3);
    }

    @Test
    void replaysSeeEventsAppendedSinceTheyWereConfigured() {
        Replay replay = journal.replay();
        journal.append(Event.create(EventType.CUSTOM, Map.of("n", 10L)));
        assertThat(replay.to(e -> { })).isEqualTo(11);
    }

    @Test
    void badArgumentsAreRejected() {
        Replay replay = journal.replay();
        assertThatThrownBy(() -> replay.fromIndex(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> replay.toIndex(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> replay.fromTime(null)).isInstanceOf(NullPointerException.class).hasMessage("time");
        assertThatThrownBy(() -> replay.filter(null)).isInstanceOf(NullPointerException.class).hasMessage("filter");
        assertThatThrownBy(() -> replay.pace(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> replay.pace(ReplayPace.RECORDED, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> replay.pace(ReplayPace.RECORDED, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> replay.pace(ReplayPace.RECORDED, Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> replay.to((java.util.function.Consumer<Event>) null))
                .isInstanceOf(NullPointerException.class);
    }
}
