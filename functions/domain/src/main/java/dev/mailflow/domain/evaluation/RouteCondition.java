package dev.mailflow.domain.evaluation;

/** What an evaluation concludes about a route, from its newest judged probes. */
public enum RouteCondition {
  /** The newest judged probe arrived in time. */
  HEALTHY,
  /** The newest judged probe arrived, but slowly. */
  DEGRADED,
  /** The newest judged probe was lost, arrived too late, or could not be submitted. */
  FAILING,
  /**
   * Probes were sent, but none judged yet: the oldest still in flight decides, once it arrives or
   * its loss timeout passes.
   */
  WAITING,
  /** A maintenance window covers the route now: nothing is alerted. */
  IN_MAINTENANCE,
  /**
   * Nothing to judge: no probe has been sent for twice the probe interval (the monitor has
   * stalled), or every probe is covered by maintenance.
   */
  NO_DATA
}
