package io.linebus.cli.demo;

import io.linebus.models.IsoTimes;
import io.linebus.models.domain.TestMeasurement;
import io.linebus.models.domain.TestResult;
import io.linebus.models.domain.TestResultEvent;
import io.linebus.models.domain.TestStep;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The test programs of the simulated line, in-circuit test (ICT) and functional test (FCT): their
 * steps, measurement limits, and how likely each step is to be the one a failing unit fails.
 * A program stops at the first failing step, as test stations do.
 */
enum TestProgram {
    ICT(25, List.of(
            Step.passFail("Shorts and opens", 3, "Short between U1 pins 4 and 5"),
            Step.numeric("R12 pull-up", 2, new Limit("R12", "Ohm", 9_900, 10_100, 10_000)),
            Step.numeric("C7 decoupling", 1, new Limit("C7", "nF", 90, 110, 100)),
            Step.numeric("D3 forward voltage", 1, new Limit("D3 Vf", "V", 0.55, 0.75, 0.65)),
            Step.numeric("U1 supply resistance", 2, new Limit("VCC-GND", "Ohm", 1_000, 10_000, 4_700)))),
    FCT(50, List.of(
            Step.numeric("Power-up current", 2, new Limit("I_in", "mA", 100, 150, 120)),
            Step.numeric("Power rails", 4,
                    new Limit("3V3", "V", 3.234, 3.366, 3.3),
                    new Limit("5V0", "V", 4.85, 5.15, 5.0),
                    new Limit("1V8", "V", 1.764, 1.836, 1.8)),
            Step.numeric("Oscillator", 1, new Limit("f_osc", "MHz", 24.998, 25.002, 25.0)),
            Step.passFail("Firmware flash", 2, "Verify failed at 0x0800C000"),
            Step.numeric("RF output power", 3, new Limit("P_out", "dBm", 12, 16, 14)),
            Step.passFail("LED check", 1, "LED2 not lit")));

    /** The product every station tests. */
    static final String PART_NUMBER = "PCBA-7781-01";
    static final String REVISION = "C";

    private final long typicalSeconds;
    private final List<Step> steps;
    private final int totalFailWeight;

    TestProgram(long typicalSeconds, List<Step> steps) {
        this.typicalSeconds = typicalSeconds;
        this.steps = steps;
        this.totalFailWeight = steps.stream().mapToInt(Step::failWeight).sum();
    }

    /** One measured quantity with its inclusive limits; values are rounded to a precision that suits the range. */
    record Limit(String name, String unit, double low, double high, double nominal) {
        /** A spread that keeps 3.5 standard deviations inside both limits. */
        double sigma() {
            return Math.min(high - nominal, nominal - low) / 4;
        }

        double round(double value) {
            int decimals = (int) Math.max(0, 3 - Math.floor(Math.log10(high - low)));
            double scale = Math.pow(10, decimals);
            return Math.round(value * scale) / scale;
        }
    }

    /** A step: pass/fail (no measurement, a message when it fails) or numeric (its measurements). */
    record Step(String name, String stepType, int failWeight, String failMessage, List<Limit> limits) {
        static Step passFail(String name, int failWeight, String failMessage) {
            return new Step(name, "passfail", failWeight, failMessage, List.of());
        }

        static Step numeric(String name, int failWeight, Limit... limits) {
            return new Step(name, limits.length > 1 ? "multi_numeric" : "numeric", failWeight, null, List.of(limits));
        }
    }

    /**
     * One run of this program on a unit.
     *
     * @param fail whether the unit fails this run (one step, chosen by the steps' fail weights)
     * @param attempt 1 for the first test of the unit, then 2, 3 for retests after repair
     */
    TestResultEvent run(Random random, String unitId, String stationId, String operatorId, String fixtureId,
            int socket, String batch, int attempt, boolean fail) {
        int failing = fail ? pickFailingStep(random) : -1;
        OffsetDateTime end = IsoTimes.now();
        long totalMillis = typicalSeconds * 1000 - 2_000 + random.nextInt(4_000);
        OffsetDateTime start = end.minusNanos(totalMillis * 1_000_000L);
        int stepCount = failing >= 0 ? failing + 1 : steps.size();
        long stepMillis = totalMillis / steps.size();
        List<TestStep> results = new ArrayList<>(stepCount);
        for (int i = 0; i < stepCount; i++) {
            Step step = steps.get(i);
            boolean stepFails = i == failing;
            OffsetDateTime stepStart = start.plusNanos(i * stepMillis * 1_000_000L);
            TestStep.Builder builder = TestStep.builder(step.name())
                    .status(stepFails ? TestResult.FAIL : TestResult.PASS)
                    .stepType(step.stepType())
                    .startTime(stepStart)
                    .endTime(stepStart.plusNanos((stepMillis - 5) * 1_000_000L));
            if (stepFails && step.failMessage() != null) {
                builder.message(step.failMessage());
            }
            int outOfLimits = stepFails && !step.limits().isEmpty() ? random.nextInt(step.limits().size()) : -1;
            for (int m = 0; m < step.limits().size(); m++) {
                builder.addMeasurement(measure(random, step.limits().get(m), m == outOfLimits));
            }
            results.add(builder.build());
        }
        return TestResultEvent.builder(unitId)
                .result(fail ? TestResult.FAIL : TestResult.PASS)
                .partNumber(PART_NUMBER)
                .revision(REVISION)
                .stationId(stationId)
                .operatorId(operatorId)
                .startTime(start)
                .endTime(end)
                .steps(results)
                .testSocket(socket)
                .batchSn(batch)
                .fixtureId(fixtureId)
                .customData(Map.of(LineSimulator.PROGRAM_KEY, name(), LineSimulator.ATTEMPT_KEY, attempt))
                .build();
    }

    private int pickFailingStep(Random random) {
        int pick = random.nextInt(totalFailWeight);
        for (int i = 0; i < steps.size(); i++) {
            pick -= steps.get(i).failWeight();
            if (pick < 0) {
                return i;
            }
        }
        return steps.size() - 1;
    }

    /** A value around nominal within the limits, or just outside one of them. */
    private static TestMeasurement measure(Random random, Limit limit, boolean outOfLimits) {
        double value;
        if (outOfLimits) {
            double beyond = (0.1 + random.nextDouble()) * limit.sigma();
            value = random.nextBoolean() ? limit.high() + beyond : limit.low() - beyond;
        } else {
            double deviation = Math.max(-3.5, Math.min(3.5, random.nextGaussian()));
            value = limit.nominal() + deviation * limit.sigma();
        }
        value = limit.round(value);
        boolean within = value >= limit.low() && value <= limit.high();
        return TestMeasurement.builder(limit.name())
                .value(value)
                .unit(limit.unit())
                .status(within ? TestResult.PASS : TestResult.FAIL)
                .lowLimit(limit.low())
                .highLimit(limit.high())
                .nominal(limit.nominal())
                .compOp("GELE")
                .build();
    }
}
