package dev.mailflow.domain.evaluation;

import dev.mailflow.domain.maintenance.MaintenanceWindow;
import dev.mailflow.domain.probe.Hop;
import dev.mailflow.domain.route.Route;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What a round needs to know of a route judged in another invocation: enough for the grouping of
 * faults across routes and for the bulletins, a few bytes where the route's evaluation holds every
 * probe of its lookback.
 *
 * @param routeId the route
 * @param condition what its probes said
 * @param openIncident whether its state keeps an incident open
 * @param relays the hosts between source and target on its newest delivered probe
 * @param windows what each maintenance window did to its probes, for the windows that did anything
 */
public record RouteBrief(
    String routeId,
    RouteCondition condition,
    boolean openIncident,
    List<String> relays,
    List<WindowTally> windows) {

  public RouteBrief {
    Objects.requireNonNull(routeId, "routeId");
    Objects.requireNonNull(condition, "condition");
    relays = List.copyOf(relays);
    windows = List.copyOf(windows);
  }

  /**
   * What one maintenance window did to one route's probes.
   *
   * @param windowId the window
   * @param excused probes the window excused
   * @param queued probes sent during the window and held a probe interval or more on the way
   * @param longestWait the longest of those waits, zero when none
   */
  public record WindowTally(String windowId, int excused, int queued, Duration longestWait) {}

  /** The brief of {@code route} as {@code evaluation} judged it, with {@code windows} in force. */
  public static RouteBrief of(Route route, Evaluation evaluation, List<MaintenanceWindow> windows) {
    List<WindowTally> tallies = new ArrayList<>();
    for (MaintenanceWindow window : windows) {
      WindowTally tally = tally(window, route, evaluation.probes());
      if (tally.excused() > 0 || tally.queued() > 0) {
        tallies.add(tally);
      }
    }
    return new RouteBrief(
        route.id(),
        evaluation.condition(),
        evaluation.nextState().hasOpenIncident(),
        relays(evaluation.probes()),
        tallies);
  }

  /** What {@code window} did to the route's probes; all zero when it did nothing. */
  public WindowTally tally(String windowId) {
    for (WindowTally tally : windows) {
      if (tally.windowId().equals(windowId)) {
        return tally;
      }
    }
    return new WindowTally(windowId, 0, 0, Duration.ZERO);
  }

  private static WindowTally tally(
      MaintenanceWindow window, Route route, List<AssessedProbe> probes) {
    int excused = 0;
    int queued = 0;
    Duration longestWait = Duration.ZERO;
    for (AssessedProbe probe : probes) {
      if (window.id().equals(probe.maintenanceWindowId())) {
        excused++;
      }
      Instant sent = probe.probe().sentAt();
      // Queued: sent during the window and held a probe interval or more somewhere on the way.
      if (probe.latency() != null
          && !sent.isBefore(window.start())
          && sent.isBefore(window.end())
          && probe.latency().compareTo(route.policy().probeInterval()) >= 0) {
        queued++;
        if (probe.latency().compareTo(longestWait) > 0) {
          longestWait = probe.latency();
        }
      }
    }
    return new WindowTally(window.id(), excused, queued, longestWait);
  }

  /**
   * The hosts between source and target on the newest delivered probe: its stamps but the first
   * (the source receiving the submission), the last but one (the target) and the last (the inbound
   * service).
   */
  static List<String> relays(List<AssessedProbe> probes) {
    for (int i = probes.size() - 1; i >= 0; i--) {
      var delivery = probes.get(i).probe().delivery();
      if (delivery == null || delivery.hops().size() < 3) {
        continue;
      }
      List<Hop> hops = delivery.hops();
      List<String> relays = new ArrayList<>();
      for (Hop hop : hops.subList(1, hops.size() - 2)) {
        if (!hop.by().isEmpty()) {
          relays.add(hop.by().toLowerCase(Locale.ROOT));
        }
      }
      return relays;
    }
    return List.of();
  }
}
