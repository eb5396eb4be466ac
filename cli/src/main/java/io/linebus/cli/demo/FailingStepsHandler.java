package io.linebus.cli.demo;

import io.linebus.handlers.BaseHandler;
import io.linebus.models.Event;
import io.linebus.models.EventType;
import io.linebus.models.domain.TestResult;
import io.linebus.models.domain.TestResultEvent;
import io.linebus.models.domain.TestStep;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Which test steps fail most: counts failed steps of failed test results, by program and step name
 * (e.g. {@code FCT / Power rails}). Thread-safe.
 */
public final class FailingStepsHandler extends BaseHandler {
    public static final String NAME = "failing-steps";

    private final ConcurrentHashMap<String, LongAdder> failures = new ConcurrentHashMap<>();
    private final LongAdder failedTests = new LongAdder();

    public FailingStepsHandler() {
        super(NAME);
    }

    /** A step and how many times it failed. */
    public record StepFailures(String step, long failures) {
    }

    @Override
    public List<EventType> eventTypes() {
        return List.of(EventType.TEST_RESULT);
    }

    @Override
    public Object handle(Event event) {
        // Most tests pass: only a failed one is worth reading into the typed model.
        if (TestResult.PASS.value().equals(event.payload().get("result"))) {
            return null;
        }
        TestResultEvent result = TestResultEvent.fromMap(event.payload());
        failedTests.increment();
        Object program = result.customData().get(LineSimulator.PROGRAM_KEY);
        String prefix = program instanceof String name ? name + " / " : "";
        for (TestStep step : result.steps()) {
            if (step.status() == TestResult.FAIL) {
                failures.computeIfAbsent(prefix + step.name(), key -> new LongAdder()).increment();
            }
        }
        return null;
    }

    /** Failed test results seen so far. */
    public long failedTests() {
        return failedTests.sum();
    }

    /** The {@code limit} steps that failed most, most first (ties by name). */
    public List<StepFailures> top(int limit) {
        return failures.entrySet().stream()
                .map(entry -> new StepFailures(entry.getKey(), entry.getValue().sum()))
                .sorted(Comparator.comparingLong(StepFailures::failures).reversed().thenComparing(StepFailures::step))
                .limit(limit)
                .toList();
    }
}
