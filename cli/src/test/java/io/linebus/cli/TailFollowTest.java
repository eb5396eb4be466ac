package io.linebus.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.linebus.journal.ChronicleEventJournal;
import io.linebus.models.Event;
import io.linebus.models.EventType;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code tail --follow}: events appended while it runs show up; it ends at its limit or when interrupted. */
class TailFollowTest {
    @TempDir
    Path temp;

    @Test
    void followPrintsEventsAppendedWhileItRunsAndStopsAtItsLimit() throws Exception {
        Path dir = temp.resolve("journal");
        try (ChronicleEventJournal journal = ChronicleEventJournal.open(dir)) {
            journal.append(unit("SN-old"));
            StringWriter out = new StringWriter();
            AtomicInteger exitCode = new AtomicInteger(-1);
            Thread follower = new Thread(() -> exitCode.set(command(out).execute(
                    "tail", dir.toString(), "--follow", "--from-end", "--type", "test.result", "--limit", "2")));
            follower.start();
            // --from-end: the old event never shows; only test results count towards the limit.
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                journal.append(Event.create(EventType.ASSET_FAULT, Map.of("asset_id", "ICT-01", "fault_code", "E-1")));
                journal.append(unit("SN-new"));
                assertThat(follower.isAlive()).isFalse();
            });
            follower.join(10_000);
            assertThat(exitCode.get()).isZero();
            assertThat(out.toString().lines().toList()).hasSize(2)
                    .allSatisfy(line -> assertThat(line).contains("test.result", "unit_id=SN-new"));
        }
    }

    @Test
    void followEndsWhenItsThreadIsInterrupted() throws Exception {
        Path dir = temp.resolve("journal");
        try (ChronicleEventJournal journal = ChronicleEventJournal.open(dir)) {
            journal.append(unit("SN-1"));
        }
        StringWriter out = new StringWriter();
        AtomicInteger exitCode = new AtomicInteger(-1);
        Thread follower = new Thread(() -> exitCode.set(command(out).execute("tail", dir.toString(), "-f", "--json")));
        follower.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> out.toString().contains("SN-1"));
        follower.interrupt();
        follower.join(10_000);
        assertThat(follower.isAlive()).isFalse();
        assertThat(exitCode.get()).isZero();
        assertThat(out.toString()).startsWith("{\"event_id\":");
    }

    private static Event unit(String unitId) {
        return Event.create(EventType.TEST_RESULT, Map.of("unit_id", unitId, "result", "pass"), "ICT-01");
    }

    private static CommandLine command(StringWriter out) {
        return LinebusCommand.newCommandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(new StringWriter(), true));
    }
}
