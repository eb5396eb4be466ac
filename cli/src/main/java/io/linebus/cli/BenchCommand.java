package io.linebus.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code linebus bench}: runs the JMH benchmarks through {@code benchmarks/run.sh} and prints their summary. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {
            "Runs the JMH benchmarks and prints their summary.",
            "",
            "Runs benchmarks/run.sh of the linebus checkout, streaming its output, then prints its "
                    + "summary: each linebus path against its baseline (perf-results/SUMMARY.md; with --quick "
                    + "benchmarks/target/perf-quick/SUMMARY.md, leaving the committed results alone)."})
final class BenchCommand implements Callable<Integer> {
    static final String HOME_PROPERTY = "linebus.home";
    static final String RUNNER = "benchmarks/run.sh";
    static final String SUMMARY = "perf-results/SUMMARY.md";
    static final String QUICK_SUMMARY = "benchmarks/target/perf-quick/SUMMARY.md";

    @Spec
    CommandSpec spec;

    @Option(names = "--quick", description = "A short run (fewer iterations): a smoke test, not a measurement.")
    boolean quick;

    @Option(names = "--filter", paramLabel = "REGEX", description = "Only the benchmarks whose name matches REGEX.")
    String filter;

    @Option(names = "--home", paramLabel = "DIR",
            description = "The linebus checkout (default: where the launcher is, or the current directory).")
    Path home;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Path root = home != null ? home
                : Path.of(System.getProperty(HOME_PROPERTY, System.getProperty("user.dir")));
        Path runner = root.resolve(RUNNER);
        if (!Files.isRegularFile(runner)) {
            throw new CliException("no benchmark runner: " + runner + " does not exist"
                    + " (run linebus from a linebus checkout, or give --home)");
        }
        List<String> command = new ArrayList<>(List.of("bash", runner.toString()));
        if (quick) {
            command.add("--quick");
        }
        if (filter != null) {
            command.add("--filter");
            command.add(filter);
        }
        PrintWriter out = spec.commandLine().getOut();
        Process process = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                out.println(line);
                out.flush();
            }
        } finally {
            if (process.isAlive()) {
                process.destroy();
            }
        }
        int exit = process.waitFor();
        if (exit != 0) {
            throw new CliException(RUNNER + " failed with exit code " + exit);
        }
        Path summary = root.resolve(quick ? QUICK_SUMMARY : SUMMARY);
        if (!Files.isRegularFile(summary)) {
            throw new CliException(RUNNER + " finished but wrote no " + summary);
        }
        out.println();
        out.print(Files.readString(summary, StandardCharsets.UTF_8));
        out.flush();
        return 0;
    }
}
