package io.linebus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.linebus.journal.ChronicleDeadLetterQueue;
import io.linebus.journal.ChronicleEventJournal;
import io.linebus.models.Event;
import io.linebus.models.EventJson;
import io.linebus.models.EventType;
import io.linebus.policies.DeadLetterEntry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's workflow on one demo run, in this JVM: the demo itself (its consistency check), then
 * stats, tail, replay and the dead letter commands on its data directory, then a second demo run that
 * appends to the same directory.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoWorkflowTest {
    /** 2 s at 5,000 events/s: the planned count at a fixed rate is exact. */
    private static final long PUBLISHED = 10_000;

    @TempDir
    static Path temp;

    private static Path data;
    private static Cli.Result demo;

    @BeforeAll
    static void runDemo() {
        data = temp.resolve("line");
        demo = Cli.run("demo", "--duration", "2s", "--stations", "3", "--rate", "5000", "--data", data.toString());
    }

    @Test
    @Order(1)
    void demoPublishesJournalsAndPassesItsConsistencyCheck() {
        assertThat(demo.exitCode()).as(demo.err()).isZero();
        assertThat(demo.out())
                .contains("linebus demo: 3 stations (ICT-01 FCT-02 ICT-03)")
                .contains("CONSISTENCY journal count = published count: OK (10,000 = 10,000)")
                .containsPattern("published +10,000 events")
                .containsPattern("journaled +10,000 events")
                .containsPattern("handled +10,000 events")
                .contains("First-pass yield per station", "Top failing steps", "Open faults");
        // Without a terminal, progress is one plain line per second.
        assertThat(demo.out().lines().filter(line -> line.contains("events/s  p99")).count()).isGreaterThanOrEqualTo(1);
        // The staged failures are reported in the summary, not logged on stderr.
        assertThat(demo.err()).isEmpty();
        try (ChronicleEventJournal journal = ChronicleEventJournal.builder(data.resolve("journal")).readOnly().build()) {
            assertThat(journal.count()).isEqualTo(PUBLISHED);
        }
    }

    @Test
    @Order(2)
    void demoShowsRetriesAndDeadLettersThatAreReallyInTheQueue() {
        long retries = number(demo.out(), "retries +([\\d,]+)");
        long deadLetters = number(demo.out(), "dead letters +([\\d,]+) \\(the dead letter queue now holds");
        assertThat(retries).isPositive();
        assertThat(deadLetters).isPositive();
        try (ChronicleDeadLetterQueue queue = ChronicleDeadLetterQueue.open(data.resolve("dlq"))) {
            assertThat((long) queue.size()).isEqualTo(deadLetters);
            assertThat(queue.getEntries()).allSatisfy(entry -> {
                assertThat(entry.handlerName()).isEqualTo("flaky-uploader");
                assertThat(entry.retryCount()).isEqualTo(3);
                assertThat(entry.errorType()).isEqualTo("IOException");
            });
        }
    }

    @Test
    @Order(3)
    void statsCountsEveryTypeAndShowsTheCheckpointsAndDeadLetters() {
        Cli.Result stats = Cli.run("stats", data.toString());
        assertThat(stats.exitCode()).as(stats.err()).isZero();
        assertThat(stats.out())
                .containsPattern("events +10,000")
                .containsPattern("first +index \\d+, appended \\d{4}-")
                .containsPattern("last +index \\d+, appended \\d{4}-")
                .contains("size on disk")
                .containsPattern("dead letters +[1-9][\\d,]* in ")
                .contains("test.result", "inspection.result", "material.installed", "production.work_started",
                        "production.work_completed", "asset.state_changed")
                .containsPattern("flaky-uploader +\\d+ \\(up to date\\)");
        long sum = 0;
        Matcher counts = Pattern.compile("(?m)^  [a-z_.]+ +([\\d,]+)$").matcher(stats.out());
        while (counts.find()) {
            sum += Long.parseLong(counts.group(1).replace(",", ""));
        }
        assertThat(sum).isEqualTo(PUBLISHED);
        // The journal directory itself is accepted too.
        assertThat(Cli.run("stats", data.resolve("journal").toString()).out()).containsPattern("events +10,000");
    }

    @Test
    @Order(4)
    void tailPrintsOneLinePerEventWithTypeFilterLimitAndJson() {
        Cli.Result all = Cli.run("tail", data.toString());
        assertThat(all.exitCode()).isZero();
        assertThat(all.out().lines()).hasSize((int) PUBLISHED);
        assertThat(all.out().lines().findFirst().orElseThrow())
                .matches("\\d+  \\d{4}-\\d\\d-\\d\\dT.*  asset\\.state_changed +  ICT-01  asset_id=ICT-01  new_state=online");

        Cli.Result tests = Cli.run("tail", data.toString(), "--type", "test.result", "--limit", "5");
        assertThat(tests.out().lines()).hasSize(5).allSatisfy(line -> assertThat(line)
                .contains(" test.result ").containsPattern("unit_id=SN\\d+").containsPattern("result=(pass|fail)"));

        Cli.Result json = Cli.run("tail", data.resolve("journal").toString(), "--json", "--type", "ASSET_FAULT,asset.state_changed");
        assertThat(json.exitCode()).isZero();
        List<Event> events = json.out().lines().map(EventJson::fromJson).toList();
        assertThat(events).isNotEmpty().allSatisfy(event ->
                assertThat(event.eventType()).isIn(EventType.ASSET_FAULT, EventType.ASSET_STATE_CHANGED));
    }

    @Test
    @Order(5)
    void replayFeedsTheDemoHandlersWhichSeeWhatTheDemoSaw() {
        Cli.Result replay = Cli.run("replay", data.toString());
        assertThat(replay.exitCode()).as(replay.err()).isZero();
        assertThat(replay.out()).containsPattern("Replayed 10,000 events from .* \\(index \\d+ to \\d+\\)")
                .contains("into yield, failing-steps, open-faults");
        // Same events, same order per unit: the handlers compute the same report as during the demo.
        assertThat(section(replay.out(), "First-pass yield per station", "Open faults"))
                .isEqualTo(section(demo.out(), "First-pass yield per station", "Open faults"));
        assertThat(section(replay.out(), "Open faults", null))
                .isEqualTo(section(demo.out(), "Open faults", "CONSISTENCY").strip());
    }

    @Test
    @Order(6)
    void replaySlicesByIndexTimeAndType() throws Exception {
        List<Long> indices = new ArrayList<>();
        List<Instant> appended = new ArrayList<>();
        List<EventType> types = new ArrayList<>();
        try (ChronicleEventJournal journal = ChronicleEventJournal.builder(data.resolve("journal")).readOnly().build();
                var tail = journal.tail()) {
            for (var event = tail.poll(); event != null; event = tail.poll()) {
                indices.add(event.index());
                appended.add(event.appendTime());
                types.add(event.event().eventType());
            }
        }
        Cli.Result slice = Cli.run("replay", data.toString(), "--print", "--from", indices.get(10).toString(),
                "--to", indices.get(19).toString());
        assertThat(slice.exitCode()).as(slice.err()).isZero();
        List<String> lines = slice.out().lines().toList();
        assertThat(lines).hasSize(11);
        assertThat(lines.get(0)).startsWith(indices.get(10) + "  ");
        assertThat(lines.get(9)).startsWith(indices.get(19) + "  ");
        assertThat(lines.get(10)).startsWith("Replayed 10 events from ");

        Instant middle = appended.get(5_000);
        long testResultsFromMiddle = 0;
        for (int i = 0; i < appended.size(); i++) {
            if (!appended.get(i).isBefore(middle) && types.get(i) == EventType.TEST_RESULT) {
                testResultsFromMiddle++;
            }
        }
        Cli.Result byTime = Cli.run("replay", data.toString(), "--from", middle.toString(), "--type", "test.result",
                "--json");
        assertThat(byTime.exitCode()).as(byTime.err()).isZero();
        List<Event> events = byTime.out().lines().map(EventJson::fromJson).toList();
        assertThat(events).hasSize((int) testResultsFromMiddle)
                .allSatisfy(event -> assertThat(event.eventType()).isEqualTo(EventType.TEST_RESULT));
        assertThat(byTime.err()).startsWith("Replayed " + Format.count(events.size()) + " events");

        Cli.Result untilTime = Cli.run("replay", data.toString(), "--print", "--to", appended.get(2).toString());
        assertThat(untilTime.out().lines().filter(line -> !line.startsWith("Replayed")).count())
                .isEqualTo(appended.stream().filter(time -> !time.isAfter(appended.get(2))).count());
        Cli.Result beforeStart = Cli.run("replay", data.toString(), "--to", "2001-01-01T00:00:00Z");
        assertThat(beforeStart.exitCode()).isZero();
        assertThat(beforeStart.out()).startsWith("Replayed 0 events: none was appended at or before 2001-01-01T");

        Cli.Result recorded = Cli.run("replay", data.toString(), "--print", "--pace", "recorded", "--speed", "100",
                "--from", indices.get(0).toString(), "--to", indices.get(99).toString());
        assertThat(recorded.exitCode()).as(recorded.err()).isZero();
        assertThat(recorded.out()).contains("Replayed 100 events");
    }

    @Test
    @Order(7)
    void dlqListShowAndPurgeWithoutConfirmation() {
        Cli.Result list = Cli.run("dlq", data.toString(), "list");
        assertThat(list.exitCode()).as(list.err()).isZero();
        long size = number(list.out(), "^([\\d,]+) dead letters in ");
        assertThat(size).isPositive();
        assertThat(list.out().lines().skip(2)).hasSize((int) size).allSatisfy(line -> assertThat(line)
                .contains("flaky-uploader").contains("IOException: HTTP 503 from the test-data server"));
        assertThat(Cli.run("dlq", data.toString(), "list", "--limit", "2").out().lines()).hasSize(4);
        assertThat(Cli.run("dlq", data.resolve("dlq").toString(), "list", "--type", "asset.fault").out().lines())
                .hasSize(2);

        String oldestId;
        try (ChronicleDeadLetterQueue queue = ChronicleDeadLetterQueue.open(data.resolve("dlq"))) {
            DeadLetterEntry oldest = queue.peek().orElseThrow();
            oldestId = oldest.event().id();
        }
        Cli.Result show = Cli.run("dlq", data.toString(), "show");
        assertThat(show.exitCode()).isZero();
        assertThat(show.out()).containsPattern("entry +1 of " + size).contains(oldestId)
                .containsPattern("handler +flaky-uploader").containsPattern("retries +3")
                .containsPattern("error +IOException");
        String json = show.out().lines().filter(line -> line.matches("event +\\{.*")).findFirst().orElseThrow()
                .substring("event".length()).strip();
        assertThat(EventJson.fromJson(json).id()).isEqualTo(oldestId);
        assertThat(Cli.run("dlq", data.toString(), "show", oldestId.substring(0, 30)).out()).contains(oldestId);
        assertThat(Cli.run("dlq", data.toString(), "show", "2").out()).containsPattern("entry +2 of ");
        Cli.Result missing = Cli.run("dlq", data.toString(), "show", String.valueOf(size + 1));
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).startsWith("linebus: no entry " + (size + 1));

        Cli.Result refused = Cli.run("dlq", data.toString(), "purge");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("add --yes to confirm");
        try (ChronicleDeadLetterQueue queue = ChronicleDeadLetterQueue.open(data.resolve("dlq"))) {
            assertThat((long) queue.size()).isEqualTo(size);
        }
    }

    @Test
    @Order(8)
    void dlqRequeueHandsEveryEntryBackToTheUploaderAndJournalsIt() {
        long size;
        try (ChronicleDeadLetterQueue queue = ChronicleDeadLetterQueue.open(data.resolve("dlq"))) {
            size = queue.size();
        }
        Cli.Result requeue = Cli.run("dlq", data.toString(), "requeue");
        assertThat(requeue.exitCode()).as(requeue.err()).isZero();
        String count = Format.count(size);
        assertThat(requeue.out()).contains("Requeued " + count + " of " + count + " dead letters to their handlers")
                .contains(count + " handled, 0 dead-lettered again; 0 left in ");
        try (ChronicleDeadLetterQueue queue = ChronicleDeadLetterQueue.open(data.resolve("dlq"))) {
            assertThat(queue.isEmpty()).isTrue();
        }
        try (ChronicleEventJournal journal = ChronicleEventJournal.builder(data.resolve("journal")).readOnly().build()) {
            assertThat(journal.count()).isEqualTo(PUBLISHED + size);
        }
        assertThat(Cli.run("dlq", data.toString(), "requeue").out()).startsWith("Nothing to requeue");
        assertThat(Cli.run("dlq", data.toString(), "list").out()).startsWith("0 dead letters in ");
    }

    @Test
    @Order(9)
    void aSecondDemoRunAppendsAndItsDeadLettersCanBePurged() {
        long before;
        try (ChronicleEventJournal journal = ChronicleEventJournal.builder(data.resolve("journal")).readOnly().build()) {
            before = journal.count();
        }
        Cli.Result again = Cli.run("demo", "--duration", "1s", "--stations", "2", "--rate", "4000", "--seed", "7",
                "--data", data.toString());
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("CONSISTENCY journal count = published count: OK (4,000 = 4,000)");
        try (ChronicleEventJournal journal = ChronicleEventJournal.builder(data.resolve("journal")).readOnly().build()) {
            assertThat(journal.count()).isEqualTo(before + 4_000);
        }
        long deadLetters = number(again.out(), "dead letters +([\\d,]+) \\(");
        assertThat(deadLetters).isPositive();

        Cli.Result purge = Cli.run("dlq", data.toString(), "purge", "--yes");
        assertThat(purge.exitCode()).as(purge.err()).isZero();
        assertThat(purge.out()).startsWith("Purged " + Format.count(deadLetters) + " dead letters from ");
        assertThat(Cli.run("dlq", data.toString(), "list").out()).startsWith("0 dead letters in ");
        assertThat(Cli.run("dlq", data.toString(), "purge").out()).startsWith("Nothing to purge");
    }

    private static long number(String text, String regex) {
        Matcher matcher = Pattern.compile(regex, Pattern.MULTILINE).matcher(text);
        assertThat(matcher.find()).as("%s in%n%s", regex, text).isTrue();
        return Long.parseLong(matcher.group(1).replace(",", ""));
    }

    /** The text from the line starting with {@code from} up to the line starting with {@code to} (or the end). */
    private static String section(String text, String from, String to) {
        int start = text.indexOf(from);
        assertThat(start).as("%s in%n%s", from, text).isNotNegative();
        int end = to == null ? text.length() : text.indexOf(to, start + from.length());
        return text.substring(start, end < 0 ? text.length() : end).strip();
    }
}
