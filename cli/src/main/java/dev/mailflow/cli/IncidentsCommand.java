package dev.mailflow.cli;

import dev.mailflow.adapters.aws.DynamoDbNoticeLedger;
import dev.mailflow.domain.evaluation.Incident;
import dev.mailflow.domain.evaluation.RouteState;
import dev.mailflow.domain.route.Route;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mailflow incidents}: the incidents open now, from each route's stored state, and those
 * resolved, from the notice ledger, which remembers every notice published for 30 days.
 */
@Command(
    name = "incidents",
    description = {
      "The open incidents, newest first: route, severity, since when, reminders, reason; then the"
          + " resolved ones of the last 30 days, from the notices that told them.",
      "--open lists the open ones only."
    })
final class IncidentsCommand extends ReadingCommand {

  /** How long the notice ledger keeps a published notice: the reach of the history. */
  static final Duration HISTORY = Duration.ofDays(30);

  /** What the notice outbox claims an incident's notice under: {@code notice#<notice key>}. */
  private static final String NOTICE = "notice#";

  @Option(names = "--open", description = "Only the incidents open now.")
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
    Set<String> openIds = new HashSet<>();
    for (Route route : reading.routes()) {
      Optional<Incident> incident =
          reading.state(route).map(RouteState::incident).map(reading::withFaultRoutes);
      incident.ifPresent(i -> openIds.add(i.id()));
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
    if (lines.isEmpty()) {
      lines.add("No open incidents");
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("incidents", incidents);
    if (!open) {
      List<Told> resolved = resolved(reading, now, from, openIds);
      List<Map<String, Object>> history = new ArrayList<>();
      lines.add(
          resolved.isEmpty()
              ? "No incident resolved in the last " + Output.duration(HISTORY)
              : "Resolved:");
      for (Told told : resolved) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("incidentId", told.incidentId());
        entry.put("openedAt", Output.instant(told.openedAt()));
        entry.put("resolvedAt", Output.instant(told.resolvedAt()));
        entry.put("notices", told.notices());
        history.add(entry);
        lines.add(
            told.incidentId()
                + " opened "
                + TimeText.describe(told.openedAt(), zone)
                + ", resolved "
                + TimeText.describe(told.resolvedAt(), zone)
                + " ("
                + told.notices()
                + (told.notices() == 1 ? " notice)" : " notices)"));
      }
      json.put("resolved", history);
    }
    Output.of(spec).print(json, String.join("\n", lines));
    return Mailflow.OK;
  }

  /**
   * The incidents resolved within the ledger's memory, newest first: from the keys of the notices
   * that told them ({@code <incident id>/<type>/<epoch millis>}). An incident told in one RESOLVED
   * notice alone (a loss over before it became known) opened when it was told.
   */
  private static List<Told> resolved(
      RouteReading reading, Instant now, Instant from, Set<String> openIds) {
    Map<String, Instant> opened = new HashMap<>();
    Map<String, Instant> resolvedAt = new HashMap<>();
    Map<String, Integer> notices = new HashMap<>();
    for (DynamoDbNoticeLedger.Published published : reading.publishedSince(now.minus(HISTORY))) {
      String fingerprint = published.fingerprint();
      if (!fingerprint.startsWith(NOTICE)) {
        continue;
      }
      String key = fingerprint.substring(NOTICE.length());
      int last = key.lastIndexOf('/');
      int type = last <= 0 ? -1 : key.lastIndexOf('/', last - 1);
      if (type <= 0) {
        continue;
      }
      String incidentId = key.substring(0, type);
      Instant at;
      try {
        at = Instant.ofEpochMilli(Long.parseLong(key.substring(last + 1)));
      } catch (NumberFormatException e) {
        continue;
      }
      String kind = key.substring(type + 1, last);
      notices.merge(incidentId, 1, Integer::sum);
      if (kind.equals("OPENED")) {
        opened.merge(incidentId, at, (a, b) -> a.isBefore(b) ? a : b);
      } else if (kind.equals("RESOLVED")) {
        resolvedAt.put(incidentId, at);
      }
    }
    List<Told> told = new ArrayList<>();
    for (Map.Entry<String, Instant> entry : resolvedAt.entrySet()) {
      String id = entry.getKey();
      Instant openedAt = opened.getOrDefault(id, entry.getValue());
      if (!openIds.contains(id) && !openedAt.isBefore(from)) {
        told.add(new Told(id, openedAt, entry.getValue(), notices.get(id)));
      }
    }
    told.sort(Comparator.comparing(Told::resolvedAt).reversed());
    return told;
  }

  private record OpenIncident(String routeId, Incident incident) {}

  private record Told(String incidentId, Instant openedAt, Instant resolvedAt, int notices) {}
}
