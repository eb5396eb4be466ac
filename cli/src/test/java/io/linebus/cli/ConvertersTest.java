package io.linebus.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linebus.models.EventType;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class ConvertersTest {
    @ParameterizedTest
    @CsvSource({"10s, PT10S", "500ms, PT0.5S", "2m, PT2M", "1h, PT1H", "1.5s, PT1.5S", "3, PT3S", "PT20S, PT20S",
        "' 250 MS ', PT0.25S"})
    void durations(String text, String expected) {
        assertThat(new Converters.DurationConverter().convert(text)).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0s", "0", "-1s", "soon", "10x", "", "PT-5S"})
    void badDurations(String text) {
        assertThatThrownBy(() -> new Converters.DurationConverter().convert(text))
                .isInstanceOf(TypeConversionException.class).hasMessageContaining("'" + text + "'");
    }

    @Test
    void rates() {
        Converters.RateConverter rates = new Converters.RateConverter();
        assertThat(rates.convert("max")).isEqualTo(Rate.MAX);
        assertThat(rates.convert("MAX").isMax()).isTrue();
        assertThat(rates.convert("2500").eventsPerSecond()).isEqualTo(2500.0);
        assertThat(rates.convert("0.5").toString()).isEqualTo("1 events/s");
        assertThat(rates.convert("12000")).hasToString("12,000 events/s");
        for (String bad : new String[] {"0", "-3", "fast", "NaN", "Infinity", ""}) {
            assertThatThrownBy(() -> rates.convert(bad)).isInstanceOf(TypeConversionException.class)
                    .hasMessageContaining("give events per second (> 0) or 'max'");
        }
    }

    @Test
    void positionsAreIndicesOrTimes() {
        Converters.PositionConverter positions = new Converters.PositionConverter();
        assertThat(positions.convert("89262305312768")).isEqualTo(JournalPosition.ofIndex(89262305312768L));
        assertThat(positions.convert("2025-05-01T10:00:00Z").time()).isEqualTo(Instant.parse("2025-05-01T10:00:00Z"));
        assertThat(positions.convert("2025-05-01T12:00:00+02:00").time()).isEqualTo(Instant.parse("2025-05-01T10:00:00Z"));
        assertThat(positions.convert("2025-05-01T10:00:00").time()).isEqualTo(Instant.parse("2025-05-01T10:00:00Z"));
        assertThatThrownBy(() -> positions.convert("yesterday")).isInstanceOf(TypeConversionException.class);
        assertThatThrownBy(() -> positions.convert("99999999999999999999")).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("too large");
    }

    @Test
    void eventTypesByWireValueOrName() {
        Converters.EventTypeConverter types = new Converters.EventTypeConverter();
        assertThat(types.convert("test.result")).isEqualTo(EventType.TEST_RESULT);
        assertThat(types.convert("WORK_COMPLETED")).isEqualTo(EventType.WORK_COMPLETED);
        assertThat(types.convert("asset_fault")).isEqualTo(EventType.ASSET_FAULT);
        assertThatThrownBy(() -> types.convert("Test.Result")).isInstanceOf(TypeConversionException.class)
                .hasMessageStartingWith("unknown event type 'Test.Result'; one of: test.result, test.started");
    }
}
