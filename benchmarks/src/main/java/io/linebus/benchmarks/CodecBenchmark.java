package io.linebus.benchmarks;

import io.linebus.journal.EventCodec;
import io.linebus.models.Event;
import io.linebus.models.EventJson;
import io.linebus.models.domain.TestMeasurement;
import io.linebus.models.domain.TestResult;
import io.linebus.models.domain.TestResultEvent;
import io.linebus.models.domain.TestStep;
import java.util.concurrent.TimeUnit;
import org.agrona.ExpandableArrayBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Time to encode and decode one realistic event (an ICT test result with steps and measurements):
 * the journal's binary {@link EventCodec} against the JSON form ({@link EventJson}, Jackson
 * streaming). Encoding goes into a reused buffer, so {@code -prof gc} shows what the codec itself
 * allocates.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CodecBenchmark extends LinebusBenchmark {

    @State(Scope.Thread)
    public static class Samples {
        Event event;
        ExpandableArrayBuffer buffer;
        ExpandableArrayBuffer encoded;
        int encodedLength;
        String json;

        @Setup(Level.Trial)
        public void setUp() {
            TestResultEvent.Builder result = TestResultEvent.builder("PCB-0042").stationId("ICT-01")
                    .result(TestResult.FAIL).operatorId("op-7").partNumber("PN-100-200").fixtureId("FX-3");
            for (int step = 0; step < 4; step++) {
                TestStep.Builder testStep = TestStep.builder("R" + (step + 10) + " resistance").status(
                        step == 2 ? TestResult.FAIL : TestResult.PASS);
                for (int m = 0; m < 3; m++) {
                    testStep.addMeasurement(TestMeasurement.builder("R" + (step + 10) + "." + m).value(1000.0 + m * 2.5)
                            .unit("Ohm").lowLimit(950.0).highLimit(1050.0).build());
                }
                result.addStep(testStep.build());
            }
            event = result.build().toEvent("ict-station-1");
            buffer = new ExpandableArrayBuffer(4_096);
            encoded = new ExpandableArrayBuffer(4_096);
            encodedLength = EventCodec.encode(event, encoded, 0);
            json = EventJson.toJson(event);
        }
    }

    @Benchmark
    @ComparedTo("jsonEncode")
    public int encode(Samples samples) {
        return EventCodec.encode(samples.event, samples.buffer, 0);
    }

    @Benchmark
    @ComparedTo("jsonDecode")
    public Event decode(Samples samples) {
        return EventCodec.decode(samples.encoded, 0, samples.encodedLength);
    }

    @Benchmark
    public String jsonEncode(Samples samples) {
        return EventJson.toJson(samples.event);
    }

    @Benchmark
    public Event jsonDecode(Samples samples) {
        return EventJson.fromJson(samples.json);
    }
}
