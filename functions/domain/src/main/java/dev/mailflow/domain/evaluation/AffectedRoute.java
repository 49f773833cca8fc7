package dev.mailflow.domain.evaluation;

import java.util.Objects;

/**
 * How one route of a fault stands when a notice about the fault is made.
 *
 * @param routeId the route
 * @param source its source server
 * @param target its target server
 * @param incidentId the route's own incident, kept in its state
 * @param condition the route's condition
 * @param severity the route's incident's severity
 * @param summary what its own notice would have said, such as "2 not submitted"
 */
public record AffectedRoute(
    String routeId,
    String source,
    String target,
    String incidentId,
    RouteCondition condition,
    Severity severity,
    String summary) {
  public AffectedRoute {
    Objects.requireNonNull(routeId, "routeId");
    Objects.requireNonNull(condition, "condition");
    Objects.requireNonNull(severity, "severity");
    summary = summary == null ? "" : summary;
  }
}
