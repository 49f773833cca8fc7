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
    if (incident.grouped()) {
      Map<String, Object> fault = new LinkedHashMap<>();
      fault.put("faultId", incident.fault().id());
      fault.put("suspectKind", incident.fault().suspect().kind().name());
      fault.put("suspect", incident.fault().suspect().name());
      // Empty where the command did not read every route's state (explain): only the fault's
      // first route stores the list.
      fault.put("routes", incident.fault().routes());
      json.put("fault", fault);
    }
    return json;
  }

  /** ", 12 routes", or nothing where the fault's routes were not read. */
  private static String routeCount(Incident incident) {
    int routes = incident.fault().routes().size();
    return routes == 0 ? "" : ", " + routes + " routes";
  }

  static String text(Incident incident, ZoneId zone) {
    return incident.id()
        + " "
        + incident.severity()
        + " since "
        + TimeText.describe(incident.openedAt(), zone)
        + ": "
        + incident.reason()
        + (incident.grouped()
            ? " (part of fault "
                + incident.fault().id()
                + ", blamed on "
                + incident.fault().suspect().describe()
                + routeCount(incident)
                + "; its notices are the fault's)"
            : "");
  }
}
