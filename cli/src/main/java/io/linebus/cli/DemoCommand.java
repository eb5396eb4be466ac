package io.linebus.cli;

import ch.qos.logback.classic.Level;
import io.linebus.bus.AsyncEventBus;
import io.linebus.cli.Converters.DurationConverter;
import io.linebus.cli.Converters.RateConverter;
import io.linebus.cli.demo.DemoHandlers;
import io.linebus.cli.demo.FlakyUploader;
import io.linebus.cli.demo.LineSimulator;
import io.linebus.journal.ChronicleDeadLetterQueue;
import io.linebus.journal.ChronicleEventJournal;
import io.linebus.policies.ErrorPolicy;
import io.linebus.policies.RetryConfig;
import io.linebus.policies.RetryPolicy;
import io.linebus.telemetry.EventMetrics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code linebus demo}: a simulated production line through an {@link AsyncEventBus} with a Chronicle
 * journal and persistent dead letters, with live progress and a summary that ends in a consistency
 * check (the journal holds exactly the events this run published).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {
            "Simulates a production line through the engine: live progress, then a summary.",
            "",
            "N test stations send work started, material installed, test results (ICT/FCT steps with "
                    + "measurements and limits), AOI inspections, work completed, asset faults and state changes "
                    + "into an AsyncEventBus that journals every event to Chronicle Queue. Handlers compute "
                    + "first-pass yield per station, the top failing steps and the open faults; a flaky uploader "
                    + "makes retries and dead letters happen. The summary ends with a check that the journal holds "
                    + "every published event (exit code 1 if not)."},
        footer = {"", "Afterwards: linebus stats DIR, linebus tail DIR, linebus replay DIR, linebus dlq DIR list"})
final class DemoCommand implements Callable<Integer> {
    /** Share of uploads whose first attempt fails (retried, then fine). */
    static final double TRANSIENT_UPLOAD_FAILURES = 0.02;
    /** Share of uploads that fail every attempt (dead-lettered). */
    static final double PERMANENT_UPLOAD_FAILURES = 0.005;
    private static final int MAX_RETRIES = 3;
    private static final double FIRST_RETRY_DELAY_SECONDS = 0.05;
    private static final double MAX_RETRY_DELAY_SECONDS = 0.5;
    private static final int DISPATCH_THREADS = 2;
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Spec
    CommandSpec spec;

    @Option(names = "--stations", paramLabel = "N", defaultValue = "4",
            description = "Test stations on the line, 1 to 99 (default: ${DEFAULT-VALUE}).")
    int stations;

    @Option(names = "--duration", paramLabel = "TIME", defaultValue = "10s", converter = DurationConverter.class,
            description = "How long to publish: 10s, 500ms, 2m, ... (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--rate", paramLabel = "R|max", defaultValue = "5000", converter = RateConverter.class,
            description = "Events per second on a fixed schedule, or max: as fast as the bus takes them "
                    + "(default: ${DEFAULT-VALUE}).")
    Rate rate;

    @Option(names = "--max-events", paramLabel = "N", defaultValue = "1000000",
            description = "Stop after this many events even if --duration has not passed (default: ${DEFAULT-VALUE}).")
    long maxEvents;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "linebus-data",
            description = "Where the journal (DIR/journal) and the dead letters (DIR/dlq) are kept; "
                    + "a second run appends (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "Seed of the simulated line and of the uploader's failures (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (stations < 1 || stations > LineSimulator.MAX_STATIONS) {
            throw new ParameterException(spec.commandLine(),
                    "--stations must be 1 to " + LineSimulator.MAX_STATIONS + ", got " + stations);
        }
        if (maxEvents < 1) {
            throw new ParameterException(spec.commandLine(), "--max-events must be at least 1, got " + maxEvents);
        }
        // The flaky uploader's dead letters are staged; the summary reports them instead of an error log each.
        Logging.quiet(ErrorPolicy.class, Level.OFF);
        Logging.quiet(ChronicleDeadLetterQueue.class, Level.ERROR);
        PrintWriter out = spec.commandLine().getOut();
        try (StopSignal stop = StopSignal.onShutdown(Duration.ofSeconds(20));
                ChronicleEventJournal journal = ChronicleEventJournal.open(data.resolve(DataDirs.JOURNAL));
                ChronicleDeadLetterQueue deadLetters = ChronicleDeadLetterQueue.open(data.resolve(DataDirs.DEAD_LETTERS))) {
            return run(out, stop, journal, deadLetters);
        }
    }

    private int run(PrintWriter out, StopSignal stop, ChronicleEventJournal journal,
            ChronicleDeadLetterQueue deadLetters) throws Exception {
        long journalBefore = journal.count();
        FlakyUploader uploader = new FlakyUploader(seed, TRANSIENT_UPLOAD_FAILURES, PERMANENT_UPLOAD_FAILURES);
        DemoHandlers handlers = DemoHandlers.withUploader(uploader);
        EventMetrics metrics = new EventMetrics();
        Random jitter = new Random(seed);
        RetryConfig retries = RetryConfig.builder()
                .maxRetries(MAX_RETRIES)
                .initialDelay(FIRST_RETRY_DELAY_SECONDS)
                .maxDelay(MAX_RETRY_DELAY_SECONDS)
                .build();
        AsyncEventBus bus = AsyncEventBus.builder()
                .name("linebus-demo")
                .dispatchThreads(DISPATCH_THREADS)
                .journal(journal)
                .retryPolicy(new RetryPolicy(retries, jitter::nextDouble))
                .errorPolicy(new ErrorPolicy(deadLetters))
                .metrics(metrics)
                .build();
        handlers.registerOn(bus);
        LineSimulator line = new LineSimulator(stations, seed);

        out.printf(Locale.ROOT, "linebus demo: %d stations (%s), %s, for %s or %s events, seed %d%n", stations,
                String.join(" ", line.stationIds()), rate.isMax() ? "as fast as possible" : rate.toString(),
                Format.seconds(duration), Format.count(maxEvents), seed);
        out.printf(Locale.ROOT, "  journal %s%n  dead letters %s%n%n", journal.directory(), deadLetters.directory());
        out.flush();

        long published;
        long publishNanos;
        boolean idle;
        bus.start();
        try {
            ProgressLine progress = new ProgressLine(out, System.console() != null);
            long start = System.nanoTime();
            published = publish(bus, line, stop, progress, metrics, start);
            publishNanos = System.nanoTime() - start;
            progress.finish();
            idle = bus.awaitIdle(IDLE_TIMEOUT);
        } finally {
            bus.stop(STOP_TIMEOUT);
        }
        long journaled = journal.count() - journalBefore;
        Summary summary = new Summary(published, journaled, metrics, publishNanos, idle, deadLetters);
        summary.print(out, handlers, stop.requested());
        out.flush();
        if (!summary.consistent()) {
            spec.commandLine().getErr().println("linebus: consistency check FAILED: the journal holds "
                    + Format.count(journaled) + " events of this run, " + Format.count(published) + " were published");
            return CliErrors.EXIT_FAILURE;
        }
        return 0;
    }

    /**
     * Publishes until the duration has passed, the cap is reached or Ctrl-C. At a fixed rate event k is
     * due k/rate seconds after the start (no drift: a late event goes out at once, the schedule stays).
     */
    private long publish(AsyncEventBus bus, LineSimulator line, StopSignal stop, ProgressLine progress,
            EventMetrics metrics, long start) {
        long end = start + duration.toNanos();
        // At a fixed rate every event due before the end goes out, even when the clock has passed it.
        long planned = rate.isMax() ? maxEvents
                : Math.min(maxEvents, (long) Math.ceil(duration.toNanos() / 1e9 * rate.eventsPerSecond()));
        long nextReport = start + SECOND;
        long lastHandled = 0;
        long published = 0;
        while (published < planned && !stop.requested()) {
            long now = System.nanoTime();
            if (now - nextReport >= 0) {
                long handled = metrics.totalEvents();
                progress.update(progressText(now - start, handled - lastHandled, bus, metrics));
                lastHandled = handled;
                nextReport += SECOND;
            }
            if (rate.isMax()) {
                if (now - end >= 0) {
                    break;
                }
            } else {
                long due = start + (long) (published * 1e9 / rate.eventsPerSecond());
                if (due - now > 0) {
                    LockSupport.parkNanos(Math.min(due - now, nextReport - now));
                    continue;
                }
            }
            bus.publish(line.next());
            published++;
        }
        return published;
    }

    private static String progressText(long elapsedNanos, long handledLastSecond, AsyncEventBus bus,
            EventMetrics metrics) {
        return String.format(Locale.ROOT, "%5.1fs  %9s events/s  p99 %-10s  queue %-6s  retries %-7s  dead letters %s",
                elapsedNanos / 1e9, Format.count(handledLastSecond), Format.millis(metrics.latencyPercentileMs(99)),
                Format.count(bus.queueSize()), Format.count(metrics.totalRetries()),
                Format.count(metrics.totalDeadLetters()));
    }

    /** What the run did, and whether the journal agrees with it. */
    private record Summary(long published, long journaled, EventMetrics metrics, long publishNanos, boolean idle,
            ChronicleDeadLetterQueue deadLetters) {
        boolean consistent() {
            return journaled == published;
        }

        void print(PrintWriter out, DemoHandlers handlers, boolean interrupted) {
            out.println();
            out.println("Summary" + (interrupted ? " (stopped early)" : ""));
            String row = "  %-14s %s%n";
            double seconds = Math.max(publishNanos, 1) / 1e9;
            out.printf(Locale.ROOT, row, "published", Format.count(published) + " events in "
                    + String.format(Locale.ROOT, "%.1f s", seconds));
            out.printf(Locale.ROOT, row, "journaled", Format.count(journaled) + " events");
            out.printf(Locale.ROOT, row, "handled", Format.count(metrics.totalEvents()) + " events"
                    + (idle ? "" : " (the bus did not finish within " + IDLE_TIMEOUT.toSeconds()
                            + " s; the rest was dead-lettered)"));
            out.printf(Locale.ROOT, row, "throughput", Format.perSecond(published / seconds) + " events/s");
            out.printf(Locale.ROOT, row, "latency", "p50 " + Format.millis(metrics.latencyPercentileMs(50))
                    + ", p99 " + Format.millis(metrics.latencyPercentileMs(99)) + " (publish to handled)");
            out.printf(Locale.ROOT, row, "retries", Format.count(metrics.totalRetries()));
            out.printf(Locale.ROOT, row, "dead letters", Format.count(metrics.totalDeadLetters())
                    + " (the dead letter queue now holds " + Format.count(deadLetters.size()) + ")");
            out.println();
            handlers.printReport(out);
            out.println();
            out.println("CONSISTENCY journal count = published count: " + (consistent() ? "OK" : "FAILED") + " ("
                    + Format.count(journaled) + (consistent() ? " = " : " != ") + Format.count(published) + ")");
        }
    }
}
