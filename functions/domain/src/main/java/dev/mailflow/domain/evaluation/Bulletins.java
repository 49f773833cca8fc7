package dev.mailflow.domain.evaluation;

import dev.mailflow.domain.maintenance.MaintenanceScope;
import dev.mailflow.domain.maintenance.MaintenanceWindow;
import dev.mailflow.domain.route.Route;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The notices an evaluation run makes that are not about incidents: each maintenance window told
 * when it is put or changed, when it starts, once a day while a window longer than a day is in
 * force, and when it has ended with its grace, with what happened during it (the mail team's
 * patch-night report); and the daily heartbeat. Each goes out once, whatever runs race or retry:
 * its key is claimed in the {@link NoticeLedger} first.
 *
 * <p>The rules, for a window that covers at least one route or none:
 *
 * <ol>
 *   <li>ANNOUNCED while it has not ended, once for each start, end and scope it has had: a window
 *       whose end is moved is announced again.
 *   <li>STARTED once while it is in force.
 *   <li>REMINDER once for each whole day it has been in force, when it is longer than a day.
 *   <li>ENDED once its end and the longest grace of the routes it covers have passed, at most a day
 *       later: probes it excused, routes that came back, routes still failing or waiting, and
 *       probes sent during it that were delivered after it (its backlog).
 * </ol>
 */
final class Bulletins {
  /** A window ended longer ago than this when first seen is not reported any more. */
  static final Duration ENDED_REPORTED_WITHIN = Duration.ofDays(1);

  private static final Duration DAY = Duration.ofDays(1);

  private final AlertPublisher publisher;
  private final OnceOnly onceOnly;
  private final Optional<LocalTime> heartbeatAt;

  /**
   * @param heartbeatAt the time of day (UTC) of the daily heartbeat, or empty for none
   */
  Bulletins(AlertPublisher publisher, NoticeLedger ledger, Optional<LocalTime> heartbeatAt) {
    this.publisher = Objects.requireNonNull(publisher, "publisher");
    this.onceOnly = new OnceOnly(ledger);
    this.heartbeatAt = Objects.requireNonNull(heartbeatAt, "heartbeatAt");
  }

  /**
   * Publishes the bulletins due at {@code now}.
   *
   * @param windows the maintenance windows in the lookback and ahead, recurring ones expanded
   * @param routes the configured routes
   * @param judged the routes this round judged, by id; a route missing was not judged
   * @return how many were published
   */
  int post(
      List<MaintenanceWindow> windows,
      List<Route> routes,
      Map<String, RouteBrief> judged,
      Instant now) {
    int published = 0;
    for (Bulletin bulletin : due(windows, routes, judged, now)) {
      if (onceOnly.publish(
          bulletin.key(), bulletin.headline(), now, () -> publisher.publish(bulletin))) {
        published++;
      }
    }
    return published;
  }

  private List<Bulletin> due(
      List<MaintenanceWindow> windows,
      List<Route> routes,
      Map<String, RouteBrief> judged,
      Instant now) {
    List<Bulletin> due = new ArrayList<>();
    for (MaintenanceWindow window : windows) {
      List<Route> covered = new ArrayList<>();
      Duration grace = Duration.ZERO;
      Duration settle = Duration.ZERO;
      for (Route route : routes) {
        if (window.covers(route)) {
          covered.add(route);
          grace = max(grace, route.policy().maintenanceGrace());
          settle = max(settle, route.policy().probeInterval().plus(route.policy().lossTimeout()));
        }
      }
      boolean over = !now.isBefore(window.end());
      if (!over) {
        due.add(BulletinWording.announced(window, covered, now));
      }
      if (!now.isBefore(window.start()) && !over) {
        due.add(BulletinWording.started(window, covered, now));
        long days = Duration.between(window.start(), now).toDays();
        if (Duration.between(window.start(), window.end()).compareTo(DAY) > 0 && days >= 1) {
          due.add(BulletinWording.stillInForce(window, covered, days, now));
        }
      }
      // Told once every route it covers has been judged again after it, so that the report says
      // which came back and which still fail; at the latest when a probe sent after the grace has
      // had its loss timeout.
      Instant ended = window.endWithGrace(grace);
      Instant latest = ended.plus(settle);
      if (!now.isBefore(ended) && now.isBefore(latest.plus(ENDED_REPORTED_WITHIN))) {
        WindowReport report = report(window, covered, judged);
        if (report.allJudged() || !now.isBefore(latest)) {
          due.add(BulletinWording.ended(window, covered, report, now));
        }
      }
    }
    heartbeat(windows, routes, judged, now).ifPresent(due::add);
    return due;
  }

  /** What happened on the covered routes during the window, as this round judged them. */
  private static WindowReport report(
      MaintenanceWindow window, List<Route> covered, Map<String, RouteBrief> judged) {
    WindowReport report = new WindowReport();
    for (Route route : covered) {
      RouteBrief brief = judged.get(route.id());
      if (brief == null) {
        report.notJudged.add(route.id());
        continue;
      }
      RouteBrief.WindowTally tally = brief.tally(window.id());
      report.excused += tally.excused();
      report.queued += tally.queued();
      report.longestWait = max(report.longestWait, tally.longestWait());
      RouteCondition condition = brief.condition();
      if (condition == RouteCondition.HEALTHY) {
        report.back.add(route.id());
      } else if (condition == RouteCondition.FAILING
          || condition == RouteCondition.DEGRADED
          || brief.openIncident()) {
        report.failing.add(route.id() + " (" + condition + ")");
      } else {
        // Nothing judged since the window (its probes all overlapped it), or still in flight.
        report.waiting.add(route.id());
      }
    }
    return report;
  }

  /** What a window's ENDED notice reports. */
  static final class WindowReport {
    int excused;
    int queued;
    Duration longestWait = Duration.ZERO;
    final List<String> back = new ArrayList<>();
    final List<String> failing = new ArrayList<>();
    final List<String> waiting = new ArrayList<>();
    final List<String> notJudged = new ArrayList<>();

    boolean allJudged() {
      return waiting.isEmpty() && notJudged.isEmpty();
    }
  }

  private Optional<Bulletin> heartbeat(
      List<MaintenanceWindow> windows,
      List<Route> routes,
      Map<String, RouteBrief> judged,
      Instant now) {
    if (heartbeatAt.isEmpty()) {
      return Optional.empty();
    }
    ZonedDateTime utc = now.atZone(ZoneOffset.UTC);
    if (utc.toLocalTime().isBefore(heartbeatAt.get())) {
      return Optional.empty();
    }
    int healthy = 0;
    int openIncidents = 0;
    for (RouteBrief brief : judged.values()) {
      if (brief.condition() == RouteCondition.HEALTHY) {
        healthy++;
      }
      if (brief.openIncident()) {
        openIncidents++;
      }
    }
    List<String> inForce = new ArrayList<>();
    for (MaintenanceWindow window : windows) {
      if (!now.isBefore(window.start()) && now.isBefore(window.end())) {
        inForce.add(window.id() + " on " + window.scope());
      }
    }
    return Optional.of(
        BulletinWording.heartbeat(
            utc.toLocalDate(), routes.size(), healthy, openIncidents, inForce, now));
  }

  /** The servers a scope concerns: its server, a route's two, none for everything. */
  static List<String> servers(MaintenanceScope scope, List<Route> covered) {
    List<String> servers = new ArrayList<>();
    if (scope.kind() == MaintenanceScope.Kind.SERVER) {
      servers.add(scope.id());
      return servers;
    }
    for (Route route : covered) {
      if (scope.kind() == MaintenanceScope.Kind.ROUTE) {
        servers.add(route.source());
        servers.add(route.target());
      }
    }
    return servers;
  }

  private static Duration max(Duration a, Duration b) {
    return b != null && b.compareTo(a) > 0 ? b : a;
  }
}
