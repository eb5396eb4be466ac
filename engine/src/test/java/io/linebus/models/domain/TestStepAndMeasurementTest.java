package io.linebus.models.domain;

import static io.linebus.models.domain.DomainSamples.END;
import static io.linebus.models.domain.DomainSamples.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TestStepAndMeasurementTest {

    @Test
    void measurementDefaultsArePythons() {
        TestMeasurement measurement = TestMeasurement.builder("m").build();
        assertThat(measurement.value()).isNull();
        assertThat(measurement.unit()).isEqualTo("?");
        assertThat(measurement.status()).isEqualTo(TestResult.PASS);
        assertThat(measurement.lowLimit()).isNull();
        assertThat(measurement.highLimit()).isNull();
        assertThat(measurement.nominal()).isNull();
        assertThat(measurement.compOp()).isEqualTo("GELE");
    }

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
        // value, low, high, within
        "-,    1,   2,   true",
        "1,    1,   2,   true",
        "2,    1,   2,   true",
        "0.99, 1,   2,   false",
        "2.01, 1,   2,   false",
        "-5,   -,   2,   true",
        "5,    -,   2,   false",
        "5,    1,   -,   true",
        "0,    1,   -,   false",
        "7,    -,   -,   true",
        "NaN,  1,   2,   true",
    })
    void withinLimitsIsInclusiveAndIgnoresUnsetLimits(Double value, Double low, Double high, boolean within) {
        TestMeasurement measurement = TestMeasurement.builder("m").value(value).lowLimit(low).highLimit(high)
                .status(TestResult.FAIL).nominal(100.0).compOp("EQ").build();
        assertThat(measurement.isWithinLimits()).isEqualTo(within);
    }

    @Test
    void measurementRejectsNulls() {
        assertThatThrownBy(() -> TestMeasurement.builder(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("name");
        assertThatThrownBy(() -> TestMeasurement.builder("m").unit(null).build())
                .isInstanceOf(NullPointerException.class).hasMessage("unit");
        assertThatThrownBy(() -> TestMeasurement.builder("m").compOp(null).build())
                .isInstanceOf(NullPointerException.class).hasMessage("compOp");
    }

    @Test
    void measurementRoundTripsOnItsOwn() {
        TestMeasurement measurement = DomainSamples.measurement();
        assertThat(TestMeasurement.fromMap(measurement.toMap())).isEqualTo(measurement);
        assertThatThrownBy(() -> TestMeasurement.fromMap(Map.of("name", "m", "high_limit", "10")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("TestMeasurement: field 'high_limit' must be a number, got String '10'");
    }

    @Test
    void stepDefaultsArePythons() {
        TestStep step = TestStep.builder("s").build();
        assertThat(step.status()).isEqualTo(TestResult.PASS);
        assertThat(step.startTime()).isNull();
        assertThat(step.endTime()).isNull();
        assertThat(step.measurements()).isEmpty();
        assertThat(step.message()).isNull();
        assertThat(step.stepType()).isEqualTo("passfail");
        assertThat(step.durationMs()).isEmpty();
    }

    @Test
    void stepDurationNeedsBothTimes() {
        assertThat(TestStep.builder("s").startTime(START).endTime(END).build().durationMs()).hasValue(12345.678);
        assertThat(TestStep.builder("s").startTime(START).build().durationMs()).isEmpty();
        assertThat(TestStep.builder("s").endTime(END).build().durationMs()).isEmpty();
    }

    @Test
    void stepRoundTripsOnItsOwn() {
        TestStep step = DomainSamples.step();
        assertThat(TestStep.fromMap(step.toMap())).isEqualTo(step);
        assertThat(step.toMap()).containsEntry("message", "D1, D2")
                .containsEntry("start_time", "2026-01-26T08:30:00+00:00");
        assertThatThrownBy(() -> TestStep.fromMap(Map.of("name", "s", "measurements", Map.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("TestStep: field 'measurements' must be a list, got ");
    }
}
