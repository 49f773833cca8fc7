package dev.mailflow.cli;

import dev.mailflow.domain.evaluation.Incident;
import dev.mailflow.domain.evaluation.RouteCondition;
import dev.mailflow.domain.evaluation.RouteState;
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
 * {@code mailflow status}: every route as the last evaluation left it, with its open incident, its
 * newest probe and the window in force. Exits {@link Mailflow#NOT_OK} while an incident is open, so
 * a script can ask "is mail flowing?".
 */
@Command(
    name = "status",
    description = {
      "Every route: its condition at the last evaluation, open incident, newest probe with its"
          + " latency and slowest hop, and the maintenance window in force.",
      "Exits 1 while any route has an open incident."
    })
final class StatusCommand extends ReadingCommand {

  @Override
  int run(RouteReading reading, Instant now, ZoneId zone) {
    List<Map<String, Object>> routes = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    int open = 0;
    for (Route route : reading.routes()) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("routeId", route.id());
      json.put("enabled", route.enabled());
      Optional<RouteState> state = reading.state(route);
      json.put("condition", state.map(s -> s.condition().name()).orElse(null));
      json.put("evaluatedAt", state.map(s -> Output.instant(s.evaluatedAt())).orElse(null));
      text.append(route.id())
          .append("  ")
          .append(state.map(s -> s.condition().name()).orElse("NOT EVALUATED YET"))
          .append(route.enabled() ? "" : "  (disabled)")
          .append(
              state
                  .map(s -> "  (evaluated " + TimeText.describe(s.evaluatedAt(), zone) + ")")
                  .orElse(""))
          .append('\n');
      Incident incident =
          state.map(RouteState::incident).map(reading::withFaultRoutes).orElse(null);
      json.put("incident", incident == null ? null : IncidentText.json(route.id(), incident));
      if (incident != null) {
        open++;
        text.append("  incident ").append(IncidentText.text(incident, zone)).append('\n');
      }
      List<Probe> probes = reading.probes(route, now.minus(route.policy().lookback()));
      if (state.map(s -> s.condition() == RouteCondition.WAITING).orElse(false)) {
        // Not NO DATA: probes are on their way, none judged yet; how long the oldest has been.
        Optional<Duration> waiting = oldestInFlight(probes, now);
        json.put("waitingSeconds", waiting.map(Duration::toSeconds).orElse(null));
        waiting.ifPresent(
            age ->
                text.append("  waiting: the oldest probe in flight was sent ")
                    .append(Output.duration(age))
                    .append(" ago\n"));
      }
      Probe last = probes.isEmpty() ? null : probes.get(probes.size() - 1);
      json.put("lastProbe", last == null ? null : ProbeText.json(route, last, now, reading));
      text.append(
              last == null
                  ? "  no probe in the lookback"
                  : "  last probe " + ProbeText.line(route, last, now, zone))
          .append('\n');
      Optional<MaintenanceWindow> window = reading.inForce(route, now);
      json.put(
          "window",
          window
              .map(w -> (Object) Map.of("windowId", w.id(), "end", Output.instant(w.end())))
              .orElse(null));
      window.ifPresent(
          w ->
              text.append("  maintenance ")
                  .append(w.id())
                  .append(" until ")
                  .append(TimeText.describe(w.end(), zone))
                  .append(" (+")
                  .append(Output.duration(route.policy().maintenanceGrace()))
                  .append(" grace)\n"));
      routes.add(json);
    }
    if (routes.isEmpty()) {
      text.append("The configuration has no routes\n");
    }
    // What maintenance silences now, window by window: alerts on these routes wait for its end.
    Map<String, MaintenanceWindow> silencing = new LinkedHashMap<>();
    Map<String, List<String>> silenced = new LinkedHashMap<>();
    for (Route route : reading.routes()) {
      reading
          .inForce(route, now)
          .ifPresent(
              window -> {
                silencing.put(window.id(), window);
                silenced.computeIfAbsent(window.id(), id -> new ArrayList<>()).add(route.id());
              });
    }
    List<Map<String, Object>> silencedJson = new ArrayList<>();
    for (MaintenanceWindow window : silencing.values()) {
      List<String> ids = silenced.get(window.id());
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("windowId", window.id());
      entry.put("scope", window.scope().toString());
      entry.put("end", Output.instant(window.end()));
      entry.put("routes", ids);
      silencedJson.add(entry);
      text.append("silenced by ")
          .append(window.id())
          .append(" (")
          .append(window.scope())
          .append(") until ")
          .append(TimeText.describe(window.end(), zone))
          .append(": ")
          .append(String.join(", ", ids))
          .append('\n');
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("at", Output.instant(now));
    json.put("openIncidents", open);
    json.put("silenced", silencedJson);
    json.put("routes", routes);
    Output.of(spec).print(json, text.toString());
    return open > 0 ? Mailflow.NOT_OK : Mailflow.OK;
  }

  /** How long the oldest probe submitted and not yet arrived has been on its way. */
  private static Optional<Duration> oldestInFlight(List<Probe> probes, Instant now) {
    for (Probe probe : probes) {
      boolean submitted = probe.submission() == null || probe.submission().accepted();
      if (submitted && probe.delivery() == null) {
        return Optional.of(Duration.between(probe.sentAt(), now));
      }
    }
    return Optional.empty();
  }
}
