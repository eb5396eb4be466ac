package io.linebus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code linebus} as a real process: {@code java <Chronicle flags> -cp <test class path>
 * io.linebus.cli.LinebusCommand ...}, as the launcher runs the jar: exit codes, stdout, stderr.
 */
class CliProcessTest {
    private static final long TIMEOUT_SECONDS = 60;

    @TempDir
    Path temp;

    private record Outcome(int exitCode, String out, String err) {
    }

    @Test
    void demoThenStatsInChildProcesses() throws Exception {
        Path data = temp.resolve("line");
        Outcome demo = run("demo", "--duration", "2s", "--stations", "2", "--rate", "3000", "--data", data.toString());
        assertThat(demo.exitCode()).as(demo.err()).isZero();
        assertThat(demo.out()).contains("CONSISTENCY journal count = published count: OK (6,000 = 6,000)")
                .contains("First-pass yield per station");
        // Warnings would show on stderr; INFO chatter, banners and stack traces must not.
        assertThat(demo.err()).doesNotContain(" INFO ", "\tat ", "Exception");

        Outcome stats = run("stats", data.toString());
        assertThat(stats.exitCode()).as(stats.err()).isZero();
        assertThat(stats.out()).containsPattern("events +6,000").contains("test.result");
        assertThat(stats.err()).isEmpty();
    }

    @Test
    void errorsInAChildProcessAreOneLineWithTheirExitCodes() throws Exception {
        Path missing = temp.resolve("nowhere");
        Outcome failure = run("stats", missing.toString());
        assertThat(failure.exitCode()).isEqualTo(1);
        assertThat(failure.out()).isEmpty();
        assertThat(failure.err()).isEqualTo("linebus: no such directory: " + missing + System.lineSeparator());

        Outcome badArgument = run("demo", "--rate", "fast");
        assertThat(badArgument.exitCode()).isEqualTo(2);
        assertThat(badArgument.err().lines().toList()).hasSize(1);
        assertThat(badArgument.err()).startsWith("linebus: Invalid value for option '--rate'");
    }

    private Outcome run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (flag.startsWith("--add-") || flag.startsWith("-Dchronicle")) {
                command.add(flag);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(LinebusCommand.class.getName());
        command.addAll(List.of(args));
        File stdout = temp.resolve("stdout-" + System.nanoTime()).toFile();
        File stderr = temp.resolve("stderr-" + System.nanoTime()).toFile();
        Process process = new ProcessBuilder(command).directory(temp.toFile())
                .redirectOutput(stdout).redirectError(stderr).start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("linebus " + String.join(" ", args) + " did not end within " + TIMEOUT_SECONDS + " s");
        }
        return new Outcome(process.exitValue(), Files.readString(stdout.toPath(), StandardCharsets.UTF_8),
                Files.readString(stderr.toPath(), StandardCharsets.UTF_8));
    }
}
