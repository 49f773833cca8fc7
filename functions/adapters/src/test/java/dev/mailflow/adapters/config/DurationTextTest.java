package dev.mailflow.adapters.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationTextTest {

  @ParameterizedTest
  @CsvSource({
    "250ms, PT0.25S",
    "90s, PT1M30S",
    "5m, PT5M",
    "1h30m, PT1H30M",
    "2d, PT48H",
    "PT15M, PT15M",
    "pt1h, PT1H",
    "' 10m ', PT10M"
  })
  void parse_readsTheFormsPeopleWrite(String text, String expected) {
    assertThat(DurationText.parse(text)).isEqualTo(Duration.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "5", "m", "5 minutes", "5x", "-5m", "P", "1h-5m", "PT-5M", "-PT5M"})
  void parse_refusesAnythingElseNamingTheForms(String text) {
    assertThatThrownBy(() -> DurationText.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a duration: write it as 90s, 5m, 1h30m, 1d or PT5M");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"P106751991167300D", "PT9223372036854775807S", "999999999d", "3661d", "P3661D"})
  void parse_refusesDurationsBeyondTenYearsInsteadOfOverflowingLater(String text) {
    assertThatThrownBy(() -> DurationText.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is longer than 3660d, the longest any setting takes");
  }

  @Test
  void parse_takesTheLongestDurationExactly() {
    assertThat(DurationText.parse("3660d")).isEqualTo(DurationText.LONGEST);
  }
}
