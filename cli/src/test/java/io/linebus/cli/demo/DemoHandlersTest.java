package io.linebus.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.linebus.models.Event;
import io.linebus.models.EventMetadata;
import io.linebus.models.domain.AssetFaultEvent;
import io.linebus.models.domain.AssetState;
import io.linebus.models.domain.AssetStateChangedEvent;
import io.linebus.models.domain.SeverityLevel;
import io.linebus.models.domain.TestResult;
import io.linebus.models.domain.TestResultEvent;
import io.linebus.models.domain.TestStep;
import io.linebus.models.domain.WorkCompletedEvent;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DemoHandlersTest {
    @Test
    void yieldCountsFirstTestsRetestsAndFinishedUnitsPerStation() {
        YieldHandler yield = new YieldHandler();
        yield.handle(test("SN1", "ICT-01", 1, true));
        yield.handle(test("SN2", "ICT-01", 1, false));
        yield.handle(test("SN2", "ICT-01", 2, true));
        yield.handle(test("SN3", "FCT-02", 1, true));
        yield.handle(completed("SN1", "ICT-01", WorkCompletedEvent.Result.COMPLETED));
        yield.handle(completed("SN2", "ICT-01", WorkCompletedEvent.Result.FAILED));
        assertThat(yield.byStation()).containsExactly(
                Map.entry("FCT-02", new YieldHandler.StationYield(1, 1, 0, 0, 0)),
                Map.entry("ICT-01", new YieldHandler.StationYield(2, 1, 1, 2, 1)));
    }

    @Test
    void failingStepsRanksFailedStepsOfFailedTests() {
        FailingStepsHandler steps = new FailingStepsHandler();
        steps.handle(test("SN1", "FCT-02", 1, false, "Power rails"));
        steps.handle(test("SN2", "FCT-02", 1, false, "Power rails"));
        steps.handle(test("SN3", "FCT-02", 1, false, "LED check"));
        steps.handle(test("SN4", "FCT-02", 1, true));
        assertThat(steps.failedTests()).isEqualTo(3);
        assertThat(steps.top(5)).containsExactly(new FailingStepsHandler.StepFailures("FCT / Power rails", 2),
                new FailingStepsHandler.StepFailures("FCT / LED check", 1));
        assertThat(steps.top(1)).hasSize(1);
    }

    @Test
    void openFaultsAreThoseRaisedAndNotCleared() {
        OpenFaultsHandler faults = new OpenFaultsHandler();
        faults.handle(fault("ICT-01", "E-101", false));
        faults.handle(fault("FCT-02", "E-310", false));
        faults.handle(state("ICT-01", AssetState.ERROR));
        faults.handle(fault("ICT-01", "E-101", true));
        faults.handle(state("ICT-01", AssetState.ONLINE));
        assertThat(faults.openFaults()).extracting(AssetFaultEvent::assetId, AssetFaultEvent::faultCode)
                .containsExactly(tuple("FCT-02", "E-310"));
        assertThat(faults.raised()).isEqualTo(2);
        assertThat(faults.cleared()).isEqualTo(1);
        assertThat(faults.states()).containsExactly(Map.entry("ICT-01", AssetState.ONLINE));
    }

    @Test
    void theUploaderFailsTheSameEventsForASeedAndRetriesGetThroughUnlessTheFailureIsPermanent() {
        FlakyUploader uploader = new FlakyUploader(42, 0.2, 0.1);
        FlakyUploader again = new FlakyUploader(42, 0.2, 0.1);
        int transientFailures = 0;
        int permanentFailures = 0;
        for (long sequence = 0; sequence < 2_000; sequence++) {
            Event event = sequenced(sequence);
            boolean first = fails(uploader, event);
            assertThat(fails(again, event)).isEqualTo(first);
            if (first) {
                boolean retry = fails(uploader, event.withRetry());
                boolean lastRetry = fails(uploader, event.withRetry().withRetry().withRetry());
                assertThat(lastRetry).isEqualTo(retry);
                if (retry) {
                    permanentFailures++;
                } else {
                    transientFailures++;
                }
            }
        }
        assertThat(transientFailures).isBetween(300, 500);
        assertThat(permanentFailures).isBetween(130, 270);
        // Each transiently failing event went through on both retries tried above.
        assertThat(uploader.uploaded()).isEqualTo(2_000 - transientFailures - permanentFailures + 2L * transientFailures);
        uploader.onError(sequenced(0), new IOException("reset"));
        assertThat(uploader.failedAttempts()).isEqualTo(1);
    }

    @Test
    void aReliableUploaderNeverFailsAndRatesAreChecked() throws IOException {
        FlakyUploader reliable = FlakyUploader.reliable();
        for (long sequence = 0; sequence < 1_000; sequence++) {
            reliable.handle(sequenced(sequence));
        }
        assertThat(reliable.uploaded()).isEqualTo(1_000);
        assertThatThrownBy(() -> new FlakyUploader(1, -0.1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FlakyUploader(1, 0.6, 0.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("failure rates must be >= 0 and add up to at most 1, got 0.6 and 0.5");
        assertThatThrownBy(() -> new FlakyUploader(1, Double.NaN, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void handlersCountExactlyUnderConcurrentDispatch() throws Exception {
        DemoHandlers handlers = DemoHandlers.analysis();
        int threads = 4;
        int perThread = 2_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < threads; t++) {
            int worker = t;
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        String unit = "SN" + worker + "-" + i;
                        handlers.yield().handle(test(unit, "ICT-01", 1, i % 10 != 0));
                        handlers.failingSteps().handle(test(unit, "ICT-01", 1, i % 10 != 0, "Shorts"));
                        handlers.openFaults().handle(fault("A-" + worker, "E-" + i / 2, i % 2 == 1));
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            workers.add(thread);
            thread.start();
        }
        start.countDown();
        for (Thread thread : workers) {
            thread.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(thread.isAlive()).isFalse();
        }
        assertThat(failures).isEmpty();
        long total = (long) threads * perThread;
        assertThat(handlers.yield().byStation().get("ICT-01"))
                .isEqualTo(new YieldHandler.StationYield(total, total - total / 10, 0, 0, 0));
        assertThat(handlers.failingSteps().top(1)).containsExactly(
                new FailingStepsHandler.StepFailures("ICT / Shorts", total / 10));
        assertThat(handlers.openFaults().raised()).isEqualTo(total / 2);
        assertThat(handlers.openFaults().openFaults()).isEmpty();
    }

    @Test
    void theReportShowsYieldStepsAndFaults() {
        DemoHandlers handlers = DemoHandlers.analysis();
        handlers.yield().handle(test("SN1", "ICT-01", 1, false, "Shorts"));
        handlers.failingSteps().handle(test("SN1", "ICT-01", 1, false, "Shorts"));
        handlers.yield().handle(test("SN2", "ICT-01", 1, true));
        handlers.openFaults().handle(fault("ICT-01", "E-205", false));
        StringWriter text = new StringWriter();
        handlers.printReport(new PrintWriter(text, true));
        assertThat(text.toString())
                .containsPattern("ICT-01 +2 +1 +50\\.0%")
                .contains("Top failing steps (1 failed tests)", "1. ICT / Shorts")
                .contains("Open faults: 1 (raised 1, cleared 0)")
                .containsPattern("ICT-01 +E-205 +error +probe");
        assertThat(handlers.all()).extracting(h -> h.name()).containsExactly("yield", "failing-steps", "open-faults");
        assertThat(DemoHandlers.withUploader(FlakyUploader.reliable()).all()).hasSize(4);
    }

    private static boolean fails(FlakyUploader uploader, Event event) {
        try {
            uploader.handle(event);
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static Event sequenced(long sequence) {
        TestResultEvent result = TestResultEvent.builder("SN" + sequence).stationId("ICT-01").build();
        return result.toEvent(EventMetadata.builder().custom(Map.of(LineSimulator.SEQUENCE_KEY, sequence)).build());
    }

    private static Event test(String unit, String station, int attempt, boolean passed, String... failedSteps) {
        TestResultEvent.Builder builder = TestResultEvent.builder(unit)
                .stationId(station)
                .result(passed ? TestResult.PASS : TestResult.FAIL)
                .customData(Map.of(LineSimulator.ATTEMPT_KEY, attempt, LineSimulator.PROGRAM_KEY,
                        station.substring(0, 3)));
        builder.addStep(TestStep.builder("Setup").build());
        for (String step : failedSteps) {
            builder.addStep(TestStep.builder(step).status(TestResult.FAIL).build());
        }
        return builder.build().toEvent(station);
    }

    private static Event completed(String unit, String station, WorkCompletedEvent.Result result) {
        return WorkCompletedEvent.builder(unit, station).result(result).build().toEvent(station);
    }

    private static Event fault(String asset, String code, boolean cleared) {
        return AssetFaultEvent.builder(asset, code).faultMessage("probe " + code).severity(SeverityLevel.ERROR)
                .cleared(cleared).build().toEvent(asset);
    }

    private static Event state(String asset, AssetState state) {
        return AssetStateChangedEvent.builder(asset, state).build().toEvent(asset);
    }
}
