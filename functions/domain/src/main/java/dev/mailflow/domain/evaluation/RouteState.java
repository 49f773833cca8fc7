package dev.mailflow.domain.evaluation;

import dev.mailflow.domain.route.Identifier;
import java.time.Instant;
import java.util.Objects;

/**
 * What an evaluation remembers about a route until the next one.
 *
 * @param routeId the route
 * @param condition the condition found by the last evaluation
 * @param incident the open incident, or {@code null}
 * @param monitoredSince when the route was first evaluated: before that, a route without probes is
 *     new, not stalled
 * @param flushesReportedUntil the last delivery of the newest backlog flush already reported, or
 *     {@code null}
 * @param judgedFrom probes sent before this have been told of (their incident is over): they never
 *     open an incident again; {@code null} when every probe in the lookback still may
 * @param evaluatedAt when the last evaluation ran
 * @param version incremented by the store on every write, so that two evaluations racing on the
 *     same route cannot both write their notices
 */
public record RouteState(
    String routeId,
    RouteCondition condition,
    Incident incident,
    Instant monitoredSince,
    Instant flushesReportedUntil,
    Instant judgedFrom,
    Instant evaluatedAt,
    long version) {
  public RouteState {
    Identifier.require("route id of route state", routeId);
    Objects.requireNonNull(condition, "condition");
    Objects.requireNonNull(monitoredSince, "monitoredSince");
    Objects.requireNonNull(evaluatedAt, "evaluatedAt");
  }

  /** The state of a route never evaluated before, as of {@code now}. */
  public static RouteState initial(String routeId, Instant now) {
    return new RouteState(routeId, RouteCondition.NO_DATA, null, now, null, null, now, 0);
  }

  /** True when an incident is open. */
  public boolean hasOpenIncident() {
    return incident != null;
  }
}
