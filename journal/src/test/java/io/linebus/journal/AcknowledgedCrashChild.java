package io.linebus.journal;

import io.linebus.bus.AsyncEventBus;
import io.linebus.handlers.BaseHandler;
import io.linebus.models.Event;
import io.linebus.models.EventType;
import io.linebus.transports.Acknowledgement;
import io.linebus.transports.Refusal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * The process {@link AcknowledgedCrashTest} kills: two threads publish acknowledged messages of
 * {@value #EVENTS_PER_MESSAGE} events into a journaled bus, and every message told safe has its id
 * appended to a file from the callback, as a source would acknowledge its broker there. Each id is
 * one 4-byte write call ({@link CrashRecoveryChild.IntLog}), so the kernel has it when the process
 * dies and a kill cannot leave a torn record that counts.
 */
final class AcknowledgedCrashChild {
    static final String SAFE = "safe";
    static final String REFUSED = "refused";
    static final int EVENTS_PER_MESSAGE = 3;
    static final int PUBLISHERS = 2;
    /** Bounds, should the parent never kill it. */
    private static final int MAX_MESSAGES_PER_PUBLISHER = 5_000_000;
    private static final long MAX_RUN_NANOS = TimeUnit.MINUTES.toNanos(3);

    private AcknowledgedCrashChild() {
    }

    /** Message {@code id}'s events: each names its message and its part. */
    static List<Event> message(int id) {
        return IntStream.range(0, EVENTS_PER_MESSAGE).mapToObj(part -> Event.create(EventType.TEST_RESULT,
                Map.of("unit_id", "unit-" + (id % 97), "message", id, "part", part), "ack-crash-child")).toList();
    }

    public static void main(String[] args) throws Exception {
        Path journalDir = Path.of(args[0]);
        Path out = Path.of(args[1]);
        ChronicleEventJournal journal = ChronicleEventJournal.open(journalDir);
        CrashRecoveryChild.IntLog safe = new CrashRecoveryChild.IntLog(out.resolve(SAFE));
        CrashRecoveryChild.IntLog refused = new CrashRecoveryChild.IntLog(out.resolve(REFUSED));
        AsyncEventBus bus = AsyncEventBus.builder().name("ack-crash").journal(journal).dispatchThreads(2)
                .ringSize(1 << 12).build();
        bus.registerHandler(BaseHandler.of("sink", List.of(EventType.TEST_RESULT), event -> { }));
        bus.start();
        long deadline = System.nanoTime() + MAX_RUN_NANOS;
        Thread[] publishers = new Thread[PUBLISHERS];
        for (int t = 0; t < PUBLISHERS; t++) {
            int publisher = t;
            publishers[t] = new Thread(() -> {
                for (int k = 0; k < MAX_MESSAGES_PER_PUBLISHER && System.nanoTime() < deadline; k++) {
                    int id = k * PUBLISHERS + publisher; // unique across publishers
                    bus.publish(message(id), new Acknowledgement() {
                        @Override
                        public void safe(long journalIndex) {
                            safe.append(id);
                        }

                        @Override
                        public void refused(Refusal refusal) {
                            refused.append(id);
                        }
                    });
                }
            }, "publisher-" + t);
            publishers[t].start();
        }
        for (Thread publisher : publishers) {
            publisher.join();
        }
        bus.stop();
        journal.close();
    }
}
