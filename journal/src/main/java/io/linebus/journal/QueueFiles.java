package io.linebus.journal;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opening the Chronicle queue behind a journal or dead letter queue directory, and removing old cycle files. */
final class QueueFiles {
    private static final Logger LOG = LoggerFactory.getLogger(QueueFiles.class);

    /** The file Chronicle Queue keeps in every queue directory. */
    static final String QUEUE_METADATA_FILE = "metadata.cq4t";
    private static final String CYCLE_FILE_SUFFIX = ".cq4";

    private QueueFiles() {
    }

    /**
     * Opens the queue in {@code directory}, creating the directory unless {@code readOnly}.
     *
     * @param rollCycle the roll cycle of a new queue (an existing queue keeps its own), or null for
     *     whatever the queue has or Chronicle's default
     * @param what "journal" or "dead letter queue", for messages
     * @throws JournalException when the path is a file, the directory holds other files but no
     *     queue, or (read-only) does not exist or holds no queue
     */
    static SingleChronicleQueue open(Path directory, String what, RollCycle rollCycle, TimeProvider timeProvider,
            boolean readOnly) {
        Path dir = directory.toAbsolutePath();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new JournalException("Cannot open " + what + " " + dir + ": it is a file, not a directory");
        }
        if (readOnly) {
            if (!Files.isDirectory(dir)) {
                throw new JournalException("Cannot open " + what + " " + dir + " read-only: the directory does not exist");
            }
            if (!holdsQueue(dir)) {
                throw new JournalException("Cannot open " + what + " " + dir + " read-only: it is not a journal"
                        + " (no Chronicle Queue files in it)");
            }
        } else if (Files.isDirectory(dir) && !holdsQueue(dir)) {
            String other = firstEntry(dir);
            if (other != null) {
                throw new JournalException("Cannot open " + what + " " + dir + ": it is not a journal (it holds "
                        + other + " but no Chronicle Queue files); use an empty or new directory");
            }
        }
        try {
            if (!readOnly) {
                Files.createDirectories(dir);
            }
            SingleChronicleQueueBuilder builder = ChronicleQueue.singleBuilder(dir)
                    .timeProvider(timeProvider)
                    .readOnly(readOnly);
            if (rollCycle != null) {
                builder.rollCycle(rollCycle);
            }
            SingleChronicleQueue queue = builder.build();
            LOG.debug("Opened {} {} (roll cycle {}, read-only {})", what, dir, queue.rollCycle(), readOnly);
            return queue;
        } catch (IOException | RuntimeException e) {
            throw new JournalException("Cannot open " + what + " " + dir + ": " + e, e);
        }
    }

    /** Whether {@code dir} holds a Chronicle queue (its metadata file or a cycle file). */
    static boolean holdsQueue(Path dir) {
        if (Files.exists(dir.resolve(QUEUE_METADATA_FILE))) {
            return true;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + CYCLE_FILE_SUFFIX)) {
            return files.iterator().hasNext();
        } catch (IOException e) {
            throw new JournalException("Cannot list " + dir + ": " + e, e);
        }
    }

    private static String firstEntry(Path dir) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                return file.getFileName().toString();
            }
            return null;
        } catch (IOException e) {
            throw new JournalException("Cannot list " + dir + ": " + e, e);
        }
    }

    /**
     * Deletes the cycle files of every cycle before {@code keepFromCycle}, never the cycle being
     * written. Readers that are inside a deleted cycle keep their mapping (the file is only unlinked).
     *
     * @return how many files were deleted
     */
    static int deleteCyclesBefore(SingleChronicleQueue queue, int keepFromCycle, String why) {
        int firstCycle = queue.firstCycle();
        int lastCycle = queue.lastCycle();
        int upTo = Math.min(keepFromCycle - 1, lastCycle - 1);
        if (firstCycle == Integer.MAX_VALUE || firstCycle > upTo) {
            return 0;
        }
        int deleted = 0;
        for (Long cycle : queue.listCyclesBetween(firstCycle, upTo)) {
            SingleChronicleQueueStore store = queue.storeForCycle(cycle.intValue(), queue.epoch(), false, null);
            if (store == null) {
                continue;
            }
            File file;
            try {
                file = store.file();
            } finally {
                queue.closeStore(store);
            }
            try {
                if (Files.deleteIfExists(file.toPath())) {
                    deleted++;
                    LOG.info("Deleted {} ({})", file, why);
                }
            } catch (IOException e) {
                LOG.warn("Could not delete {} ({}): {}", file, why, e.toString());
            }
        }
        if (deleted > 0) {
            queue.refreshDirectoryListing();
        }
        return deleted;
    }
}
