package dev.mailflow.cli;

import dev.mailflow.adapters.aws.DynamoDbMaintenanceWindowWriter.StoredWindow;
import dev.mailflow.adapters.aws.DynamoDbProbeStore;
import dev.mailflow.domain.configuration.MonitorConfiguration;
import dev.mailflow.domain.maintenance.MaintenanceWindow;
import dev.mailflow.domain.probe.Probe;
import dev.mailflow.domain.route.Route;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;

/**
 * {@code mailflow maintenance show ID}: one window and the probes it excused, found as the evaluate
 * function finds them: every probe of a route it covers whose flight overlaps the window and the
 * route's grace period after it.
 */
@Command(
    name = "show",
    description = {
      "Show one maintenance window and the probes it excused.",
      "The probes need the configuration (its routes): --stack, --config-parameter or"
          + " --config-file."
    })
final class MaintenanceShow extends StoredWindowCommand {

  /** How far back the probes excused by a recurring window's occurrences are looked for. */
  static final Duration SERIES_LOOKBACK = Duration.ofDays(7);

  @Override
  int run(Connection connection, StoredWindow stored, Instant now, ZoneId zone) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("window", WindowText.json(stored, now));
    StringBuilder text = new StringBuilder(WindowText.text(stored, now, zone));
    List<MaintenanceWindow> windows =
        stored.window() != null
            ? List.of(stored.window())
            : stored.series() != null
                ? stored.series().windowsBetween(now.minus(SERIES_LOOKBACK), now)
                : List.of();
    if (stored.window() == null && stored.series() == null) {
      json.put("excused", List.of());
      Output.of(spec).print(json, text.toString());
      return Mailflow.OK;
    }
    Optional<MonitorConfiguration> configuration = connection.configurationIfNamed();
    if (configuration.isEmpty()) {
      json.put("excused", null);
      text.append("  (probes not shown: name the configuration to see the routes it covers)\n");
      Output.of(spec).print(json, text.toString());
      return Mailflow.OK;
    }
    DynamoDbProbeStore probes =
        DynamoDbProbeStore.forReading(
            connection.dynamoDb(), connection.probesTable(), connection.clock());
    List<Map<String, Object>> excused = new ArrayList<>();
    for (MaintenanceWindow window : windows) {
      excused(window, configuration.get(), probes, now, zone, excused, text);
    }
    if (excused.isEmpty()) {
      text.append(
          stored.series() == null
              ? "  no probes excused\n"
              : "  no probes excused in the last " + Output.duration(SERIES_LOOKBACK) + "\n");
    }
    json.put("excused", excused);
    Output.of(spec).print(json, text.toString());
    return Mailflow.OK;
  }

  /** Adds the probes {@code window} excused to {@code excused} and {@code text}. */
  private static void excused(
      MaintenanceWindow window,
      MonitorConfiguration configuration,
      DynamoDbProbeStore probes,
      Instant now,
      ZoneId zone,
      List<Map<String, Object>> excused,
      StringBuilder text) {
    for (Route route : configuration.routes()) {
      if (!window.covers(route)) {
        continue;
      }
      Duration grace = route.policy().maintenanceGrace();
      Instant from = window.start().minus(route.policy().lookback());
      for (Probe probe : probes.probesSince(route.id(), from)) {
        if (window.overlaps(route, probe.sentAt(), probe.flightEnd(now), grace)) {
          String state = probe.stateAt(now, route.policy().lossTimeout()).name();
          Map<String, Object> item = new LinkedHashMap<>();
          item.put("routeId", route.id());
          item.put("probeId", probe.probeId());
          item.put("sentAt", Output.instant(probe.sentAt()));
          item.put("state", state);
          item.put("latencySeconds", probe.latency().map(Duration::getSeconds).orElse(null));
          item.put("windowId", window.id());
          excused.add(item);
          text.append("  excused ")
              .append(route.id())
              .append(' ')
              .append(probe.probeId())
              .append(" sent ")
              .append(TimeText.describe(probe.sentAt(), zone))
              .append(' ')
              .append(state)
              .append(probe.latency().map(l -> " after " + Output.duration(l)).orElse(""))
              .append('\n');
        }
      }
    }
  }
}
