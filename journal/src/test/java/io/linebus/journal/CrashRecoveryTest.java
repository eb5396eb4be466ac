package io.linebus.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.linebus.bus.AsyncEventBus;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash recovery (architecture.md, "Checkpoints and recovery"): a real process running a journaled
 * bus is killed with SIGKILL mid-stream; a new bus on the same directory hands every handler what
 * it had not completed. Every event whose {@code publish} had returned reaches every handler at
 * least once.
 */
class CrashRecoveryTest {
    private static final int ACKED_BEFORE_KILL = 20_000;

    @Test
    void aKilledBusLosesNoAcknowledgedEvent(@TempDir Path tmp) throws Exception {
        Path journalDir = Files.createDirectories(tmp.resolve("journal"));
        Path out = Files.createDirectories(tmp.resolve("out"));
        Process child = ChildJvm.start(CrashRecoveryChild.class, journalDir.toString(), out.toString());
        try {
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20)).until(() -> {
                assertThat(child.isAlive()).as("child alive; it printed: %s", output(child)).isTrue();
                return size(out.resolve(CrashRecoveryChild.ACKED)) / Integer.BYTES >= ACKED_BEFORE_KILL;
            });
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no close, no flush
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }

        BitSet acked = read(out.resolve(CrashRecoveryChild.ACKED));
        BitSet fastBefore = read(out.resolve(CrashRecoveryChild.FAST));
        BitSet slowBefore = read(out.resolve(CrashRecoveryChild.SLOW));
        assertThat(acked.cardinality()).isGreaterThanOrEqualTo(ACKED_BEFORE_KILL);

        Set<Integer> fastAfter = ConcurrentHashMap.newKeySet();
        Set<Integer> slowAfter = ConcurrentHashMap.newKeySet();
        try (ChronicleEventJournal journal = ChronicleEventJournal.open(journalDir)) {
            assertThat(journal.count()).isGreaterThanOrEqualTo(acked.cardinality());
            AsyncEventBus bus = AsyncEventBus.builder().name("recovered").journal(journal).dispatchThreads(2).build();
            bus.registerHandler(CrashRecoveryChild.recordingHandler(CrashRecoveryChild.FAST, fastAfter::add, 0));
            bus.registerHandler(CrashRecoveryChild.recordingHandler(CrashRecoveryChild.SLOW, slowAfter::add, 0));
            bus.start();
            assertThat(bus.awaitIdle(Duration.ofMinutes(2))).isTrue();
            bus.stop();
        }

        BitSet fast = (BitSet) fastBefore.clone();
        fastAfter.forEach(fast::set);
        BitSet slow = (BitSet) slowBefore.clone();
        slowAfter.forEach(slow::set);
        assertThat(missing(acked, fast).toString()).as("acknowledged events the fast handler never completed").isEqualTo("{}");
        assertThat(missing(acked, slow).toString()).as("acknowledged events the slow handler never completed").isEqualTo("{}");
        // The slow handler lagged behind when the process died: recovery really had work to do, and only
        // from around its own checkpoint on (not the whole journal).
        assertThat(slowAfter).isNotEmpty();
        assertThat(slowAfter.size()).isLessThan(acked.cardinality());
    }

    private static BitSet missing(BitSet acked, BitSet completed) {
        BitSet missing = (BitSet) acked.clone();
        missing.andNot(completed);
        return missing;
    }

    private static long size(Path file) throws IOException {
        return Files.exists(file) ? Files.size(file) : 0;
    }

    private static BitSet read(Path file) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file));
        BitSet values = new BitSet();
        while (bytes.remaining() >= Integer.BYTES) {
            values.set(bytes.getInt());
        }
        return values;
    }

    private static String output(Process process) {
        try {
            return process.getInputStream().available() > 0
                    ? new String(process.getInputStream().readNBytes(process.getInputStream().available()))
                    : "";
        } catch (IOException e) {
            return e.toString();
        }
    }
}
