package io.linebus.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class FormatsTest {
    @Test
    void siKeepsThreeSignificantDigits() {
        assertThat(Formats.si(7_167_464.8)).isEqualTo("7.17 M");
        assertThat(Formats.si(97_028_049.1)).isEqualTo("97 M");
        assertThat(Formats.si(193_403_477.7)).isEqualTo("193 M");
        assertThat(Formats.si(2.5e9)).isEqualTo("2.5 G");
        assertThat(Formats.si(21_300.0)).isEqualTo("21.3 k");
        assertThat(Formats.si(512.0)).isEqualTo("512");
        assertThat(Formats.si(0.00312)).isEqualTo("0.00312");
        assertThat(Formats.si(0.0)).isEqualTo("0");
        assertThat(Formats.si(Double.NaN)).isEqualTo("n/a");
    }

    @Test
    void paramsAreSortedByName() {
        assertThat(Formats.params(new TreeMap<>(Map.of("waitStrategy", "SLEEPING", "producerType", "MULTI"))))
                .isEqualTo("producerType=MULTI, waitStrategy=SLEEPING");
        assertThat(Formats.params(Map.of())).isEmpty();
    }

    @Test
    void ratiosAndMicroseconds() {
        assertThat(Formats.ratio(0.7349)).isEqualTo("0.73");
        assertThat(Formats.micros(1.234)).isEqualTo("1.23");
        assertThat(Formats.micros(51.26)).isEqualTo("51.3");
        assertThat(Formats.micros(3205.1)).isEqualTo("3,205");
    }
}
