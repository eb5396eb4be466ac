package io.linebus.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.linebus.bus.EventJournal;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delivery acknowledgements (architecture.md) against a real crash: a process publishing
 * acknowledged messages into a journaled bus is killed with SIGKILL; every event of every message
 * it was told safe is in the journal it leaves.
 */
class AcknowledgedCrashTest {
    private static final int SAFE_BEFORE_KILL = 5_000;
    private static final int PARTS = AcknowledgedCrashChild.EVENTS_PER_MESSAGE;

    @Test
    void everyEventOfEveryMessageToldSafeBeforeAKillIsInTheJournal(@TempDir Path tmp) throws Exception {
        Path journalDir = Files.createDirectories(tmp.resolve("journal"));
        Path out = Files.createDirectories(tmp.resolve("out"));
        Process child = ChildJvm.start(AcknowledgedCrashChild.class, journalDir.toString(), out.toString());
        try {
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20)).until(() -> {
                assertThat(child.isAlive()).as("child alive; it printed: %s", output(child)).isTrue();
                return size(out.resolve(AcknowledgedCrashChild.SAFE)) / Integer.BYTES >= SAFE_BEFORE_KILL;
            });
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no stop, no close
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }

        BitSet safe = read(out.resolve(AcknowledgedCrashChild.SAFE));
        assertThat(safe.cardinality()).isGreaterThanOrEqualTo(SAFE_BEFORE_KILL);
        // Nothing stopped the bus and nothing failed before the kill: nothing was refused.
        assertThat(read(out.resolve(AcknowledgedCrashChild.REFUSED)).cardinality()).isZero();

        // Bit (message * PARTS + part) for every event the journal holds.
        BitSet journaled = new BitSet();
        long count;
        try (ChronicleEventJournal journal = ChronicleEventJournal.open(journalDir)) {
            count = journal.count();
            journal.readAfter(EventJournal.NO_INDEX, (index, event) -> {
                int message = ((Number) event.payload().get("message")).intValue();
                int part = ((Number) event.payload().get("part")).intValue();
                journaled.set(message * PARTS + part);
            });
        }
        assertThat(count).isGreaterThanOrEqualTo((long) safe.cardinality() * PARTS);
        String missing = safe.stream().boxed()
                .flatMap(message -> IntStream.range(0, PARTS)
                        .filter(part -> !journaled.get(message * PARTS + part))
                        .mapToObj(part -> message + "/" + part))
                .limit(50).collect(Collectors.joining(", "));
        assertThat(missing).as("events (message/part) of messages told safe that the journal lacks").isEmpty();
    }

    private static long size(Path file) throws IOException {
        return Files.exists(file) ? Files.size(file) : 0;
    }

    /** The ids in a file of 4-byte records; a trailing partial record (none, with one write per record) is ignored. */
    private static BitSet read(Path file) throws IOException {
        BitSet values = new BitSet();
        if (!Files.exists(file)) {
            return values;
        }
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file));
        while (bytes.remaining() >= Integer.BYTES) {
            values.set(bytes.getInt());
        }
        return values;
    }

    private static String output(Process process) {
        try {
            int available = process.getInputStream().available();
            return available > 0 ? new String(process.getInputStream().readNBytes(available)) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }
}
