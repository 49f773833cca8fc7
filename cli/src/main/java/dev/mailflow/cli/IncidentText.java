package dev.mailflow.cli;

import dev.mailflow.domain.evaluation.Incident;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

/** An incident as the read commands print it. */
final class IncidentText {

  private IncidentText() {}

  static Map<String, Object> json(String routeId, Incident incident) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("incidentId", incident.id());
    json.put("routeId", routeId);
    json.put("severity", incident.severity().name());
    json.put("openedAt", Output.instant(incident.openedAt()));
    json.put("lastNotifiedAt", Output.instant(incident.lastNotifiedAt()));
    json.put("reminders", incident.reminders());
    json.put("reason", incident.reason());
    return json;
  }

  static String text(Incident incident, ZoneId zone) {
    return incident.id()
        + " "
        + incident.severity()
        + " since "
        + TimeText.describe(incident.openedAt(), zone)
        + ": "
        + incident.reason();
  }
}
