package io.linebus.cli.demo;

import io.linebus.bus.AsyncEventBus;
import io.linebus.cli.Format;
import io.linebus.handlers.BaseHandler;
import io.linebus.models.domain.AssetFaultEvent;
import io.linebus.models.domain.AssetState;
import java.io.PrintWriter;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The handlers the demo (and a replay) runs, and the report a test engineer reads from them:
 * first-pass yield per station, the steps that fail most, the open faults. The demo adds a
 * {@link FlakyUploader} so that retries and dead letters show up too.
 */
public final class DemoHandlers {
    /** How many failing steps the report lists. */
    public static final int TOP_STEPS = 5;

    private final YieldHandler yield = new YieldHandler();
    private final FailingStepsHandler failingSteps = new FailingStepsHandler();
    private final OpenFaultsHandler openFaults = new OpenFaultsHandler();
    private final FlakyUploader uploader;

    private DemoHandlers(FlakyUploader uploader) {
        this.uploader = uploader;
    }

    /** The analysing handlers only (what a replay feeds). */
    public static DemoHandlers analysis() {
        return new DemoHandlers(null);
    }

    /** The analysing handlers plus {@code uploader}. */
    public static DemoHandlers withUploader(FlakyUploader uploader) {
        return new DemoHandlers(Objects.requireNonNull(uploader, "uploader"));
    }

    public List<BaseHandler> all() {
        List<BaseHandler> handlers = new ArrayList<>(List.of(yield, failingSteps, openFaults));
        if (uploader != null) {
            handlers.add(uploader);
        }
        return handlers;
    }

    /** Registers every handler on {@code bus}. */
    public void registerOn(AsyncEventBus bus) {
        for (BaseHandler handler : all()) {
            bus.registerHandler(handler);
        }
    }

    public YieldHandler yield() {
        return yield;
    }

    public FailingStepsHandler failingSteps() {
        return failingSteps;
    }

    public OpenFaultsHandler openFaults() {
        return openFaults;
    }

    /** Prints first-pass yield per station, the top failing steps and the open faults. */
    public void printReport(PrintWriter out) {
        printYield(out);
        out.println();
        printFailingSteps(out);
        out.println();
        printOpenFaults(out);
    }

    private void printYield(PrintWriter out) {
        Map<String, YieldHandler.StationYield> stations = yield.byStation();
        out.println("First-pass yield per station");
        if (stations.isEmpty()) {
            out.println("  no test results");
            return;
        }
        String format = "  %-8s %9s %11s %7s %8s %9s %12s%n";
        out.printf(Locale.ROOT, format, "station", "tested", "first pass", "FPY", "retests", "finished", "final yield");
        long tested = 0;
        long passed = 0;
        long retests = 0;
        long finished = 0;
        long completed = 0;
        for (Map.Entry<String, YieldHandler.StationYield> entry : stations.entrySet()) {
            YieldHandler.StationYield station = entry.getValue();
            printYieldRow(out, format, entry.getKey(), station);
            tested += station.tested();
            passed += station.passedFirstTime();
            retests += station.retests();
            finished += station.finished();
            completed += station.completed();
        }
        printYieldRow(out, format, "line", new YieldHandler.StationYield(tested, passed, retests, finished, completed));
    }

    private static void printYieldRow(PrintWriter out, String format, String name, YieldHandler.StationYield row) {
        out.printf(Locale.ROOT, format, name, Format.count(row.tested()), Format.count(row.passedFirstTime()),
                Format.percent(row.passedFirstTime(), row.tested()), Format.count(row.retests()),
                Format.count(row.finished()), Format.percent(row.completed(), row.finished()));
    }

    private void printFailingSteps(PrintWriter out) {
        List<FailingStepsHandler.StepFailures> top = failingSteps.top(TOP_STEPS);
        out.println("Top failing steps (" + Format.count(failingSteps.failedTests()) + " failed tests)");
        if (top.isEmpty()) {
            out.println("  no failed steps");
            return;
        }
        int rank = 1;
        for (FailingStepsHandler.StepFailures step : top) {
            out.printf(Locale.ROOT, "  %d. %-32s %7s%n", rank++, step.step(), Format.count(step.failures()));
        }
    }

    private void printOpenFaults(PrintWriter out) {
        List<AssetFaultEvent> open = openFaults.openFaults();
        out.println("Open faults: " + (open.isEmpty() ? "none" : Format.count(open.size())) + " (raised "
                + Format.count(openFaults.raised()) + ", cleared " + Format.count(openFaults.cleared()) + ")");
        Map<String, AssetState> states = openFaults.states();
        for (AssetFaultEvent fault : open) {
            AssetState state = states.get(fault.assetId());
            out.printf(Locale.ROOT, "  %-8s %-6s %-8s %-38s since %s, station %s%n", fault.assetId(), fault.faultCode(),
                    fault.severity().value(), fault.faultMessage(),
                    fault.timestamp().withOffsetSameInstant(ZoneOffset.UTC).toLocalTime().truncatedTo(ChronoUnit.SECONDS) + "Z",
                    state == null ? "state unknown" : state.value());
        }
    }
}
