package dev.mailflow.cli;

import dev.mailflow.adapters.aws.DynamoDbMaintenanceWindowSource;
import dev.mailflow.adapters.aws.DynamoDbNoticeLedger;
import dev.mailflow.adapters.aws.DynamoDbProbeStore;
import dev.mailflow.adapters.aws.DynamoDbRouteStateStore;
import dev.mailflow.domain.configuration.MonitorConfiguration;
import dev.mailflow.domain.evaluation.Fault;
import dev.mailflow.domain.evaluation.Incident;
import dev.mailflow.domain.evaluation.RouteState;
import dev.mailflow.domain.evaluation.RouteStateStore.StoredRouteState;
import dev.mailflow.domain.maintenance.MaintenanceWindow;
import dev.mailflow.domain.probe.Hop;
import dev.mailflow.domain.probe.Probe;
import dev.mailflow.domain.route.Route;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the read commands ({@code status}, {@code probes}, {@code explain}) read from the stack's
 * tables, the way the evaluate function reads it: the configuration's routes, the maintenance
 * windows, each route's probes by query and its stored state.
 */
final class RouteReading {

  /**
   * How far back the occurrences of recurring windows are expanded: a month, so that {@code explain
   * --at} a past time still finds the occurrence that excused a probe then.
   */
  static final Duration READ_BACK = Duration.ofDays(31);

  private final Connection connection;
  private final MonitorConfiguration configuration;
  private List<MaintenanceWindow> windows;
  private DynamoDbProbeStore probes;
  private DynamoDbRouteStateStore states;
  private final Map<String, Optional<RouteState>> stateOf = new HashMap<>();
  private final Map<String, List<String>> faultRoutes = new HashMap<>();

  RouteReading(Connection connection) {
    this.connection = connection;
    this.configuration = connection.configuration();
  }

  List<Route> routes() {
    return configuration.routes();
  }

  /** The route {@code id}. @throws UsageException naming the routes there are */
  Route route(String id) {
    return configuration
        .route(id)
        .orElseThrow(
            () ->
                new UsageException(
                    "unknown route "
                        + id
                        + " (routes: "
                        + String.join(", ", routes().stream().map(Route::id).toList())
                        + ")"));
  }

  /**
   * The valid maintenance windows, recurring ones as their occurrences from {@link #READ_BACK} ago
   * to a day ahead; invalid items excuse nothing, as in the evaluate function.
   */
  List<MaintenanceWindow> windows() {
    if (windows == null) {
      Instant now = connection.clock().instant();
      windows =
          new DynamoDbMaintenanceWindowSource(
                  connection.dynamoDb(), connection.windowsTable(), connection.clock())
              .load()
              .expandedBetween(now.minus(READ_BACK), now.plus(Duration.ofDays(1)))
              .windows();
    }
    return windows;
  }

  /** The route's probes sent since {@code from}, oldest first. */
  List<Probe> probes(Route route, Instant from) {
    if (probes == null) {
      probes =
          DynamoDbProbeStore.forReading(
              connection.dynamoDb(), connection.probesTable(), connection.clock());
    }
    return probes.probesSince(route.id(), from).stream()
        .sorted(Comparator.comparing(Probe::sentAt))
        .toList();
  }

  /** The notices confirmed as published since {@code since}, from the notice ledger. */
  List<DynamoDbNoticeLedger.Published> publishedSince(Instant since) {
    return new DynamoDbNoticeLedger(connection.dynamoDb(), connection.stateTable())
        .publishedSince(since, connection.clock().instant());
  }

  /** The state the last evaluation stored for the route, if it was ever evaluated. */
  Optional<RouteState> state(Route route) {
    if (states == null) {
      states = new DynamoDbRouteStateStore(connection.dynamoDb(), connection.stateTable());
    }
    return stateOf.computeIfAbsent(route.id(), id -> states.load(id).map(StoredRouteState::state));
  }

  /**
   * {@code incident} with its fault's routes, for a command that reads every route's state anyway:
   * only the fault's first route stores the list ({@code Fault.storedFor}), so it is read there or,
   * where that route is gone, gathered from the routes whose incidents belong to the fault.
   */
  Incident withFaultRoutes(Incident incident) {
    if (!incident.grouped() || !incident.fault().routes().isEmpty()) {
      return incident;
    }
    Fault fault = incident.fault();
    List<String> routes = faultRoutes.computeIfAbsent(fault.id(), id -> routesOf(fault));
    return incident.within(
        new Fault(
            fault.id(),
            fault.suspect(),
            fault.openedAt(),
            fault.lastNotifiedAt(),
            fault.severity(),
            fault.reminders(),
            routes));
  }

  /**
   * The routes of {@code fault}, read once for every incident of it: the list of the copy that
   * holds it, else the routes whose incidents carry the fault, in configuration order.
   */
  private List<String> routesOf(Fault fault) {
    List<String> members = new ArrayList<>();
    for (Route route : routes()) {
      Optional<Fault> copy =
          state(route)
              .map(RouteState::incident)
              .filter(Incident::grouped)
              .map(Incident::fault)
              .filter(other -> other.id().equals(fault.id()));
      if (copy.isPresent() && !copy.get().routes().isEmpty()) {
        return copy.get().routes();
      }
      copy.ifPresent(found -> members.add(route.id()));
    }
    return members;
  }

  /** The window that excuses a probe of {@code route} at {@code now}, if any. */
  Optional<MaintenanceWindow> excusing(Route route, Probe probe, Instant now) {
    Duration grace = route.policy().maintenanceGrace();
    return windows().stream()
        .filter(window -> window.overlaps(route, probe.sentAt(), probe.flightEnd(now), grace))
        .findFirst();
  }

  /** The window on {@code route} in force at {@code now} (grace included), if any. */
  Optional<MaintenanceWindow> inForce(Route route, Instant now) {
    Duration grace = route.policy().maintenanceGrace();
    return windows().stream().filter(window -> window.isActive(route, now, grace)).findFirst();
  }

  /** The hop that took longest, among those whose delay can be trusted. */
  static Optional<Hop> slowestHop(Probe probe) {
    if (probe.delivery() == null) {
      return Optional.empty();
    }
    return probe.delivery().hops().stream()
        .filter(Hop::hasTrustedDelay)
        .max(Comparator.comparing(Hop::delay));
  }

  /** A hop for people: {@code mx02 -> mx01 12s}. */
  static String hop(Hop hop) {
    String from = hop.from().isEmpty() ? "?" : hop.from();
    String by = hop.by().isEmpty() ? "?" : hop.by();
    String delay =
        hop.delay() == null
            ? "delay unknown"
            : Output.duration(hop.delay()) + (hop.clockSkew() ? " (clocks disagree)" : "");
    return from + " -> " + by + " " + delay;
  }
}
