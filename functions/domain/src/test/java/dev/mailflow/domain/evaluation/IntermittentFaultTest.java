package dev.mailflow.domain.evaluation;

import static dev.mailflow.domain.evaluation.Policies.FAST;
import static dev.mailflow.domain.evaluation.Policies.FIVE_MINUTES;
import static dev.mailflow.domain.evaluation.Timeline.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailflow.domain.route.RoutePolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Rule 5: bad probes among the recent ones, never two in a row, open one incident for the whole
 * intermittent period, which only a clean stretch closes.
 */
class IntermittentFaultTest {
  private static final Duration CRITICAL = Duration.ofMinutes(6);

  /** From 10:00 to 11:30 every {@code nth} probe goes wrong as {@code bad} says, then all good. */
  private static Timeline everyNth(int nth, String bad) {
    Timeline route = new Timeline(Timeline.route("MX02", "MX01", RoutePolicy.defaults()));
    for (int i = 0; i < 36; i++) {
      if (i < 18 && i % nth == nth - 1) {
        if (bad.equals("lost")) {
          route.lost(at(5 * i));
        } else {
          route.delivered(at(5 * i), CRITICAL);
        }
      } else {
        route.delivered(at(5 * i), FAST);
      }
    }
    route.evaluateEvery(FIVE_MINUTES, at(0), at(180));
    return route;
  }

  @ParameterizedTest(name = "every {0}. probe {1}: {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "2 | lost | OPENED@55 REMINDER@115 RESOLVED@120",
        "3 | lost | OPENED@75 RESOLVED@120",
        "4 | lost | ''",
        "2 | slow | OPENED@45 REMINDER@105 RESOLVED@120",
        "3 | slow | OPENED@65 RESOLVED@120",
        "4 | slow | ''",
      })
  void evaluate_whenEveryNthProbeGoesWrong_opensOneIncidentForAThirdOrMore(
      int nth, String bad, String notices) {
    assertThat(String.join(" ", everyNth(nth, bad).noticeShape())).isEqualTo(notices);
  }

  @Test
  void evaluate_whenEverySecondProbeIsLost_opensOneIntermittentIncident() {
    Timeline route = everyNth(2, "lost");

    Notice opened = route.notices().get(0);
    assertThat(opened.headline())
        .isEqualTo("OPENED CRITICAL MX02-to-MX01: 4 of the last 10 probes lost");
    assertThat(opened.reason())
        .endsWith(
            "An intermittent fault: the incident stays open until 6 probes in a row arrive in"
                + " time.");
    assertThat(opened.evidence()).hasSize(4);
    assertThat(route.notices().get(1).incidentId()).isEqualTo(opened.incidentId());
  }

  @Test
  void evaluate_whenEveryThirdProbeIsCriticallySlow_saysSlowAndIsCritical() {
    Notice opened = everyNth(3, "slow").notices().get(0);

    assertThat(opened.headline())
        .isEqualTo("OPENED CRITICAL MX02-to-MX01: 4 of the last 12 probes slow");
  }

  @Test
  void evaluate_whileBadProbesKeepComing_keepsTheIncidentOpenUntilTheCleanStretch() {
    Timeline route = everyNth(2, "lost");

    // The last bad probe was sent at 11:25; six good ones in a row follow, the last at 11:55.
    Notice resolved = route.notices().get(2);
    assertThat(resolved.type()).isEqualTo(NoticeType.RESOLVED);
    assertThat(resolved.evidence()).hasSizeGreaterThanOrEqualTo(6);
    assertThat(route.evaluationAt(at(115)).condition()).isEqualTo(RouteCondition.FAILING);
  }
}
