package dev.mailflow.domain.evaluation;

import dev.mailflow.domain.probe.Probe;
import dev.mailflow.domain.probe.ProbeState;
import java.time.Duration;

/**
 * One probe as an evaluation saw it.
 *
 * @param probe the probe
 * @param state its state at the evaluation
 * @param verdict what it says about the route
 * @param latency end-to-end latency, or {@code null} until it arrives
 * @param maintenanceWindowId the window its flight overlapped, or {@code null}: such a probe is
 *     <em>maintenance-affected</em> and never causes or keeps an alert
 */
public record AssessedProbe(
    Probe probe, ProbeState state, Verdict verdict, Duration latency, String maintenanceWindowId) {

  /** True when the probe's flight overlapped a maintenance window on its route. */
  public boolean maintenanceAffected() {
    return maintenanceWindowId != null;
  }

  /** True when the probe takes part in opening and closing incidents. */
  public boolean counts() {
    return maintenanceWindowId == null && verdict.isJudged();
  }
}
