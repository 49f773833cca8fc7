package dev.mailflow.domain.evaluation;

import static dev.mailflow.domain.evaluation.Policies.FAST;
import static dev.mailflow.domain.evaluation.Policies.FIVE_MINUTES;
import static dev.mailflow.domain.evaluation.Policies.STANDARD;
import static dev.mailflow.domain.evaluation.Timeline.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailflow.domain.maintenance.MaintenanceScope;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Rule 1: a probe whose flight overlaps maintenance on its route never causes an alert. */
class MaintenanceSuppressionTest {

  static Stream<Arguments> scopes() {
    return Stream.of(
        Arguments.of(MaintenanceScope.server("MX02"), true),
        Arguments.of(MaintenanceScope.server("MX01"), true),
        Arguments.of(MaintenanceScope.route("MX02-to-MX01"), true),
        Arguments.of(MaintenanceScope.all(), true),
        Arguments.of(MaintenanceScope.server("MX03"), false),
        Arguments.of(MaintenanceScope.route("MX01-to-MX02"), false));
  }

  @ParameterizedTest(name = "window on {0} suppresses: {1}")
  @MethodSource("scopes")
  void evaluate_whenRouteFailsDuringWindow_alertsOnlyIfWindowDoesNotCoverRoute(
      MaintenanceScope scope, boolean covers) {
    Timeline route = new Timeline(Timeline.route("MX02", "MX01", STANDARD));
    route.deliveredEvery(FIVE_MINUTES, at(0), at(10), FAST);
    route.lostEvery(FIVE_MINUTES, at(10), at(60));
    route.window("w1", scope, at(8), at(70));
    route.evaluateEvery(FIVE_MINUTES, at(0), at(70));

    if (covers) {
      assertThat(route.notices()).isEmpty();
      assertThat(route.evaluationAt(at(60)).condition()).isEqualTo(RouteCondition.IN_MAINTENANCE);
    } else {
      // p10 and p15 pass their 15-minute loss timeout after 25 and 30: the 35 evaluation opens.
      assertThat(route.noticeShape()).containsExactly("OPENED@35");
    }
  }

  static Stream<Arguments> flights() {
    // The window covers [20, 40) and grace runs to 45. Each row: sent, delivered (null: not
    // arrived), evaluated at, maintenance-affected?
    return Stream.of(
        Arguments.of("delivered before the window", at(10), at(10, 5), at(50), false),
        Arguments.of("straddles the window's start", at(18), at(21), at(50), true),
        Arguments.of("sent during, delivered after the end", at(30), at(48), at(50), true),
        Arguments.of("sent during the grace period", at(42), at(42, 5), at(50), true),
        Arguments.of("sent after the grace period", at(46), at(46, 5), at(50), false),
        Arguments.of("sent before, never arrived", at(15), null, at(50), true),
        Arguments.of("sent before, in flight as the window opens", at(19), null, at(21), true),
        Arguments.of("sent before a future window", at(10), null, at(15), false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("flights")
  void evaluate_marksProbeAffected_exactlyWhenItsFlightOverlapsWindowOrGrace(
      String description, Instant sent, Instant delivered, Instant now, boolean affected) {
    Timeline route = new Timeline(Timeline.route("MX02", "MX01", STANDARD));
    if (delivered == null) {
      route.lost(sent);
    } else {
      route.deliveredAt(sent, delivered);
    }
    route.window("w1", MaintenanceScope.server("MX01"), at(20), at(40));

    AssessedProbe probe = route.evaluateAt(now).probes().get(0);

    assertThat(probe.maintenanceAffected()).as(description).isEqualTo(affected);
    assertThat(probe.maintenanceWindowId()).isEqualTo(affected ? "w1" : null);
  }

  @Test
  void evaluate_whenProbeStraddlesMaintenance_doesNotAlert() {
    Timeline route = new Timeline(Timeline.route("MX02", "MX01", STANDARD.withThresholds(1, 1)));
    route.delivered(at(0), FAST);
    route.deliveredAt(at(5), at(31)); // sent before the window, queued through it
    route.deliveredEvery(FIVE_MINUTES, at(10), at(45), FAST);
    route.window("w1", MaintenanceScope.server("MX01"), at(10), at(30));
    route.evaluateEvery(FIVE_MINUTES, at(0), at(40));

    assertThat(route.notices()).isEmpty();
    assertThat(route.evaluationAt(at(40)).probes())
        .filteredOn(probe -> probe.probe().sentAt().equals(at(5)))
        .singleElement()
        .satisfies(probe -> assertThat(probe.verdict()).isEqualTo(Verdict.LATE))
        .satisfies(probe -> assertThat(probe.maintenanceAffected()).isTrue());
  }

  @Test
  void evaluate_whenRouteWasAlreadyFailingAsWindowBegins_sendsNoReminderDuringIt() {
    Timeline route = new Timeline(Timeline.route("MX02", "MX01", STANDARD));
    route.lostEvery(FIVE_MINUTES, at(0), at(200));
    route.window("w1", MaintenanceScope.server("MX01"), at(30), at(150));
    route.evaluateEvery(FIVE_MINUTES, at(0), at(150));

    assertThat(route.noticeShape()).containsExactly("OPENED@25");
    assertThat(route.state().hasOpenIncident()).isTrue();
  }

  @Test
  void evaluate_whenWindowIsInTheFuture_stillAlerts() {
    Timeline route = new Timeline(Timeline.route("MX02", "MX01", STANDARD));
    route.lostEvery(FIVE_MINUTES, at(0), at(40));
    route.window("w1", MaintenanceScope.server("MX01"), at(120), at(180));
    route.evaluateEvery(FIVE_MINUTES, at(0), at(40));

    assertThat(route.noticeShape()).containsExactly("OPENED@25");
  }

  @Test
  void evaluate_duringGrace_reportsInMaintenance() {
    Timeline route = new Timeline(Timeline.route("MX02", "MX01", STANDARD));
    route.window("w1", MaintenanceScope.all(), at(0), at(20));

    assertThat(route.evaluateAt(at(24)).condition()).isEqualTo(RouteCondition.IN_MAINTENANCE);
    assertThat(route.evaluateAt(at(25)).condition()).isNotEqualTo(RouteCondition.IN_MAINTENANCE);
  }

  @Test
  void evaluate_whenGraceIsZero_windowEndsAtItsEnd() {
    Timeline route =
        new Timeline(Timeline.route("MX02", "MX01", STANDARD.withMaintenanceGrace(Duration.ZERO)));
    route.window("w1", MaintenanceScope.all(), at(0), at(20));

    assertThat(route.evaluateAt(at(19)).condition()).isEqualTo(RouteCondition.IN_MAINTENANCE);
    assertThat(route.evaluateAt(at(20)).condition()).isNotEqualTo(RouteCondition.IN_MAINTENANCE);
  }
}
