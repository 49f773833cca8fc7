package dev.mailflow.domain.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WordingTest {

  @ParameterizedTest
  @CsvSource({
    "0, 0s",
    "4, 4s",
    "227, 3m 47s",
    "2926, 48m 46s",
    "3600, 1h",
    "7260, 2h 1m",
    "90061, 1d 1h 1m 1s",
    "-30, -30s"
  })
  void duration_writesOnlyTheNonZeroParts(long seconds, String text) {
    assertThat(Wording.duration(Duration.ofSeconds(seconds))).isEqualTo(text);
  }

  @org.junit.jupiter.api.Test
  void duration_showsMillisecondsOnlyBelowASecondAndRoundsNegativesTowardsZero() {
    assertThat(Wording.duration(Duration.ofMillis(250))).isEqualTo("250ms");
    assertThat(Wording.duration(Duration.ofMillis(1250))).isEqualTo("1s");
    assertThat(Wording.duration(Duration.ofMillis(-1500))).isEqualTo("-1s");
    assertThat(Wording.duration(null)).isEqualTo("-");
  }
}
