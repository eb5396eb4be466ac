package io.linebus.transports.cfx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DotNetTimeSpanTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "00:01:25, PT1M25S",
            "00:00:25, PT25S",
            "1.02:03:04.5, PT26H3M4.5S",
            "12:30, PT12H30M",
            "3, PT72H",
            "-00:00:01.25, PT-1.25S",
            "00:00:00.0000001, PT0.0000001S",
            "10675199.02:48:05.4775807, PT256204778H48M5.4775807S"})
    void parsesNetTimeSpans(String text, String iso) {
        assertThat(DotNetTimeSpan.parse(text)).isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"", "abc", "1:2:3:4", "00:60:00", "24:00:00", "00:00:60", "00:00:00.12345678",
            "PT1M", "1.", "1.02:03:04.", "--00:00:01"})
    void rejectsOtherText(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> DotNetTimeSpan.parse(text))
                .withMessageContaining("Not a .NET TimeSpan");
    }

    @Test
    void rejectsNull() {
        assertThatNullPointerException().isThrownBy(() -> DotNetTimeSpan.parse(null)).withMessage("text");
    }
}
