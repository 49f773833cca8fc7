package dev.mailflow.domain.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RoutePolicyTest {

  @Test
  void defaults_areValidAndLookFarEnoughBack() {
    RoutePolicy policy = RoutePolicy.defaults();

    assertThat(policy.lookback())
        .isGreaterThanOrEqualTo(
            RoutePolicy.minimumLookback(
                policy.probeInterval(),
                policy.lossTimeout(),
                RoutePolicy.probesToSee(
                    policy.failuresToOpen(),
                    policy.successesToClose(),
                    policy.recentFailuresToOpen(),
                    policy.cleanProbesToClose())));
    assertThat(policy.staleAfter()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void construction_reportsEveryFaultAtOnce() {
    assertThatThrownBy(
            () ->
                new RoutePolicy(
                    Duration.ZERO,
                    Duration.ofMinutes(2),
                    Duration.ofMinutes(5),
                    null,
                    0,
                    -1,
                    Duration.ofHours(1),
                    Duration.ofMinutes(-1),
                    Duration.ofSeconds(60),
                    Duration.ofHours(2),
                    0,
                    2,
                    0,
                    null))
        .hasMessageContaining("probeInterval must be positive, not PT0S")
        .hasMessageContaining("lossTimeout is missing")
        .hasMessageContaining("failuresToOpen must be at least 1, not 0")
        .hasMessageContaining("successesToClose must be at least 1, not -1")
        .hasMessageContaining("maintenanceGrace must be zero or positive")
        .hasMessageContaining("recentProbes must be at least 1, not 0")
        .hasMessageContaining("recentFailuresToOpen must be between 1 and recentProbes (0), not 2")
        .hasMessageContaining("cleanProbesToClose must be at least 1, not 0")
        .hasMessageContaining("probePhase is missing");
  }

  @Test
  void probePhase_atOrBeyondTheInterval_isRefused() {
    assertThatThrownBy(
            () ->
                RoutePolicy.defaults()
                    .withProbeInterval(Duration.ofMinutes(5))
                    .withProbePhase(ProbePhase.at(Duration.ofMinutes(5))))
        .hasMessageContaining("probePhase PT5M must be below probeInterval PT5M");
  }

  @Test
  void construction_refusesLatenciesOutOfOrder() {
    RoutePolicy base = RoutePolicy.defaults();

    assertThatThrownBy(
            () ->
                base.withLatencies(
                    Duration.ofMinutes(6), Duration.ofMinutes(5), Duration.ofMinutes(15)))
        .hasMessageContaining("warningLatency PT6M is above criticalLatency PT5M");
    assertThatThrownBy(
            () ->
                base.withLatencies(
                    Duration.ofMinutes(2), Duration.ofMinutes(15), Duration.ofMinutes(15)))
        .hasMessageContaining("criticalLatency PT15M must be below lossTimeout PT15M");
  }

  @Test
  void construction_refusesALookbackTooShortToOpenOrClose() {
    assertThatThrownBy(() -> RoutePolicy.defaults().withLookback(Duration.ofMinutes(20)))
        .hasMessageContaining("lookback PT20M is too short")
        .hasMessageContaining("so a loss could go untold: use at least PT50M");
  }

  @Test
  void construction_refusesARecentRuleThatCanNeverBeMet() {
    assertThatThrownBy(() -> RoutePolicy.defaults().withRecentRule(7, 6, 6))
        .hasMessageContaining("recentFailuresToOpen must be between 1 and recentProbes (6), not 7");
  }

  @Test
  void defaults_catchAThirdOfTheProbesLostWithinAnHour() {
    RoutePolicy policy = RoutePolicy.defaults();

    Duration window = policy.probeInterval().multipliedBy(policy.recentProbes());
    assertThat(window).isEqualTo(Duration.ofHours(1));
    assertThat(policy.recentFailuresToOpen() * 3).isLessThanOrEqualTo(policy.recentProbes());
  }

  @Test
  void longestUntold_isTheRunAfterItsFirstLossPlusTheLossTimeoutPlusOneEvaluation() {
    assertThat(RoutePolicy.defaults().longestUntold(Duration.ofMinutes(5)))
        .isEqualTo(Duration.ofMinutes(25));
    assertThat(RoutePolicy.defaults().withThresholds(3, 2).longestUntold(Duration.ofMinutes(1)))
        .isEqualTo(Duration.ofMinutes(26));
  }
}
