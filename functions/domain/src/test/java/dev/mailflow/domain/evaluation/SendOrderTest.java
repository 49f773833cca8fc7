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
 * Rules 3 and 6: probes are judged in the order they were sent, once their fate is known, so a good
 * probe that arrives before an earlier one is declared lost never hides the loss; a loss already
 * over when it becomes known is told in one notice, within the policy's longest untold.
 */
class SendOrderTest {

  @ParameterizedTest(name = "{0} lost from 10:20, evaluated every {1} min: {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        // lost | every | notices
        "1 | 5 | ''",
        "2 | 5 | RESOLVED@45",
        "2 | 1 | RESOLVED@41",
        "3 | 5 | OPENED@45 RESOLVED@55",
        "4 | 5 | OPENED@45 RESOLVED@55",
        "4 | 1 | OPENED@41 RESOLVED@51",
      })
  void evaluate_whenTheDefaultPolicyLosesProbesInARow_tellsEveryLossOnce(
      int lost, int every, String notices) {
    Timeline route = new Timeline(Timeline.route("MX02", "MX01", RoutePolicy.defaults()));
    route.deliveredEvery(FIVE_MINUTES, at(0), at(20), FAST);
    route.lostEvery(FIVE_MINUTES, at(20), at(20 + 5 * lost));
    route.deliveredEvery(FIVE_MINUTES, at(20 + 5 * lost), at(120), FAST);

    route.evaluateEvery(Duration.ofMinutes(every), at(0), at(120));

    assertThat(String.join(" ", route.noticeShape())).isEqualTo(notices);
  }

  @ParameterizedTest(name = "{0} lost, every {1} min, failuresToOpen {2}")
  @CsvSource({"2, 5, 2", "2, 1, 2", "3, 5, 2", "6, 5, 2", "3, 5, 3", "3, 2, 3", "8, 5, 3"})
  void evaluate_tellsALossNoLaterThanThePolicysLongestUntold(int lost, int every, int failures) {
    RoutePolicy policy = RoutePolicy.defaults().withThresholds(failures, 2);
    Timeline route = new Timeline(Timeline.route("MX02", "MX01", policy));
    route.deliveredEvery(FIVE_MINUTES, at(0), at(20), FAST);
    route.lostEvery(FIVE_MINUTES, at(20), at(20 + 5 * lost));
    route.deliveredEvery(FIVE_MINUTES, at(20 + 5 * lost), at(150), FAST);

    route.evaluateEvery(Duration.ofMinutes(every), at(0), at(150));

    assertThat(route.notices()).isNotEmpty();
    assertThat(route.notices().get(0).at())
        .isBeforeOrEqualTo(at(20).plus(policy.longestUntold(Duration.ofMinutes(every))));
  }

  @Test
  void evaluate_whenALossIsOverBeforeItIsKnown_tellsWhatWasLostAndSinceWhenMailFlows() {
    Timeline route = new Timeline(Timeline.route("MX02", "MX01", RoutePolicy.defaults()));
    route.deliveredEvery(FIVE_MINUTES, at(0), at(20), FAST);
    route.lostEvery(FIVE_MINUTES, at(20), at(30));
    route.deliveredEvery(FIVE_MINUTES, at(30), at(120), FAST);

    route.evaluateEvery(FIVE_MINUTES, at(0), at(120));

    Notice told = route.notices().get(0);
    assertThat(told.type()).isEqualTo(NoticeType.RESOLVED);
    assertThat(told.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(told.headline()).isEqualTo("RESOLVED MX02-to-MX01: 2 lost, mail flows again");
    assertThat(told.reason())
        .startsWith(
            "2 probes lost between 2026-03-02 10:20:00Z and 2026-03-02 10:25:00Z: lost (sent"
                + " 2026-03-02 10:20:00Z, not arrived after 25m)")
        .endsWith(
            " Mail flows again since 2026-03-02 10:30:00Z: 3 probes in a row delivered in time.");
    assertThat(told.openedAt()).isEqualTo(at(20));
    assertThat(route.state().hasOpenIncident()).isFalse();
    assertThat(NoticeWording.whatToDo(told, told.evidence()))
        .first()
        .asString()
        .startsWith("Nothing urgent: mail flows again.");
    assertThat(NoticeWording.whatToDo(told, told.evidence()))
        .anySatisfy(step -> assertThat(step).startsWith("Trace the lost mail:"));
  }
}
