package dev.mailflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimeTextTest {
  private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");

  /** 20:30 in Stockholm. */
  private static final Instant NOW = Instant.parse("2026-12-01T19:30:00Z");

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "now, 2026-12-01T19:30:00Z",
    "22:00, 2026-12-01T21:00:00Z",
    "20:30, 2026-12-01T19:30:00Z",
    "' 9:15 ', 2026-12-02T08:15:00Z",
    "today 22:00, 2026-12-01T21:00:00Z",
    "today 08:00, 2026-12-01T07:00:00Z",
    "tomorrow 22:00, 2026-12-02T21:00:00Z",
    "TOMORROW  02:00, 2026-12-02T01:00:00Z",
    "2026-12-24 18:00, 2026-12-24T17:00:00Z",
    "2026-12-24T18:00:30, 2026-12-24T17:00:30Z",
    "2026-12-01T22:00:00+01:00, 2026-12-01T21:00:00Z",
    "2026-12-01T22:00:00-05:00, 2026-12-02T03:00:00Z",
    "2026-12-01T22:00Z, 2026-12-01T22:00:00Z",
    "2026-12-01 22:00+02:00, 2026-12-01T20:00:00Z"
  })
  void parse_readsEachFormInTheZoneOrByItsOffset(String text, String instant) {
    assertThat(TimeText.parse(text, NOW, STOCKHOLM)).isEqualTo(Instant.parse(instant));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "tonight",
        "25:00",
        "22",
        "22:00:00:00",
        "tomorrow",
        "2026-13-01 22:00",
        "+1h"
      })
  void parse_whenTheTextIsNoTime_saysWhichFormsItTakes(String text) {
    assertThatThrownBy(() -> TimeText.parse(text, NOW, STOCKHOLM))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("is not a time")
        .hasMessageContaining("tomorrow 22:00");
  }

  @org.junit.jupiter.api.Test
  void parse_aClockTimeBeforeTheReference_isTheNextDays() {
    Instant start = Instant.parse("2026-12-01T21:00:00Z");

    assertThat(TimeText.parse("02:00", start, STOCKHOLM))
        .isEqualTo(Instant.parse("2026-12-02T01:00:00Z"));
  }

  @org.junit.jupiter.api.Test
  void parse_aLocalTimeTheClocksSkip_movesForwardByTheGap() {
    Instant dayBefore = Instant.parse("2026-03-28T12:00:00Z");

    assertThat(TimeText.parse("tomorrow 02:30", dayBefore, STOCKHOLM))
        .isEqualTo(Instant.parse("2026-03-29T01:30:00Z"));
  }

  @org.junit.jupiter.api.Test
  void describe_showsTheZonesTimeAndTheInstant() {
    assertThat(TimeText.describe(Instant.parse("2026-12-01T21:00:00Z"), STOCKHOLM))
        .isEqualTo("2026-12-01 22:00 +01:00 (2026-12-01T21:00:00Z)");
  }
}
