package dev.mailflow.domain.evaluation;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A message about an incident, for the people and systems subscribed to alerts.
 *
 * @param type OPENED, REMINDER or RESOLVED
 * @param routeId the route
 * @param source the route's source server
 * @param target the route's target server
 * @param incidentId the incident it is about; the same in all its notices
 * @param openedAt when the incident opened
 * @param severity the incident's severity
 * @param condition the route's condition when the notice was made
 * @param at when the notice was made
 * @param headline one line of at most {@value #HEADLINE_LIMIT} characters saying what happened
 * @param reason the explanation, in sentences
 * @param evidence the probes that justify the notice, oldest sent first
 * @param flushes backlog flushes seen since the last notice
 * @param suppressedByMaintenance probes in the lookback whose flight overlapped maintenance
 * @param fault for a notice about a fault across several routes, the fault; {@code null} for a
 *     route's own notice. The route fields then name the fault's first route, and {@code routes}
 *     names them all
 * @param routes for a fault's notice, how each of its routes stands; empty otherwise
 */
public record Notice(
    NoticeType type,
    String routeId,
    String source,
    String target,
    String incidentId,
    Instant openedAt,
    Severity severity,
    RouteCondition condition,
    Instant at,
    String headline,
    String reason,
    List<AssessedProbe> evidence,
    List<BacklogFlush> flushes,
    int suppressedByMaintenance,
    Fault fault,
    List<AffectedRoute> routes) {

  /** E-mail subjects and SNS subjects must stay under 100 characters. */
  public static final int HEADLINE_LIMIT = 99;

  /** A route's own notice. */
  public Notice(
      NoticeType type,
      String routeId,
      String source,
      String target,
      String incidentId,
      Instant openedAt,
      Severity severity,
      RouteCondition condition,
      Instant at,
      String headline,
      String reason,
      List<AssessedProbe> evidence,
      List<BacklogFlush> flushes,
      int suppressedByMaintenance) {
    this(
        type,
        routeId,
        source,
        target,
        incidentId,
        openedAt,
        severity,
        condition,
        at,
        headline,
        reason,
        evidence,
        flushes,
        suppressedByMaintenance,
        null,
        List.of());
  }

  public Notice {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(incidentId, "incidentId");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(at, "at");
    headline =
        headline.length() > HEADLINE_LIMIT
            ? headline.substring(0, HEADLINE_LIMIT - 1) + "\u2026"
            : headline;
    evidence = List.copyOf(evidence);
    flushes = List.copyOf(flushes);
    routes = routes == null ? List.of() : List.copyOf(routes);
  }

  /** True when the notice is about a fault across several routes rather than one route. */
  public boolean aboutFault() {
    return fault != null;
  }

  /**
   * Identifies this notice among all notices: an incident has one OPENED, one RESOLVED, and
   * reminders at distinct instants. Subscribers may use it to drop a notice delivered twice.
   */
  public String key() {
    return incidentId + "/" + type + "/" + at.toEpochMilli();
  }

  /** How many of the evidence probes have this verdict. */
  public int count(Verdict verdict) {
    int count = 0;
    for (AssessedProbe probe : evidence) {
      if (probe.verdict() == verdict) {
        count++;
      }
    }
    return count;
  }
}
