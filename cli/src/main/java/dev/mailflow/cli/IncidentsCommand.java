package dev.mailflow.cli;

import dev.mailflow.domain.evaluation.Incident;
import dev.mailflow.domain.evaluation.RouteState;
import dev.mailflow.domain.route.Route;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mailflow incidents}: the incidents open now, from each route's stored state.
 *
 * <p>The route state table keeps a route's open incident only; a resolved one lives on in the
 * notices on the alert topic. So this lists open incidents, and {@code --open} says so explicitly.
 */
@Command(
    name = "incidents",
    description = {
      "The open incidents, newest first: route, severity, since when, reminders, reason.",
      "The tables keep open incidents only; resolved ones are in the alert topic's notices."
    })
final class IncidentsCommand extends ReadingCommand {

  @Option(names = "--open", description = "Only open incidents (today the only kind kept).")
  boolean open;

  @Option(
      names = "--since",
      paramLabel = "DURATION",
      description = "Only incidents opened within this time, such as 6h or 2d.")
  String since;

  @Override
  int run(RouteReading reading, Instant now, ZoneId zone) {
    Instant from = since == null ? Instant.MIN : now.minus(Windows.duration("--since", since));
    List<OpenIncident> found = new ArrayList<>();
    for (Route route : reading.routes()) {
      Optional<Incident> incident = reading.state(route).map(RouteState::incident);
      if (incident.isPresent() && !incident.get().openedAt().isBefore(from)) {
        found.add(new OpenIncident(route.id(), incident.get()));
      }
    }
    found.sort(Comparator.comparing((OpenIncident o) -> o.incident().openedAt()).reversed());
    List<Map<String, Object>> incidents = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    for (OpenIncident o : found) {
      incidents.add(IncidentText.json(o.routeId(), o.incident()));
      lines.add(o.routeId() + "  " + IncidentText.text(o.incident(), zone));
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("incidents", incidents);
    Output.of(spec).print(json, lines.isEmpty() ? "No open incidents" : String.join("\n", lines));
    return Mailflow.OK;
  }

  private record OpenIncident(String routeId, Incident incident) {}
}
