package dev.mailflow.local.output;

import dev.mailflow.domain.evaluation.AssessedProbe;
import dev.mailflow.domain.evaluation.BacklogFlush;
import dev.mailflow.domain.evaluation.Notice;
import dev.mailflow.domain.evaluation.NoticeType;
import dev.mailflow.domain.evaluation.RouteCondition;
import dev.mailflow.local.simulation.ReceivedNotice;
import dev.mailflow.local.simulation.RunEvent;
import dev.mailflow.local.simulation.RunResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One incident of a run, told from the notices its subscriber received: when it opened and ended,
 * how long after the first failing probe it was detected, how many notices it took, and how many
 * probes maintenance kept out of it.
 *
 * @param incidentId the incident's id
 * @param route the route
 * @param severity the most urgent severity of its notices
 * @param headline the OPENED notice's headline
 * @param openedAt when it opened
 * @param resolvedAt when it was resolved, if it was within the run
 * @param failureSeenFrom when the failure it reports began to show: the first bad probe that
 *     counted towards it, or for a stalled monitor the first probe that was due and not sent
 * @param stalled true when it opened because no probes were sent (NO DATA)
 * @param notices the notices sent for it
 * @param suppressedByMaintenance probes covered by maintenance, the most any of its notices names
 * @param flushes backlog flushes its notices report
 * @param routes the routes it covers: its route, or every route of a fault across several
 */
public record IncidentSummary(
    String incidentId,
    String route,
    String severity,
    String headline,
    Instant openedAt,
    Optional<Instant> resolvedAt,
    Optional<Instant> failureSeenFrom,
    boolean stalled,
    int notices,
    int suppressedByMaintenance,
    List<BacklogFlush> flushes,
    List<String> routes) {
  public IncidentSummary {
    flushes = List.copyOf(flushes);
    routes = List.copyOf(routes);
  }

  /** The incidents of a run, in the order they opened. */
  public static List<IncidentSummary> of(RunResult result) {
    Map<String, List<Notice>> byIncident = new LinkedHashMap<>();
    for (ReceivedNotice received : result.notices()) {
      received
          .incident()
          .ifPresent(
              notice ->
                  byIncident
                      .computeIfAbsent(notice.incidentId(), id -> new ArrayList<>())
                      .add(notice));
    }
    List<IncidentSummary> summaries = new ArrayList<>();
    for (List<Notice> notices : byIncident.values()) {
      summaries.add(summary(result, notices));
    }
    return summaries;
  }

  private static IncidentSummary summary(RunResult result, List<Notice> notices) {
    Notice first = notices.get(0);
    Notice opened =
        notices.stream().filter(n -> n.type() == NoticeType.OPENED).findFirst().orElse(first);
    Instant openedAt = opened.openedAt() == null ? opened.at() : opened.openedAt();
    Optional<Instant> resolved =
        notices.stream().filter(n -> n.type() == NoticeType.RESOLVED).map(Notice::at).findFirst();
    String severity = "WARNING";
    int suppressed = 0;
    List<BacklogFlush> flushes = new ArrayList<>();
    Set<String> routes = new LinkedHashSet<>();
    for (Notice notice : notices) {
      routes.addAll(notice.aboutFault() ? notice.fault().routes() : List.of(notice.routeId()));
      if (notice.severity().name().equals("CRITICAL")) {
        severity = "CRITICAL";
      }
      suppressed = Math.max(suppressed, notice.suppressedByMaintenance());
      flushes.addAll(notice.flushes());
    }
    boolean stalled = opened.condition() == RouteCondition.NO_DATA;
    Optional<Instant> seenFrom =
        stalled
            ? firstMissingProbe(result, opened.routeId(), openedAt)
            : opened.evidence().stream()
                .filter(IncidentSummary::counted)
                .map(probe -> probe.probe().sentAt())
                .min(Instant::compareTo);
    return new IncidentSummary(
        opened.incidentId(),
        opened.routeId(),
        severity,
        opened.headline(),
        openedAt,
        resolved,
        seenFrom,
        stalled,
        notices.size(),
        suppressed,
        flushes,
        List.copyOf(routes));
  }

  /** True when it is a fault across several routes, told in one incident. */
  public boolean acrossRoutes() {
    return routes.size() > 1;
  }

  /** One probe interval after the last probe sent before the incident opened. */
  private static Optional<Instant> firstMissingProbe(
      RunResult result, String routeId, Instant openedAt) {
    Optional<Duration> interval =
        result.scenario().route(routeId).map(route -> route.policy().probeInterval());
    return result.eventsOf(RunEvent.ProbeSubmitted.class).stream()
        .filter(sent -> sent.route().equals(routeId) && sent.sentAt().isBefore(openedAt))
        .map(RunEvent.ProbeSubmitted::sentAt)
        .max(Instant::compareTo)
        .flatMap(last -> interval.map(last::plus));
  }

  /** From the moment the failure began to show to the incident's opening. */
  public Optional<Duration> timeToDetect() {
    return failureSeenFrom.map(from -> Duration.between(from, openedAt));
  }

  /** What {@link #timeToDetect()} counts from, in words. */
  public String detectedAfter() {
    return stalled ? "after the first probe that was not sent" : "after its first bad probe";
  }

  /** From opening to resolution, if it was resolved. */
  public Optional<Duration> timeToResolve() {
    return resolvedAt.map(resolved -> Duration.between(openedAt, resolved));
  }

  /** True for a probe that counted towards opening the incident. */
  private static boolean counted(AssessedProbe probe) {
    return !probe.maintenanceAffected() && probe.verdict().isBad();
  }
}
