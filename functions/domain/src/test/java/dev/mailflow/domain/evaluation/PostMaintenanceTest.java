package dev.mailflow.domain.evaluation;

import static dev.mailflow.domain.evaluation.Policies.FAST;
import static dev.mailflow.domain.evaluation.Policies.FIVE_MINUTES;
import static dev.mailflow.domain.evaluation.Policies.STANDARD;
import static dev.mailflow.domain.evaluation.Timeline.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailflow.domain.maintenance.MaintenanceScope;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Rule 2: a window resets the count, and a route still failing after its window is alerted within
 * one evaluation of its first failure after the window (plus grace).
 */
class PostMaintenanceTest {
  private final Timeline route =
      new Timeline(Timeline.route("MX02", "MX01", STANDARD.withThresholds(3, 2)));

  @Test
  void evaluate_whenServerStillDownAfterWindow_opensOneEvaluationAfterFirstLossDespiteThreshold() {
    route.lostEvery(FIVE_MINUTES, at(0), at(120));
    route.window("patch", MaintenanceScope.server("MX01"), at(0), at(30));
    route.evaluateEvery(FIVE_MINUTES, at(0), at(90));

    // Grace ends at 35; the probe sent at 35 is overdue after 50, so the 55 evaluation opens.
    // Three losses in a row, the usual rule, would have waited until 65.
    assertThat(route.noticeShape()).containsExactly("OPENED@55");
    Notice opened = route.notices().get(0);
    assertThat(opened.evidence()).hasSize(1);
    assertThat(opened.headline()).endsWith("1 lost after maintenance");
    assertThat(opened.reason())
        .startsWith("Still failing after maintenance window patch (server:MX01, ended");
  }

  @Test
  void evaluate_whenSubmissionFailsAfterWindow_opensAtTheSameEvaluation() {
    for (int minute = 0; minute < 60; minute += 5) {
      route.sendFailed(at(minute), 0, "Connection refused");
    }
    route.window("patch", MaintenanceScope.server("MX02"), at(0), at(30));
    route.evaluateEvery(FIVE_MINUTES, at(0), at(60));

    assertThat(route.noticeShape()).containsExactly("OPENED@35");
    assertThat(route.notices().get(0).count(Verdict.SEND_FAILED)).isEqualTo(1);
  }

  @Test
  void evaluate_whenServerWentDownInTheMiddleOfItsWindow_stillOpensAtOnceAfterIt() {
    route.deliveredEvery(FIVE_MINUTES, at(0), at(15), FAST); // fine until 15, then down
    route.lostEvery(FIVE_MINUTES, at(15), at(120));
    route.window("patch", MaintenanceScope.server("MX01"), at(5), at(30));
    route.evaluateEvery(FIVE_MINUTES, at(0), at(90));

    // Grace ends at 35; the probe sent at 35 is overdue after 50: opened at 55, not 65.
    assertThat(route.noticeShape()).containsExactly("OPENED@55");
  }

  @Test
  void evaluate_whenRouteWasHealthyDuringWindow_needsTheUsualRunAfterIt() {
    route.deliveredEvery(FIVE_MINUTES, at(0), at(40), FAST);
    route.lostEvery(FIVE_MINUTES, at(40), at(120));
    route.window("patch", MaintenanceScope.server("MX01"), at(0), at(30));
    route.evaluateEvery(FIVE_MINUTES, at(0), at(90));

    // Probes sent at 40, 45 and 50 must all be overdue: after 65, so the 70 evaluation.
    assertThat(route.noticeShape()).containsExactly("OPENED@70");
    assertThat(route.notices().get(0).evidence()).hasSize(3);
  }

  @Test
  void evaluate_failuresBeforeTheWindowDoNotAddUpWithFailuresAfterIt() {
    Timeline twoToOpen = new Timeline(Timeline.route("MX02", "MX01", STANDARD));
    twoToOpen.delivered(at(0), FAST);
    twoToOpen.delivered(at(5), FAST);
    twoToOpen.sendFailed(at(10), 421, "4.3.2 Service shutting down");
    twoToOpen.deliveredEvery(FIVE_MINUTES, at(15), at(40), FAST);
    twoToOpen.sendFailed(at(40), 451, "4.4.1 Temporary failure");
    twoToOpen.deliveredEvery(FIVE_MINUTES, at(45), at(80), FAST);
    twoToOpen.window("patch", MaintenanceScope.server("MX02"), at(12), at(30));
    twoToOpen.evaluateEvery(FIVE_MINUTES, at(0), at(80));

    // Counted across the window, the failures at 10 and 40 would be two in a row.
    assertThat(twoToOpen.notices()).isEmpty();
  }

  @Test
  void evaluate_afterWindowWithOnlyProbesInFlight_reportsWaitingWithTheOldestOnesAge() {
    route.lostEvery(FIVE_MINUTES, at(0), at(120));
    route.window("patch", MaintenanceScope.server("MX01"), at(0), at(30));

    // The window and its grace end at 35: the probes sent at 35 and 40 are on their way.
    Evaluation waiting = route.evaluateAt(at(40));
    assertThat(waiting.condition()).isEqualTo(RouteCondition.WAITING);
    assertThat(waiting.waitingFor()).isEqualTo(Duration.ofMinutes(5));
    assertThat(route.evaluateAt(at(55)).condition()).isEqualTo(RouteCondition.FAILING);
  }

  @Test
  void evaluate_whenMailFlowedAfterTheWindow_aLaterSingleFailureNeedsTheUsualRun() {
    Timeline twoToOpen = new Timeline(Timeline.route("MX02", "MX01", STANDARD));
    twoToOpen.window("patch", MaintenanceScope.server("MX01"), at(0), at(30));
    // Down through the window and its grace; back at 36, when its queue drains at once.
    for (int minute = 0; minute <= 30; minute += 5) {
      twoToOpen.deliveredAt(at(minute), at(36));
    }
    twoToOpen.deliveredEvery(FIVE_MINUTES, at(35), at(95), FAST);
    twoToOpen.sendFailed(at(95), 421, "4.3.2 Service not available");
    twoToOpen.deliveredEvery(FIVE_MINUTES, at(100), at(130), FAST);
    twoToOpen.evaluateEvery(FIVE_MINUTES, at(0), at(125));

    assertThat(twoToOpen.notices()).isEmpty();
  }
}
