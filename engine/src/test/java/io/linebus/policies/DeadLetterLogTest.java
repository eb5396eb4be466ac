package io.linebus.policies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.linebus.handlers.LogCapture;
import io.linebus.models.Event;
import io.linebus.models.EventType;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

class DeadLetterLogTest {
    private static final String LOGGER = DeadLetterLogTest.class.getName();
    private static final long SECOND = 1_000_000_000L;
    private static final Pattern COUNT = Pattern.compile("^(\\d+) more events dead-lettered in the last ");

    private final AtomicLong now = new AtomicLong(1_000 * SECOND);
    private final LogCapture logs = LogCapture.of(LOGGER);
    private final DeadLetterLog log = new DeadLetterLog(LoggerFactory.getLogger(LOGGER), "events dead-lettered",
            Duration.ofSeconds(10), now::get);

    @AfterEach
    void releaseLogs() {
        logs.close();
    }

    private static Event event(int i) {
        return new Event(EventType.TEST_RESULT, Map.of("i", i));
    }

    private boolean record(Throwable error, String handlerName) {
        return log.record(Level.ERROR, event(0), error, handlerName);
    }

    private List<String> lines() {
        return logs.events().stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    private static long countOf(String line) {
        Matcher matcher = COUNT.matcher(line);
        assertThat(matcher.find()).as("a summary: %s", line).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    @Test
    void theFirstIsLoggedInFullAndTheRestOfTheWindowOnlyCounted() {
        assertThat(record(new IOException("down"), "uploader")).isTrue();
        for (int i = 1; i < 1_000; i++) {
            now.addAndGet(10 * 1_000_000L);
            assertThat(record(new IOException("down"), "uploader")).isFalse();
        }
        now.set(1_000 * SECOND + 10 * SECOND - 1);
        assertThat(record(new IOException("down"), "uploader")).as("1 ns before the window ends").isFalse();
        assertThat(log.pending()).isEqualTo(1_000);
        assertThat(lines()).as("the full line is the caller's").isEmpty();
    }

    @Test
    void theFirstAfterTheWindowWhileTheStormGoesOnClosesTheCountWithASummary() {
        Event last = Event.builder(EventType.TEST_RESULT).eventId("0123456789abcdef").build();
        record(new IOException("down"), "uploader");
        now.addAndGet(4 * SECOND);
        record(new IOException("down"), "uploader");
        now.addAndGet(6 * SECOND);
        assertThat(log.record(Level.ERROR, last, new IOException("still down"), "uploader"))
                .as("exactly at the window's end, 6 s after the previous one").isFalse();
        assertThat(log.pending()).isZero();
        assertThat(logs.events()).singleElement().satisfies(line -> {
            assertThat(line.getLevel()).isEqualTo(ch.qos.logback.classic.Level.ERROR);
            assertThat(line.getThrowableProxy()).isNull();
            assertThat(line.getFormattedMessage()).isEqualTo("2 more events dead-lettered in the last 10 s (handler "
                    + "uploader: 2 x IOException); last: event 01234567 (handler uploader): IOException: still down");
        });

        now.addAndGet(SECOND);
        assertThat(record(new IOException("down"), "uploader")).as("the summary opened the next window").isFalse();
        assertThat(log.pending()).isEqualTo(1);
    }

    @Test
    void afterAQuietPeriodTheLeftoverCountsComeFirstThenTheNewOneInFull() {
        Event counted = Event.builder(EventType.TEST_RESULT).eventId("feedfacecafebeef").build();
        record(new IOException("down"), "uploader");
        now.addAndGet(2 * SECOND);
        log.record(Level.ERROR, counted, new IOException("down"), "uploader");
        now.addAndGet(10 * SECOND);
        assertThat(record(new IllegalStateException("other"), "archiver")).as("10 s after the last one").isTrue();
        assertThat(lines()).containsExactly("1 more events dead-lettered in the last 12 s (handler uploader: "
                + "1 x IOException); last: event feedface (handler uploader): IOException: down");
        assertThat(log.pending()).isZero();
    }

    @Test
    void aQuietPeriodWithNothingCountedLogsTheNewOneInFullWithoutSummary() {
        assertThat(record(new IOException("down"), "uploader")).isTrue();
        now.addAndGet(10 * SECOND);
        assertThat(record(new IOException("down"), "uploader")).isTrue();
        now.addAndGet(30 * SECOND);
        assertThat(record(new IOException("down"), "uploader")).isTrue();
        assertThat(lines()).isEmpty();
        assertThat(log.pending()).isZero();
    }

    @Test
    void aNegativeClockWorksAsWell() {
        // System.nanoTime may be negative: times are compared by difference.
        now.set(-60 * SECOND);
        assertThat(record(new IOException("down"), "uploader")).isTrue();
        now.addAndGet(15 * SECOND);
        assertThat(record(new IOException("down"), "uploader")).as("after a quiet period").isTrue();
        now.addAndGet(5 * SECOND);
        assertThat(record(new IOException("down"), "uploader")).isFalse();
        now.addAndGet(5 * SECOND);
        assertThat(record(new IOException("down"), "uploader")).as("closes the count").isFalse();
        assertThat(lines()).singleElement().asString().startsWith("2 more events dead-lettered in the last 10 s");
    }

    @Test
    void aSteadyStormCostsOneSummaryPerWindowAndEveryDeadLetterIsCountedOnce() {
        long full = 0;
        for (int ms = 0; ms <= 35_000; ms++) {
            now.set(1_000 * SECOND + ms * 1_000_000L);
            if (record(new IOException("down"), "uploader")) {
                full++;
            }
        }
        assertThat(full).isEqualTo(1);
        assertThat(lines()).hasSize(3).allSatisfy(line -> assertThat(countOf(line)).isEqualTo(10_000));
        assertThat(log.pending()).isEqualTo(5_000);
        log.flush();
        assertThat(lines()).hasSize(4);
        assertThat(lines().get(3)).startsWith("5000 more events dead-lettered in the last 5 s (");
        assertThat(lines().stream().mapToLong(DeadLetterLogTest::countOf).sum() + full).isEqualTo(35_001);
    }

    @Test
    void theSummaryCountsPerHandlerAndErrorTypeAndTakesTheHighestLevel() {
        log.record(Level.WARN, event(0), new CircuitOpenException("uploader"), "uploader");
        log.record(Level.ERROR, event(1), new IOException("down"), "uploader");
        log.record(Level.WARN, event(2), new CircuitOpenException("uploader"), "uploader");
        log.record(Level.WARN, event(3), new CircuitOpenException("uploader"), "uploader");
        log.record(Level.WARN, event(4), new IllegalStateException("stopped"), null);
        log.record(Level.ERROR, event(5), new RecordedError("TimeoutError", "read back"), "archiver");
        log.record(Level.WARN, event(6), new RecordedError("TimeoutError", ""), "archiver");
        Event last = event(7);
        log.record(Level.WARN, last, new IOException("down"), "uploader");
        log.flush();
        assertThat(logs.events()).singleElement().satisfies(line -> {
            assertThat(line.getLevel()).isEqualTo(ch.qos.logback.classic.Level.ERROR);
            assertThat(line.getFormattedMessage()).isEqualTo("7 more events dead-lettered in the last 0 ms (handler "
                    + "uploader: 2 x IOException, 2 x CircuitOpenException; no handler: 1 x IllegalStateException; "
                    + "handler archiver: 2 x TimeoutError); last: event " + last.id().substring(0, 8)
                    + " (handler uploader): IOException: down");
        });
    }

    @Test
    void aSummaryOfWarningsOnlyIsAWarning() {
        log.record(Level.WARN, event(0), new CircuitOpenException("uploader"), "uploader");
        log.record(Level.WARN, event(1), new CircuitOpenException("uploader"), "uploader");
        log.flush();
        assertThat(logs.events()).singleElement().extracting(ILoggingEvent::getLevel)
                .isEqualTo(ch.qos.logback.classic.Level.WARN);
    }

    @Test
    void pairsBeyondEightAreCountedTogether() {
        record(new IOException(), "h0");
        for (int h = 0; h < 12; h++) {
            record(new IOException(), "h" + h);
        }
        log.flush();
        assertThat(lines()).singleElement().asString().startsWith("12 more events dead-lettered")
                .contains("handler h0: 1 x IOException; handler h1: 1 x IOException")
                .contains("handler h7: 1 x IOException; 4 of other handlers or error types); last: event ")
                .doesNotContain("h8:").endsWith("(handler h11): IOException");
    }

    @Test
    void flushLogsOnlyWhatIsCountedAndTheWindowGoesOn() {
        log.flush();
        record(new IOException("down"), "uploader");
        log.flush();
        assertThat(lines()).as("nothing counted yet").isEmpty();
        now.addAndGet(3 * SECOND);
        record(new IOException("down"), "uploader");
        log.flush();
        log.flush();
        assertThat(lines()).singleElement().asString().startsWith("1 more events dead-lettered in the last 3 s");
        now.addAndGet(SECOND);
        assertThat(record(new IOException("down"), "uploader")).as("still in the window").isFalse();
        assertThat(log.pending()).isEqualTo(1);
    }

    @Test
    void aCountedDeadLetterAllocatesNothing() {
        // An allocation count, not a timing: the same shape as EventMetricsAllocationTest.
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported());
        threads.setThreadAllocatedMemoryEnabled(true);
        Event event = event(0);
        IOException failure = new IOException("down");
        CircuitOpenException open = new CircuitOpenException("uploader");
        String uploader = "uploader";
        record(failure, uploader);
        for (int i = 0; i < 100_000; i++) {
            log.record(Level.ERROR, event, (i & 1) == 0 ? failure : open, uploader);
        }

        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            log.record(Level.ERROR, event, (i & 1) == 0 ? failure : open, uploader);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(allocated / 100_000.0).as("bytes per dead letter (%d in all)", allocated).isLessThan(1.0);
        assertThat(log.pending()).isEqualTo(200_000);
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> new DeadLetterLog(LoggerFactory.getLogger(LOGGER), "x", Duration.ZERO, now::get))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window must be positive");
        assertThatThrownBy(() -> new DeadLetterLog(null, "x")).isInstanceOf(NullPointerException.class)
                .hasMessage("logger");
        assertThatThrownBy(() -> new DeadLetterLog(LoggerFactory.getLogger(LOGGER), "x", Duration.ofSeconds(1), null))
                .isInstanceOf(NullPointerException.class).hasMessage("nanoClock");
    }

    @Test
    void concurrentDeadLettersAreEachCountedExactlyOnce() throws InterruptedException {
        // Real threads, a shared fake clock that they move on: windows end while the others count.
        int threads = 4;
        int perThread = 50_000;
        AtomicLong full = new AtomicLong();
        AtomicLong clock = new AtomicLong();
        DeadLetterLog shared = new DeadLetterLog(LoggerFactory.getLogger(LOGGER), "events dead-lettered",
                Duration.ofMillis(1), clock::get);
        IOException error = new IOException("down");
        Event event = event(0);
        Concurrently.run(threads, worker -> {
            for (int i = 0; i < perThread; i++) {
                if (shared.record(Level.ERROR, event, error, "h" + (i % 3))) {
                    full.incrementAndGet();
                }
                clock.addAndGet(1_000);
                if (i % 10_000 == 0) {
                    // Quiet periods too, so that some dead letters are logged in full again.
                    clock.addAndGet(5_000_000);
                }
            }
        });
        shared.flush();
        long summarized = lines().stream().mapToLong(DeadLetterLogTest::countOf).sum();
        assertThat(shared.pending()).isZero();
        assertThat(full.get()).isGreaterThan(1);
        assertThat(lines().size()).isGreaterThan(10).isLessThan(threads * perThread / 100);
        assertThat(summarized + full.get()).isEqualTo((long) threads * perThread);
    }
}
