package io.linebus.journal;

import io.linebus.models.Event;
import io.linebus.models.EventType;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A separate JVM that appends events, saves a checkpoint part-way, says {@value #READY} and waits
 * to be killed without ever closing the journal: the crash that checkpoints must survive.
 */
final class CrashingJournalWriter {
    static final String READY = "linebus-writer-ready";
    static final String HANDLER = "uploader";
    static final int COMPLETED = 600;

    private CrashingJournalWriter() {
    }

    /** Starts the writer on {@code dir} in its own JVM. */
    static Process start(Path dir, int events) throws IOException {
        return ChildJvm.start(CrashingJournalWriter.class, dir.toString(), Integer.toString(events));
    }

    /** Reads the writer's output until it is ready; returns everything it printed when it is not. */
    static String awaitReady(Process writer) throws IOException {
        StringBuilder output = new StringBuilder();
        BufferedReader lines = writer.inputReader();
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (line.equals(READY)) {
                return READY;
            }
            output.append(line).append('\n');
        }
        return output.toString();
    }

    public static void main(String[] args) throws InterruptedException {
        ChronicleEventJournal journal = ChronicleEventJournal.open(Path.of(args[0]));
        int events = Integer.parseInt(args[1]);
        for (int i = 0; i < events; i++) {
            long index = journal.append(Event.builder(EventType.TEST_RESULT).payload(Map.of("n", (long) i)).build());
            if (i == COMPLETED - 1) {
                journal.saveCheckpoint(HANDLER, index);
            }
        }
        System.out.println(READY);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
