package dev.mailflow.domain.evaluation;

import static dev.mailflow.domain.evaluation.Policies.FAST;
import static dev.mailflow.domain.evaluation.Policies.FIVE_MINUTES;
import static dev.mailflow.domain.evaluation.Policies.STANDARD;
import static dev.mailflow.domain.evaluation.Timeline.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailflow.domain.maintenance.MaintenanceScope;
import dev.mailflow.domain.route.Route;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rules 9 and 10: an enabled route with no probe sent for twice its interval is NO DATA, and
 * alerted; one whose probes are all in flight is WAITING.
 */
class NoDataTest {
  private final Timeline route = new Timeline(Timeline.route("MX02", "MX01", STANDARD));

  @Test
  void evaluate_whenProbesStop_opensNoDataAfterTwiceTheInterval() {
    route.deliveredEvery(FIVE_MINUTES, at(0), at(25), FAST);
    route.evaluateEvery(FIVE_MINUTES, at(0), at(60));

    // The last probe was sent at 20: silent for more than 10 minutes at the 35 evaluation.
    assertThat(route.noticeShape()).containsExactly("OPENED@35");
    Notice opened = route.notices().get(0);
    assertThat(opened.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(opened.condition()).isEqualTo(RouteCondition.NO_DATA);
    assertThat(opened.headline()).isEqualTo("OPENED CRITICAL MX02-to-MX01: no probe sent for 15m");
    assertThat(opened.reason()).contains("the monitor itself has stalled");
    assertThat(route.evaluationAt(at(30)).condition()).isEqualTo(RouteCondition.HEALTHY);
  }

  @Test
  void evaluate_whenTheOnlyProbeIsInFlight_reportsWaitingWithItsAgeNotNoData() {
    route.delivered(at(0), Duration.ofMinutes(3));

    Evaluation waiting = route.evaluateAt(at(2));
    Evaluation arrived = route.evaluateAt(at(4));

    assertThat(waiting.condition()).isEqualTo(RouteCondition.WAITING);
    assertThat(waiting.waitingFor()).isEqualTo(Duration.ofMinutes(2));
    assertThat(waiting.notices()).isEmpty();
    assertThat(arrived.condition()).isEqualTo(RouteCondition.DEGRADED);
    assertThat(arrived.waitingFor()).isNull();
  }

  @Test
  void evaluate_onANewRouteWithoutProbes_waitsTwiceTheIntervalBeforeAlerting() {
    route.evaluateEvery(FIVE_MINUTES, at(0), at(15));

    assertThat(route.noticeShape()).containsExactly("OPENED@15");
    assertThat(route.notices().get(0).reason()).contains("since monitoring began");
  }

  @Test
  void evaluate_whenProbesStopDuringMaintenance_alertsOnlyAfterItEnds() {
    route.deliveredEvery(FIVE_MINUTES, at(0), at(25), FAST);
    route.window("monitor-upgrade", MaintenanceScope.all(), at(22), at(60));
    route.evaluateEvery(FIVE_MINUTES, at(0), at(80));

    assertThat(route.noticeShape()).containsExactly("OPENED@65");
  }

  @Test
  void evaluate_whenProbesResume_resolvesAfterEnoughGoodOnes() {
    route.deliveredEvery(FIVE_MINUTES, at(0), at(25), FAST);
    route.deliveredEvery(FIVE_MINUTES, at(50), at(90), FAST);
    route.evaluateEvery(FIVE_MINUTES, at(0), at(90));

    assertThat(route.noticeShape()).containsExactly("OPENED@35", "RESOLVED@60");
  }

  @Test
  void evaluate_whenRouteIsDisabled_neverAlertsAndClosesAnOpenIncident() {
    route.deliveredEvery(FIVE_MINUTES, at(0), at(25), FAST);
    route.evaluateEvery(FIVE_MINUTES, at(0), at(40));
    Route base = route.route();
    Route disabled =
        new Route(
            base.id(),
            base.source(),
            base.target(),
            base.sender(),
            base.recipient(),
            base.policy(),
            false);

    RouteEvaluator evaluator = new RouteEvaluator();
    Evaluation closing = evaluator.evaluate(disabled, List.of(), List.of(), route.state(), at(45));
    Evaluation quiet =
        evaluator.evaluate(disabled, List.of(), List.of(), closing.nextState(), at(200));

    assertThat(closing.notices())
        .singleElement()
        .satisfies(notice -> assertThat(notice.type()).isEqualTo(NoticeType.RESOLVED))
        .satisfies(notice -> assertThat(notice.reason()).contains("was disabled"));
    assertThat(quiet.notices()).isEmpty();
    assertThat(quiet.condition()).isEqualTo(RouteCondition.NO_DATA);
  }

  @Test
  void evaluate_whenARouteIsEnabledAgainAfterAPause_waitsForItsFirstProbeBeforeAlerting() {
    route.deliveredEvery(FIVE_MINUTES, at(0), at(30), FAST);
    route.evaluateEvery(FIVE_MINUTES, at(0), at(25));
    Route enabled = route.route();
    Route disabled =
        new Route(
            enabled.id(),
            enabled.source(),
            enabled.target(),
            enabled.sender(),
            enabled.recipient(),
            enabled.policy(),
            false);
    RouteEvaluator evaluator = new RouteEvaluator();
    RouteState state = route.state();
    for (int minute = 30; minute < 180; minute += 5) {
      state =
          evaluator
              .evaluate(disabled, route.knownAt(at(minute)), List.of(), state, at(minute))
              .nextState();
    }

    Evaluation first =
        evaluator.evaluate(enabled, route.knownAt(at(180, 30)), List.of(), state, at(180, 30));
    Evaluation stalled =
        evaluator.evaluate(enabled, route.knownAt(at(191)), List.of(), first.nextState(), at(191));

    assertThat(first.notices()).isEmpty();
    // Still nothing sent eleven minutes after it was enabled: that is a stall.
    assertThat(stalled.notices()).extracting(Notice::type).containsExactly(NoticeType.OPENED);
  }
}
