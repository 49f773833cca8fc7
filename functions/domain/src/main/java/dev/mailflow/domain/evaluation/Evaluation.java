package dev.mailflow.domain.evaluation;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of evaluating one route once.
 *
 * @param condition what the route's probes say now
 * @param nextState the state to store, conditionally on the previous version
 * @param notices the notices to publish: at most one
 * @param probes every probe in the lookback as the evaluation saw it, oldest sent first
 * @param newFlushes backlog flushes seen for the first time by this evaluation
 * @param waitingFor when the route is {@link RouteCondition#WAITING}, how long its oldest probe in
 *     flight has been on its way; otherwise {@code null}
 */
public record Evaluation(
    RouteCondition condition,
    RouteState nextState,
    List<Notice> notices,
    List<AssessedProbe> probes,
    List<BacklogFlush> newFlushes,
    Duration waitingFor) {
  public Evaluation {
    notices = List.copyOf(notices);
    probes = List.copyOf(probes);
    newFlushes = List.copyOf(newFlushes);
  }

  /** How many probes in the lookback were maintenance-affected. */
  public int maintenanceAffected() {
    int count = 0;
    for (AssessedProbe probe : probes) {
      if (probe.maintenanceAffected()) {
        count++;
      }
    }
    return count;
  }
}
