package io.linebus.cli;

import io.linebus.journal.ChronicleEventJournal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where the demo keeps its data, and how the other commands find it: a data directory holds the
 * journal in {@code journal/} and the dead letters in {@code dlq/}. Commands accept the data
 * directory or the journal (dead letter) directory itself.
 */
final class DataDirs {
    static final String JOURNAL = "journal";
    static final String DEAD_LETTERS = "dlq";
    /** The file Chronicle Queue keeps in every queue directory. */
    private static final String QUEUE_METADATA = "metadata.cq4t";
    /** The journal's checkpoint file: it tells a journal directory from a dead letter directory. */
    private static final String CHECKPOINTS = "linebus-checkpoints.dat";

    private DataDirs() {
    }

    /**
     * The journal directory of {@code dir}: {@code dir/journal}, or {@code dir} itself.
     *
     * @throws CliException when {@code dir} does not exist or neither place holds a journal
     */
    static Path journal(Path dir) {
        Path base = existingDirectory(dir);
        Path nested = base.resolve(JOURNAL);
        if (holdsQueue(nested)) {
            return nested;
        }
        if (holdsQueue(base) && Files.exists(base.resolve(CHECKPOINTS))) {
            return base;
        }
        throw new CliException(dir + " is not a linebus journal: no journal files in " + nested + " or in " + dir);
    }

    /**
     * Opens the journal of {@code dir} (see {@link #journal(Path)}) for reading.
     *
     * @throws CliException when there is none
     * @throws io.linebus.journal.JournalException when it cannot be opened
     */
    static ChronicleEventJournal openJournal(Path dir) {
        return ChronicleEventJournal.builder(journal(dir)).readOnly().build();
    }

    /**
     * The dead letter directory of {@code dir}: {@code dir/dlq}, or {@code dir} itself when it holds a
     * queue that is not a journal.
     *
     * @throws CliException when {@code dir} does not exist or neither place holds dead letters
     */
    static Path deadLetters(Path dir) {
        Path base = existingDirectory(dir);
        Path nested = base.resolve(DEAD_LETTERS);
        if (holdsQueue(nested)) {
            return nested;
        }
        if (holdsQueue(base) && !Files.exists(base.resolve(CHECKPOINTS))) {
            return base;
        }
        throw new CliException("no dead letter queue in " + dir + ": no queue files in " + nested + " or in " + dir);
    }

    /** The dead letter directory beside a journal directory found by {@link #journal(Path)}, if there is one. */
    static Optional<Path> deadLettersBeside(Path journalDir) {
        Path parent = journalDir.toAbsolutePath().getParent();
        if (parent == null || !journalDir.getFileName().toString().equals(JOURNAL)) {
            return Optional.empty();
        }
        Path candidate = parent.resolve(DEAD_LETTERS);
        return holdsQueue(candidate) ? Optional.of(candidate) : Optional.empty();
    }

    /** The journal directory beside a dead letter directory found by {@link #deadLetters(Path)}, if there is one. */
    static Optional<Path> journalBeside(Path deadLetterDir) {
        Path parent = deadLetterDir.toAbsolutePath().getParent();
        if (parent == null) {
            return Optional.empty();
        }
        Path candidate = parent.resolve(JOURNAL);
        return holdsQueue(candidate) ? Optional.of(candidate) : Optional.empty();
    }

    private static Path existingDirectory(Path dir) {
        if (!Files.exists(dir)) {
            throw new CliException("no such directory: " + dir);
        }
        if (!Files.isDirectory(dir)) {
            throw new CliException("not a directory: " + dir);
        }
        return dir;
    }

    /** Whether {@code dir} is a directory with a Chronicle queue in it (its metadata file or a cycle file). */
    static boolean holdsQueue(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        if (Files.exists(dir.resolve(QUEUE_METADATA))) {
            return true;
        }
        try (DirectoryStream<Path> cycles = Files.newDirectoryStream(dir, "*.cq4")) {
            return cycles.iterator().hasNext();
        } catch (IOException e) {
            throw new CliException("cannot list " + dir + ": " + e.getMessage());
        }
    }

    /**
     * The bytes the files under {@code dir} occupy on disk, as {@code du} counts them (Chronicle's
     * cycle files are sparse: far smaller on disk than their length); their total length where
     * {@code du} is not available.
     */
    static long diskUsage(Path dir) {
        try {
            Process du = new ProcessBuilder("du", "-sk", dir.toString()).redirectErrorStream(true).start();
            du.getOutputStream().close();
            String output = new String(du.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (du.waitFor() == 0 && !output.isEmpty()) {
                return Long.parseLong(output.split("\\s+", 2)[0]) * 1024;
            }
        } catch (IOException | NumberFormatException e) {
            // no du here: fall back to the files' length
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return length(dir);
    }

    /** The total length of the regular files under {@code dir}. */
    static long length(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(DataDirs::sizeOrZero).sum();
        } catch (IOException e) {
            throw new CliException("cannot measure " + dir + ": " + e.getMessage());
        }
    }

    private static long sizeOrZero(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0L; // removed while we walked (a dead letter cycle file, say)
        }
    }
}
