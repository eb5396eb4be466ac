package io.linebus.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IsoTimesTest {

    @Test
    void writesPythonIsoformatWithSixDigitFractionAndPlusZeroOffset() {
        OffsetDateTime time = OffsetDateTime.of(2026, 11, 26, 21, 35, 33, 94_582_000, ZoneOffset.UTC);
        assertThat(IsoTimes.format(time)).isEqualTo("2026-11-26T21:35:33.094582+00:00");
    }

    @Test
    void omitsTheFractionWhenMicrosecondsAreZero() {
        assertThat(IsoTimes.format(OffsetDateTime.of(2024, 1, 15, 10, 30, 0, 0, ZoneOffset.UTC)))
                .isEqualTo("2024-01-15T10:30:00+00:00");
        // Below a microsecond there is nothing Python could show.
        assertThat(IsoTimes.format(OffsetDateTime.of(2024, 1, 15, 10, 30, 0, 999, ZoneOffset.UTC)))
                .isEqualTo("2024-01-15T10:30:00+00:00");
    }

    @Test
    void alwaysWritesSixFractionDigitsAndTruncatesNanoseconds() {
        assertThat(IsoTimes.format(OffsetDateTime.of(2024, 1, 15, 10, 30, 0, 1_000, ZoneOffset.UTC)))
                .isEqualTo("2024-01-15T10:30:00.000001+00:00");
        assertThat(IsoTimes.format(OffsetDateTime.of(2024, 1, 15, 10, 30, 0, 500_000_000, ZoneOffset.UTC)))
                .isEqualTo("2024-01-15T10:30:00.500000+00:00");
        assertThat(IsoTimes.format(OffsetDateTime.of(2024, 1, 15, 10, 30, 0, 123_456_789, ZoneOffset.UTC)))
                .isEqualTo("2024-01-15T10:30:00.123456+00:00");
    }

    @Test
    void writesOtherOffsetsAsPythonDoes() {
        assertThat(IsoTimes.format(OffsetDateTime.of(2024, 1, 15, 10, 30, 0, 0, ZoneOffset.ofHoursMinutes(-5, -30))))
                .isEqualTo("2024-01-15T10:30:00-05:30");
        assertThat(IsoTimes.format(OffsetDateTime.of(2024, 1, 15, 10, 30, 0, 0, ZoneOffset.ofHours(2))))
                .isEqualTo("2024-01-15T10:30:00+02:00");
        assertThat(IsoTimes.format(OffsetDateTime.of(2024, 1, 15, 10, 30, 0, 0,
                ZoneOffset.ofHoursMinutesSeconds(1, 2, 3)))).isEqualTo("2024-01-15T10:30:00+01:02:03");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "2026-11-26T21:35:33.094582+00:00 | 2026-11-26T21:35:33.094582+00:00",
        "2026-11-26T21:35:33.094582Z      | 2026-11-26T21:35:33.094582+00:00",
        "2026-11-26T21:35:33.094582z      | 2026-11-26T21:35:33.094582+00:00",
        "2026-11-26T21:35:33.0945821Z     | 2026-11-26T21:35:33.094582+00:00",
        "2026-11-26T21:35:33.123456789Z   | 2026-11-26T21:35:33.123456+00:00",
        "2026-11-26T21:35:33.5+00:00      | 2026-11-26T21:35:33.500000+00:00",
        "2026-11-26T21:35:33.000000+00:00 | 2026-11-26T21:35:33+00:00",
        "2026-11-26T21:35:33+02:00        | 2026-11-26T21:35:33+02:00",
        "2026-11-26T21:35:33-0530         | 2026-11-26T21:35:33-05:30",
        "2026-11-26T21:35:33              | 2026-11-26T21:35:33+00:00",
        "2026-11-26T21:35                 | 2026-11-26T21:35:00+00:00",
        "2026-11-26                       | 2026-11-26T00:00:00+00:00",
    })
    void parsesWhatPythonFromisoformatAccepts(String text, String formatted) {
        assertThat(IsoTimes.format(IsoTimes.parse(text))).isEqualTo(formatted);
    }

    // D13: an offset-less time is UTC, so it can be compared with every other timestamp.
    @Test
    void offsetLessTimesAreUtc() {
        OffsetDateTime parsed = IsoTimes.parse("2026-01-26T08:30:00");
        assertThat(parsed.getOffset()).isEqualTo(ZoneOffset.UTC);
        assertThat(parsed.toInstant()).isEqualTo(Instant.parse("2026-01-26T08:30:00Z"));
    }

    @Test
    void keepsAParsedOffset() {
        OffsetDateTime parsed = IsoTimes.parse("2026-01-26T08:30:00.250000+02:00");
        assertThat(parsed.getOffset()).isEqualTo(ZoneOffset.ofHours(2));
        assertThat(parsed.toInstant()).isEqualTo(Instant.parse("2026-01-26T06:30:00.25Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "yesterday", "2026-13-01T00:00:00", "2026-02-30", "2026-01-26T25:00:00",
        "2026-01-26T08:30:00+25:00", "26.01.2026"})
    void rejectsTextThatIsNoTimestamp(String text) {
        assertThatThrownBy(() -> IsoTimes.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'");
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> IsoTimes.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nowIsUtcAtMicrosecondPrecisionAndSurvivesAFormatRoundTrip() {
        OffsetDateTime now = IsoTimes.now();
        assertThat(now.getOffset()).isEqualTo(ZoneOffset.UTC);
        assertThat(now.getNano() % 1000).isZero();
        assertThat(IsoTimes.parse(IsoTimes.format(now))).isEqualTo(now);
    }

    @Test
    void coerceAcceptsTheTimeTypesAMapMayHold() {
        OffsetDateTime time = OffsetDateTime.of(2024, 1, 15, 10, 30, 0, 0, ZoneOffset.UTC);
        assertThat(IsoTimes.coerce(time, "t")).isSameAs(time);
        assertThat(IsoTimes.coerce("2024-01-15T10:30:00+00:00", "t")).isEqualTo(time);
        assertThat(IsoTimes.coerce(time.toInstant(), "t")).isEqualTo(time);
        assertThat(IsoTimes.coerce(ZonedDateTime.of(2024, 1, 15, 11, 30, 0, 0, ZoneId.of("Europe/Oslo")), "t")
                .toInstant()).isEqualTo(time.toInstant());
    }

    @Test
    void coerceRejectsOtherTypesNamingTheField() {
        assertThatThrownBy(() -> IsoTimes.coerce(1_700_000_000L, "start_time"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'start_time'")
                .hasMessageContaining("Long");
        assertThatThrownBy(() -> IsoTimes.coerce(null, "start_time"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'start_time'");
    }
}
