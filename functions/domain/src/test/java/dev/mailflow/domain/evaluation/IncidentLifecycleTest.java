package dev.mailflow.domain.evaluation;

import static dev.mailflow.domain.evaluation.Policies.FAST;
import static dev.mailflow.domain.evaluation.Policies.FIVE_MINUTES;
import static dev.mailflow.domain.evaluation.Policies.STANDARD;
import static dev.mailflow.domain.evaluation.Timeline.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailflow.domain.route.Route;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Rule 4: N bad in a row open, M good in a row close; reminders at the interval; one of each. */
class IncidentLifecycleTest {

  @ParameterizedTest(name = "failuresToOpen = {0}")
  @ValueSource(ints = {1, 2, 3, 5})
  void evaluate_opensExactlyWhenTheNthBadProbeInARowIsJudged(int failuresToOpen) {
    Timeline route =
        new Timeline(Timeline.route("MX02", "MX01", STANDARD.withThresholds(failuresToOpen, 2)));
    route.delivered(at(0), FAST);
    route.lostEvery(FIVE_MINUTES, at(5), at(100));
    route.evaluateEvery(Duration.ofMinutes(1), at(0), at(60));

    // The k-th lost probe (sent at 5k) is judged lost at the first evaluation after 5k + 15.
    int expected = 5 * failuresToOpen + 16;
    assertThat(route.noticeShape()).containsExactly("OPENED@" + expected);
    assertThat(route.notices().get(0).evidence()).hasSize(failuresToOpen);
  }

  @ParameterizedTest(name = "successesToClose = {0}")
  @ValueSource(ints = {1, 2, 4})
  void evaluate_closesExactlyWhenTheMthGoodProbeInARowArrives(int successesToClose) {
    Timeline route =
        new Timeline(Timeline.route("MX02", "MX01", STANDARD.withThresholds(1, successesToClose)));
    route.lostEvery(FIVE_MINUTES, at(0), at(30));
    route.deliveredEvery(FIVE_MINUTES, at(30), at(120), Duration.ofSeconds(30));
    route.evaluateEvery(Duration.ofMinutes(1), at(0), at(100));

    int expected = 30 + 5 * (successesToClose - 1) + 1; // first evaluation after it arrives
    assertThat(route.noticeShape()).containsExactly("OPENED@16", "RESOLVED@" + expected);
    Notice resolved = route.notices().get(1);
    assertThat(resolved.evidence()).hasSize(successesToClose);
    assertThat(resolved.incidentId()).isEqualTo(route.notices().get(0).incidentId());
  }

  @Test
  void evaluate_whileIncidentStaysOpen_remindsOnlyAtTheReminderInterval() {
    Timeline route = new Timeline(Timeline.route("MX02", "MX01", STANDARD));
    route.lostEvery(FIVE_MINUTES, at(0), at(300));
    route.evaluateEvery(Duration.ofMinutes(1), at(0), at(200));

    assertThat(route.noticeShape()).containsExactly("OPENED@21", "REMINDER@81", "REMINDER@141");
    assertThat(route.notices().get(2).reason()).startsWith("Open since 2026-03-02 10:21:00Z");
    assertThat(route.state().incident().reminders()).isEqualTo(2);
  }

  @Test
  void evaluate_overALongFailure_sendsOneOpenedAndOneResolved() {
    Timeline route = new Timeline(Timeline.route("MX02", "MX01", STANDARD));
    route.lostEvery(FIVE_MINUTES, at(0), at(50));
    route.deliveredEvery(FIVE_MINUTES, at(50), at(300), FAST);
    route.evaluateEvery(Duration.ofMinutes(1), at(0), at(300));

    assertThat(route.notices())
        .extracting(Notice::type)
        .containsExactly(NoticeType.OPENED, NoticeType.RESOLVED);
  }

  @Test
  void evaluate_runAgainWithTheStateItReturned_sendsNothingTwice() {
    Timeline route = new Timeline(Timeline.route("MX02", "MX01", STANDARD));
    route.lostEvery(FIVE_MINUTES, at(0), at(30));
    Evaluation first = route.evaluateAt(at(25));
    Evaluation again = route.evaluateAt(at(25));

    assertThat(first.notices()).hasSize(1);
    assertThat(again.notices()).isEmpty();
  }

  @Test
  void evaluate_twoRunsFromTheSameStateAtTheSameInstant_nameTheIncidentAlike() {
    Route route = Timeline.route("MX02", "MX01", STANDARD);
    Timeline facts = new Timeline(route);
    facts.lostEvery(FIVE_MINUTES, at(0), at(30));
    RouteEvaluator evaluator = new RouteEvaluator();

    Evaluation one = evaluator.evaluate(route, facts.knownAt(at(25)), List.of(), null, at(25));
    Evaluation two = evaluator.evaluate(route, facts.knownAt(at(25)), List.of(), null, at(25));

    assertThat(one).isEqualTo(two);
    assertThat(one.notices().get(0).incidentId()).isEqualTo("MX02-to-MX01-20260302T102500Z");
  }

  @Test
  void evaluate_whenOnlySlow_opensAWarningAndEscalatesWhenMailIsLost() {
    Timeline route = new Timeline(Timeline.route("MX02", "MX01", STANDARD));
    route.deliveredEvery(FIVE_MINUTES, at(0), at(60), Duration.ofMinutes(3));
    route.lostEvery(FIVE_MINUTES, at(60), at(200));
    route.evaluateEvery(Duration.ofMinutes(1), at(0), at(140));

    assertThat(route.noticeShape()).containsExactly("OPENED@8", "REMINDER@68", "REMINDER@128");
    assertThat(route.notices().get(0).severity()).isEqualTo(Severity.WARNING);
    assertThat(route.notices().get(0).headline()).isEqualTo("OPENED WARNING MX02-to-MX01: 2 slow");
    assertThat(route.evaluationAt(at(30)).condition()).isEqualTo(RouteCondition.DEGRADED);
    assertThat(route.notices().get(2).severity()).isEqualTo(Severity.CRITICAL);
    assertThat(route.evaluationAt(at(130)).condition()).isEqualTo(RouteCondition.FAILING);
  }

  @Test
  void evaluate_whenCriticallySlow_opensCritical() {
    Timeline route = new Timeline(Timeline.route("MX02", "MX01", STANDARD));
    route.deliveredEvery(FIVE_MINUTES, at(0), at(60), Duration.ofMinutes(6));
    route.evaluateEvery(Duration.ofMinutes(1), at(0), at(20));

    assertThat(route.notices())
        .singleElement()
        .satisfies(
            notice -> {
              assertThat(notice.severity()).isEqualTo(Severity.CRITICAL);
              assertThat(notice.count(Verdict.CRITICALLY_SLOW)).isEqualTo(2);
            });
  }

  @Test
  void evaluate_whileRecovering_keepsTheIncidentsConditionUntilItCloses() {
    Timeline route = new Timeline(Timeline.route("MX02", "MX01", STANDARD));
    route.lostEvery(FIVE_MINUTES, at(0), at(30));
    route.deliveredEvery(FIVE_MINUTES, at(30), at(60), FAST);
    route.evaluateEvery(Duration.ofMinutes(1), at(0), at(31));

    assertThat(route.state().hasOpenIncident()).isTrue();
    assertThat(route.state().condition()).isEqualTo(RouteCondition.FAILING);
    assertThat(route.evaluateAt(at(36)).condition()).isEqualTo(RouteCondition.HEALTHY);
  }

  @Test
  void evaluate_goodProbesFromBeforeTheIncident_doNotCloseIt() {
    Timeline route = new Timeline(Timeline.route("MX02", "MX01", STANDARD));
    route.deliveredEvery(FIVE_MINUTES, at(0), at(25), FAST);
    route.deliveredEvery(FIVE_MINUTES, at(50), at(90), FAST);
    route.evaluateEvery(FIVE_MINUTES, at(0), at(50));

    // Stalled from 20 to 50: the probes sent before do not show the monitor is back.
    assertThat(route.noticeShape()).containsExactly("OPENED@35");
    assertThat(route.state().hasOpenIncident()).isTrue();
  }

  @Test
  void evaluate_whenRouteIsHealthy_staysSilentAndHealthy() {
    Timeline route = new Timeline(Timeline.route("MX02", "MX01", STANDARD));
    route.deliveredEvery(FIVE_MINUTES, at(0), at(300), FAST);
    route.evaluateEvery(Duration.ofMinutes(1), at(1), at(300));

    assertThat(route.notices()).isEmpty();
    assertThat(route.state().condition()).isEqualTo(RouteCondition.HEALTHY);
  }
}
