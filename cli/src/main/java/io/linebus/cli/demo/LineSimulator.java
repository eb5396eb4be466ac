package io.linebus.cli.demo;

import io.linebus.models.Event;
import io.linebus.models.EventMetadata;
import io.linebus.models.IsoTimes;
import io.linebus.models.domain.AssetFaultEvent;
import io.linebus.models.domain.AssetState;
import io.linebus.models.domain.AssetStateChangedEvent;
import io.linebus.models.domain.DomainEvent;
import io.linebus.models.domain.InspectionResultEvent;
import io.linebus.models.domain.InstalledComponent;
import io.linebus.models.domain.MaterialInstalledEvent;
import io.linebus.models.domain.SeverityLevel;
import io.linebus.models.domain.TestResult;
import io.linebus.models.domain.WorkCompletedEvent;
import io.linebus.models.domain.WorkStartedEvent;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * A simulated production line: N test stations, each taking units through
 * WorkStarted → MaterialInstalled → TestResult (ICT or FCT, with steps and measurements; a failing
 * unit is repaired and retested up to twice) → Inspection (AOI) → WorkCompleted, now and then
 * raising an asset fault that takes the station down (AssetFault + AssetStateChanged) and clearing
 * it later.
 *
 * <p>Deterministic for a seed: the same seed gives the same units, results, faults and
 * {@linkplain #SEQUENCE_KEY sequence numbers} in the same order (ids and timestamps aside). Each
 * station's first test fails at a slightly different rate (3% to 6%), so first-pass yield differs
 * per station. Not thread-safe: one thread calls {@link #next()}.
 */
public final class LineSimulator {
    /** Metadata custom key: the event's position in the simulated stream, 0, 1, 2, ... */
    public static final String SEQUENCE_KEY = "sim_seq";
    /** Test result custom_data key: the test program, {@code ICT} or {@code FCT}. */
    public static final String PROGRAM_KEY = "program";
    /** Test result custom_data key: 1 for a unit's first test, 2 and 3 for retests. */
    public static final String ATTEMPT_KEY = "attempt";
    public static final int MAX_STATIONS = 99;

    private static final double FAULT_PROBABILITY_PER_UNIT = 0.002;
    private static final int MIN_DOWN_TURNS = 400;
    private static final int EXTRA_DOWN_TURNS = 1_600;
    private static final double RETEST_FAIL_RATE = 0.25;
    private static final int MAX_TEST_ATTEMPTS = 3;
    private static final double AOI_FAIL_RATE = 0.01;
    private static final int UNITS_PER_WORK_ORDER = 500;
    private static final int UNITS_PER_LOT = 300;

    private record FaultSpec(String code, String message, SeverityLevel severity) {
    }

    private static final FaultSpec[] FAULTS = {
        new FaultSpec("E-101", "Fixture vacuum below 60 kPa", SeverityLevel.ERROR),
        new FaultSpec("E-205", "Probe contact resistance above 2 Ohm", SeverityLevel.ERROR),
        new FaultSpec("E-310", "DMM did not answer within 500 ms", SeverityLevel.CRITICAL),
        new FaultSpec("W-042", "Cabinet temperature above 35 C", SeverityLevel.WARNING),
    };
    private static final String[] AOI_DEFECTS = {"tombstone", "insufficient solder", "bridge", "missing part",
        "polarity"};
    private static final String[] AOI_REFERENCES = {"C12", "R7", "U1", "J1", "D3", "C7"};

    private final Random random;
    private final List<Station> stations = new ArrayList<>();
    private int cursor;
    private long sequence;

    /**
     * @param stationCount 1 to {@value #MAX_STATIONS}; odd stations run ICT, even ones FCT
     * @throws IllegalArgumentException for a station count out of range
     */
    public LineSimulator(int stationCount, long seed) {
        if (stationCount < 1 || stationCount > MAX_STATIONS) {
            throw new IllegalArgumentException("stations must be in 1.." + MAX_STATIONS + ", got " + stationCount);
        }
        this.random = new Random(seed);
        for (int number = 1; number <= stationCount; number++) {
            TestProgram program = number % 2 == 1 ? TestProgram.ICT : TestProgram.FCT;
            stations.add(new Station(number, program, 0.03 + 0.01 * ((number - 1) % 4)));
        }
    }

    /** The station ids, {@code ICT-01}, {@code FCT-02}, ... */
    public List<String> stationIds() {
        return stations.stream().map(station -> station.id).toList();
    }

    /** How many events {@link #next()} has returned. */
    public long produced() {
        return sequence;
    }

    /** The next event of the line, from the stations in turn (a station that is down skips its turns). */
    public Event next() {
        while (true) {
            Station station = stations.get(cursor);
            cursor = cursor + 1 == stations.size() ? 0 : cursor + 1;
            DomainEvent model = station.next();
            if (model != null) {
                EventMetadata metadata = EventMetadata.builder()
                        .source(station.id)
                        .custom(Map.of(SEQUENCE_KEY, sequence++))
                        .build();
                return model.toEvent(metadata);
            }
        }
    }

    /** One station: its units in flight and its fault, if it has one. */
    private final class Station {
        final String id;
        final int number;
        final TestProgram program;
        final double firstTestFailRate;
        final String fixtureId;
        final String[] operators;
        final ArrayDeque<DomainEvent> pending = new ArrayDeque<>();
        boolean announced;
        long units;
        AssetFaultEvent fault;
        int downTurns;

        Station(int number, TestProgram program, double firstTestFailRate) {
            this.number = number;
            this.program = program;
            this.firstTestFailRate = firstTestFailRate;
            this.id = String.format(Locale.ROOT, "%s-%02d", program.name(), number);
            this.fixtureId = String.format(Locale.ROOT, "FX-%s-%02d", program.name(), 10 + number);
            this.operators = new String[] {"op-" + (100 + number), "op-" + (200 + number), "op-" + (300 + number)};
        }

        /** The next event of this station, or null when it is down this turn. */
        DomainEvent next() {
            DomainEvent queued = pending.poll();
            if (queued != null) {
                return queued;
            }
            if (!announced) {
                announced = true;
                return AssetStateChangedEvent.builder(id, AssetState.ONLINE)
                        .previousState(AssetState.OFFLINE).reason("shift start").build();
            }
            if (fault != null) {
                return --downTurns > 0 ? null : clearFault();
            }
            if (random.nextDouble() < FAULT_PROBABILITY_PER_UNIT) {
                return raiseFault();
            }
            startUnit();
            return pending.poll();
        }

        private DomainEvent raiseFault() {
            FaultSpec spec = FAULTS[random.nextInt(FAULTS.length)];
            fault = AssetFaultEvent.builder(id, spec.code()).faultMessage(spec.message()).severity(spec.severity())
                    .build();
            downTurns = MIN_DOWN_TURNS + random.nextInt(EXTRA_DOWN_TURNS);
            pending.add(AssetStateChangedEvent.builder(id, AssetState.ERROR)
                    .previousState(AssetState.ONLINE).reason(spec.code() + " " + spec.message()).build());
            return fault;
        }

        private DomainEvent clearFault() {
            AssetFaultEvent cleared = AssetFaultEvent.builder(id, fault.faultCode())
                    .faultMessage(fault.faultMessage())
                    .severity(fault.severity())
                    .timestamp(fault.timestamp())
                    .cleared(true)
                    .clearedTime(IsoTimes.now())
                    .build();
            pending.add(AssetStateChangedEvent.builder(id, AssetState.ONLINE)
                    .previousState(AssetState.ERROR).reason(fault.faultCode() + " cleared").build());
            fault = null;
            return cleared;
        }

        /** Queues every event of the next unit's way through the station. */
        private void startUnit() {
            units++;
            String unitId = String.format(Locale.ROOT, "SN%02d%07d", number, units);
            String workOrder = "WO-" + (24_000 + number * 100 + units / UNITS_PER_WORK_ORDER);
            String operator = operators[(int) (units / 1_000 % operators.length)];
            String batch = String.format(Locale.ROOT, "B%02d-%04d", number, units / 100);
            OffsetDateTime started = IsoTimes.now();
            pending.add(WorkStartedEvent.builder(unitId, id)
                    .workOrderId(workOrder).operatorId(operator).lane(1 + (int) (units % 2)).build());
            pending.add(MaterialInstalledEvent.builder(unitId).stationId(id).components(components(unitId)).build());
            int socket = 1 + random.nextInt(4);
            boolean passed = false;
            for (int attempt = 1; attempt <= MAX_TEST_ATTEMPTS && !passed; attempt++) {
                double failRate = attempt == 1 ? firstTestFailRate : RETEST_FAIL_RATE;
                boolean fail = random.nextDouble() < failRate;
                pending.add(program.run(random, unitId, id, operator, fixtureId, socket, batch, attempt, fail));
                passed = !fail;
            }
            boolean inspected = random.nextDouble() >= AOI_FAIL_RATE;
            pending.add(inspection(unitId, inspected));
            pending.add(WorkCompletedEvent.builder(unitId, id)
                    .result(passed && inspected ? WorkCompletedEvent.Result.COMPLETED : WorkCompletedEvent.Result.FAILED)
                    .workOrderId(workOrder)
                    .operatorId(operator)
                    .startTime(started)
                    .build());
        }

        private List<InstalledComponent> components(String unitId) {
            String lot = String.format(Locale.ROOT, "L%02d%04d", number, units / UNITS_PER_LOT);
            OffsetDateTime now = IsoTimes.now();
            return List.of(
                    InstalledComponent.builder("U1").partNumber("STM32F407VGT6").serialNumber("U1-" + unitId)
                            .lotNumber(lot + "A").installedTime(now).build(),
                    InstalledComponent.builder("C12").partNumber("GRM188R71C104KA01").lotNumber(lot + "C").build(),
                    InstalledComponent.builder("R7").partNumber("RC0603FR-0710KL").lotNumber(lot + "R").build(),
                    InstalledComponent.builder("J1").partNumber("USB4105-GF-A").lotNumber(lot + "J").build());
        }

        private InspectionResultEvent inspection(String unitId, boolean passed) {
            OffsetDateTime end = IsoTimes.now();
            InspectionResultEvent.Builder builder = InspectionResultEvent.builder(unitId)
                    .result(passed ? TestResult.PASS : TestResult.FAIL)
                    .partNumber(TestProgram.PART_NUMBER)
                    .stationId(id)
                    .inspectionType("aoi")
                    .startTime(end.minusSeconds(8))
                    .endTime(end);
            if (!passed) {
                builder.addDefect(Map.of(
                        "reference", AOI_REFERENCES[random.nextInt(AOI_REFERENCES.length)],
                        "defect", AOI_DEFECTS[random.nextInt(AOI_DEFECTS.length)],
                        "x_mm", Math.round(random.nextDouble() * 1_000) / 10.0,
                        "y_mm", Math.round(random.nextDouble() * 800) / 10.0));
                builder.addImage("aoi/" + unitId + ".png");
            }
            return builder.build();
        }
    }
}
