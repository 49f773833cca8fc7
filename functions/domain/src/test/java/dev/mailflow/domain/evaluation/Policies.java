package dev.mailflow.domain.evaluation;

import dev.mailflow.domain.route.RoutePolicy;
import java.time.Duration;

/** The policy the rule tests share, so each test states only what it changes. */
final class Policies {
  /**
   * A probe every 5 minutes; slow at 2, critical at 5, lost at 15; two bad to open, two good to
   * close; hourly reminders; 5 minutes' grace; 2 hours' lookback.
   */
  static final RoutePolicy STANDARD =
      RoutePolicy.defaults()
          .withProbeInterval(Duration.ofMinutes(5))
          .withLatencies(Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(15))
          .withThresholds(2, 2)
          .withReminderInterval(Duration.ofHours(1))
          .withMaintenanceGrace(Duration.ofMinutes(5))
          .withLookback(Duration.ofHours(2));

  static final Duration FAST = Duration.ofSeconds(4);
  static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

  private Policies() {}
}
