package io.linebus.benchmarks.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The machine the report runs on (the one the benchmarks ran on): cores, memory and CPU model from
 * {@code /proc} where it exists, the operating system from the JVM.
 *
 * @param cores logical cores available to the JVM
 * @param memoryBytes physical memory, or -1 when unknown
 */
public record MachineInfo(int cores, long memoryBytes, String cpuModel, String os) {
    /** Describes this machine. */
    public static MachineInfo current() {
        return new MachineInfo(Runtime.getRuntime().availableProcessors(),
                memTotalBytes(read(Path.of("/proc/meminfo"))), cpuModel(read(Path.of("/proc/cpuinfo"))),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"));
    }

    /** {@code 23.5 GiB}, or {@code unknown}. */
    public String memoryText() {
        return memoryBytes < 0 ? "unknown"
                : String.format(Locale.ROOT, "%.1f GiB", memoryBytes / (1024.0 * 1024.0 * 1024.0));
    }

    /** The first {@code model name} of a {@code /proc/cpuinfo} text, or {@code unknown}. */
    static String cpuModel(List<String> cpuinfo) {
        for (String line : cpuinfo) {
            if (line.startsWith("model name")) {
                int colon = line.indexOf(':');
                if (colon >= 0) {
                    return line.substring(colon + 1).trim();
                }
            }
        }
        return "unknown";
    }

    /** {@code MemTotal} of a {@code /proc/meminfo} text in bytes, or -1. */
    static long memTotalBytes(List<String> meminfo) {
        for (String line : meminfo) {
            if (line.startsWith("MemTotal:")) {
                String[] parts = line.substring("MemTotal:".length()).trim().split("\\s+");
                try {
                    long value = Long.parseLong(parts[0]);
                    return parts.length > 1 && parts[1].equalsIgnoreCase("kB") ? value * 1024L : value;
                } catch (NumberFormatException e) {
                    return -1L;
                }
            }
        }
        return -1L;
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException | UnsupportedOperationException e) {
            return List.of();
        }
    }
}
