package io.linebus.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Temporary directories for the journal benchmarks, removed at tear-down so that runs do not fill
 * the disk. They go to memory ({@code /dev/shm}) where there is one, else the temporary directory;
 * {@code -Dlinebus.bench.dir=DIR} chooses. Why memory: a journal benchmark writes gigabytes, and
 * the kernel writing them back to disk competes for the CPUs unpredictably (the bare Chronicle
 * appender itself varied widely between runs on ext4: perf-results/README.md), drowning what is
 * measured: the cost linebus adds over Chronicle, which is the same on any file system.
 */
final class JournalDirs {
    private static final Path SHARED_MEMORY = Path.of("/dev/shm");

    private JournalDirs() {
    }

    static Path create(String prefix) {
        try {
            return Files.createTempDirectory(base(), "linebus-bench-" + prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where the benchmark journals go. */
    private static Path base() {
        String chosen = System.getProperty("linebus.bench.dir");
        if (chosen != null && !chosen.isBlank()) {
            return Path.of(chosen);
        }
        if (Files.isDirectory(SHARED_MEMORY) && Files.isWritable(SHARED_MEMORY)) {
            return SHARED_MEMORY;
        }
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    static void delete(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
