package dev.mailflow.domain.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProbePhaseTest {
  private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

  @Test
  void spread_givesEachRouteAWholeSecondBelowTheInterval_theSameEveryTime() {
    for (int i = 0; i < 1000; i++) {
      Duration offset = ProbePhase.SPREAD.offsetOf("MX" + i + "-to-MX01", FIVE_MINUTES);
      assertThat(offset).isGreaterThanOrEqualTo(Duration.ZERO).isLessThan(FIVE_MINUTES);
      assertThat(offset.toMillis() % 1000).isZero();
      assertThat(ProbePhase.SPREAD.offsetOf("MX" + i + "-to-MX01", FIVE_MINUTES)).isEqualTo(offset);
    }
  }

  @Test
  void spread_spreadsAMeshEvenlyOverTheMinutesOfTheInterval() {
    Map<Long, Integer> perMinute = new HashMap<>();
    for (int i = 0; i < 40; i++) {
      for (int j = 0; j < 40; j++) {
        if (i != j) {
          long minute =
              ProbePhase.SPREAD.offsetOf(Route.idFor("MX" + i, "MX" + j), FIVE_MINUTES).toMinutes();
          perMinute.merge(minute, 1, Integer::sum);
        }
      }
    }

    // 1,560 routes over five minutes: 312 a minute if perfectly even.
    assertThat(perMinute).hasSize(5);
    assertThat(perMinute.values()).allSatisfy(count -> assertThat(count).isBetween(250, 375));
  }

  @Test
  void at_placesEveryRouteAtItsOffset() {
    ProbePhase phase = ProbePhase.at(Duration.ofMinutes(4));

    assertThat(phase.offsetOf("MX01-to-MX02", Duration.ofMinutes(15)))
        .isEqualTo(Duration.ofMinutes(4));
    assertThat(phase.offsetOf("MX02-to-MX01", Duration.ofMinutes(15)))
        .isEqualTo(Duration.ofMinutes(4));
    assertThat(phase).hasToString("PT4M");
    assertThat(ProbePhase.SPREAD).hasToString("spread");
  }

  @Test
  void at_refusesANegativeOffset() {
    assertThatThrownBy(() -> ProbePhase.at(Duration.ofSeconds(-1)))
        .hasMessageContaining("must not be negative");
  }
}
