package io.linebus.journal;

import static io.linebus.journal.ChronicleEventJournalTest.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import net.openhft.chronicle.core.time.SetTimeProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTailTest {
    @TempDir
    Path dir;

    @Test
    void pollReturnsEachEventOnceThenNullUntilMoreArrive() {
        SetTimeProvider clock = new SetTimeProvider(Instant.parse("2026-05-01T10:00:00.123456Z"));
        try (ChronicleEventJournal journal = ChronicleEventJournal.builder(dir).timeProvider(clock).build();
                JournalTail tail = journal.tail()) {
            long first = journal.append(event(0));

            JournaledEvent polled = tail.poll();
            assertThat(polled.index()).isEqualTo(first);
            assertThat(polled.event().payload().get("n")).isEqualTo(0L);
            assertThat(polled.appendTime()).isEqualTo(Instant.parse("2026-05-01T10:00:00.123456Z"));
            assertThat(tail.poll()).isNull();

            journal.append(event(1));
            assertThat(tail.poll().event().payload().get("n")).isEqualTo(1L);
            assertThat(tail.poll()).isNull();
        }
    }

    @Test
    void positionsFromStartEndOrIndex() {
        try (ChronicleEventJournal journal = ChronicleEventJournal.open(dir); JournalTail tail = journal.tail()) {
            journal.append(event(0));
            long second = journal.append(event(1));
            journal.append(event(2));

            assertThat(tail.fromEnd().poll()).isNull();
            journal.append(event(3));
            assertThat(tail.poll().event().payload().get("n")).isEqualTo(3L);

            assertThat(tail.fromIndex(second).poll().index()).isEqualTo(second);
            assertThat(tail.fromStart().poll().event().payload().get("n")).isEqualTo(0L);
            assertThatThrownBy(() -> tail.fromIndex(-1)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void followsEventsAppendedByAnotherThread() throws Exception {
        int events = 2_000;
        try (ChronicleEventJournal journal = ChronicleEventJournal.open(dir); JournalTail tail = journal.tail()) {
            List<JournaledEvent> seen = new CopyOnWriteArrayList<>();
            AtomicBoolean following = new AtomicBoolean(true);
            AtomicLong followed = new AtomicLong();
            Thread follower = new Thread(() -> followed.set(tail.follow(seen::add, following::get)));
            follower.start();
            Thread appender = new Thread(() -> {
                for (int i = 0; i < events; i++) {
                    journal.append(event(i));
                }
            });
            appender.start();

            await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() == events);
            following.set(false);
            follower.join(TimeUnit.SECONDS.toMillis(10));
            appender.join(TimeUnit.SECONDS.toMillis(10));

            assertThat(follower.isAlive()).isFalse();
            assertThat(followed.get()).isEqualTo(events);
            for (int i = 0; i < events; i++) {
                assertThat(seen.get(i).event().payload().get("n")).isEqualTo((long) i);
            }
        }
    }

    @Test
    void aReadOnlyTailFollowsAJournalWrittenElsewhere() {
        try (ChronicleEventJournal journal = ChronicleEventJournal.open(dir)) {
            journal.append(event(0));
            try (JournalTail tail = ChronicleEventJournal.tail(dir)) {
                assertThat(tail.poll().event().payload().get("n")).isEqualTo(0L);
                journal.append(event(1));
                await().atMost(Duration.ofSeconds(10)).until(() -> {
                    JournaledEvent next = tail.poll();
                    return next != null && next.event().payload().get("n").equals(1L);
                });
            }
        }
    }

    @Test
    void aClosedTailRefusesWork() {
        try (ChronicleEventJournal journal = ChronicleEventJournal.open(dir)) {
            JournalTail tail = journal.tail();
            tail.close();
            tail.close();
            assertThatThrownBy(tail::poll).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
            assertThatThrownBy(() -> tail.follow(null, () -> true)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> ChronicleEventJournal.tail(null)).isInstanceOf(NullPointerException.class);
        }
    }
}
