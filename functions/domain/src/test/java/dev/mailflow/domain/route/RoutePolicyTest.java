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
                policy.failuresToOpen(),
                policy.successesToClose()));
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
                    Duration.ofHours(2)))
        .hasMessageContaining("probeInterval must be positive, not PT0S")
        .hasMessageContaining("lossTimeout is missing")
        .hasMessageContaining("failuresToOpen must be at least 1, not 0")
        .hasMessageContaining("successesToClose must be at least 1, not -1")
        .hasMessageContaining("maintenanceGrace must be zero or positive");
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
        .hasMessageContaining("use at least PT30M");
  }
}
