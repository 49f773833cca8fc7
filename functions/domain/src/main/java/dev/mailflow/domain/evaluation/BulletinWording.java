package dev.mailflow.domain.evaluation;

import dev.mailflow.domain.maintenance.MaintenanceWindow;
import dev.mailflow.domain.route.Route;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The words of every {@link Bulletin}: a maintenance window's notices and the heartbeat, each with
 * its key. Instants read as {@link Wording#instant}, durations as {@link Wording#duration}.
 */
final class BulletinWording {

  private BulletinWording() {}

  /** "Maintenance window mx01-patching is set: server:MX01 from ... to ...". */
  static Bulletin announced(MaintenanceWindow window, List<Route> covered, Instant now) {
    return window(
        window,
        covered,
        "ANNOUNCED",
        "maintenance/ANNOUNCED/"
            + window.id()
            + "/"
            + window.start().toEpochMilli()
            + "/"
            + window.end().toEpochMilli()
            + "/"
            + window.scope(),
        "MAINTENANCE set: " + window.id() + " on " + window.scope() + " " + span(window),
        "Maintenance window "
            + window.id()
            + " is set on "
            + window.scope()
            + " "
            + span(window)
            + by(window)
            + ". "
            + routes(covered, "It silences ", ".")
            + " Mailflow stays quiet on "
            + (covered.size() == 1 ? "it" : "them")
            + " until the window and its grace end, and reports at once a route still failing"
            + " after it.",
        new LinkedHashMap<>(),
        now);
  }

  /** "Maintenance window mx01-patching has started". */
  static Bulletin started(MaintenanceWindow window, List<Route> covered, Instant now) {
    return window(
        window,
        covered,
        "STARTED",
        "maintenance/STARTED/" + window.id() + "/" + window.start().toEpochMilli(),
        "MAINTENANCE started: " + window.id() + " on " + window.scope(),
        "Maintenance window "
            + window.id()
            + " on "
            + window.scope()
            + " started at "
            + Wording.instant(window.start())
            + " and ends at "
            + Wording.instant(window.end())
            + by(window)
            + ". "
            + routes(covered, "Silenced: ", "."),
        new LinkedHashMap<>(),
        now);
  }

  /** "Maintenance window mx01-rebuild has been in force for 2 days". */
  static Bulletin stillInForce(
      MaintenanceWindow window, List<Route> covered, long days, Instant now) {
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("daysInForce", String.valueOf(days));
    return window(
        window,
        covered,
        "REMINDER",
        "maintenance/REMINDER/" + window.id() + "/" + window.start().toEpochMilli() + "/" + days,
        "MAINTENANCE still in force: " + window.id() + " on " + window.scope() + ", day " + days,
        "Maintenance window "
            + window.id()
            + " on "
            + window.scope()
            + " has been in force for "
            + NoticeWording.count((int) days, "day", "days")
            + " and ends at "
            + Wording.instant(window.end())
            + by(window)
            + ". "
            + routes(covered, "It still silences ", ".")
            + " End it with `mailflow maintenance end "
            + window.id()
            + "` if the work is done.",
        facts,
        now);
  }

  /** The patch-night report: what happened during the window. */
  static Bulletin ended(
      MaintenanceWindow window, List<Route> covered, Bulletins.WindowReport report, Instant now) {
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("excusedProbes", String.valueOf(report.excused));
    facts.put("routesBack", String.join(",", report.back));
    facts.put("routesFailing", String.join(",", report.failing));
    facts.put("routesWaiting", String.join(",", report.waiting));
    facts.put("queuedProbes", String.valueOf(report.queued));
    StringBuilder text =
        new StringBuilder("Maintenance window ")
            .append(window.id())
            .append(" on ")
            .append(window.scope())
            .append(' ')
            .append(span(window))
            .append(" has ended")
            .append(by(window))
            .append(". ")
            .append(NoticeWording.count(report.excused, "probe was", "probes were"))
            .append(" excused during it.");
    if (!report.back.isEmpty()) {
      text.append(" Mail flows again on ").append(String.join(", ", report.back)).append('.');
    }
    if (!report.failing.isEmpty()) {
      text.append(" Still failing after it: ")
          .append(String.join(", ", report.failing))
          .append(": their incidents are reported on their own.");
    }
    if (!report.waiting.isEmpty()) {
      text.append(" Not judged again yet: ").append(String.join(", ", report.waiting)).append('.');
    }
    if (!report.notJudged.isEmpty()) {
      text.append(" Not judged in this run: ")
          .append(String.join(", ", report.notJudged))
          .append('.');
    }
    if (report.queued > 0) {
      text.append(' ')
          .append(NoticeWording.count(report.queued, "probe", "probes"))
          .append(" sent during it waited in a queue and arrived later, the longest after ")
          .append(Wording.duration(report.longestWait))
          .append('.');
    }
    String outcome =
        report.failing.isEmpty()
            ? report.back.size() + " of " + covered.size() + " routes flowing"
            : report.failing.size() + " of " + covered.size() + " routes still failing";
    return window(
        window,
        covered,
        "ENDED",
        "maintenance/ENDED/"
            + window.id()
            + "/"
            + window.start().toEpochMilli()
            + "/"
            + window.end().toEpochMilli(),
        "MAINTENANCE ended: " + window.id() + " on " + window.scope() + ", " + outcome,
        text.toString(),
        facts,
        now);
  }

  /** The daily proof that the monitor and the alert path work. */
  static Bulletin heartbeat(
      LocalDate day,
      int routes,
      int healthy,
      int openIncidents,
      List<String> windowsInForce,
      Instant now) {
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("routes", String.valueOf(routes));
    facts.put("healthy", String.valueOf(healthy));
    facts.put("openIncidents", String.valueOf(openIncidents));
    facts.put("windowsInForce", String.join(",", windowsInForce));
    return new Bulletin(
        Bulletin.Type.HEARTBEAT,
        "DAILY",
        "heartbeat/DAILY/" + day,
        now,
        "HEARTBEAT "
            + day
            + ": "
            + healthy
            + " of "
            + routes
            + " routes healthy, "
            + NoticeWording.count(openIncidents, "incident", "incidents")
            + " open",
        "Mailflow is running and its alerts reach this subscription: "
            + healthy
            + " of "
            + NoticeWording.count(routes, "route is", "routes are")
            + " healthy, "
            + NoticeWording.count(openIncidents, "incident is", "incidents are")
            + " open"
            + (windowsInForce.isEmpty()
                ? ""
                : ", maintenance in force: " + String.join(", ", windowsInForce))
            + ". One of these comes every day; if it stops, the monitor or the alert path is"
            + " broken.",
        List.of(),
        facts);
  }

  private static Bulletin window(
      MaintenanceWindow window,
      List<Route> covered,
      String event,
      String key,
      String headline,
      String text,
      Map<String, String> extra,
      Instant now) {
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("windowId", window.id());
    facts.put("scope", window.scope().toString());
    facts.put("start", window.start().toString());
    facts.put("end", window.end().toString());
    facts.put("reason", window.reason());
    facts.put("setBy", window.setBy());
    facts.putAll(extra);
    return new Bulletin(
        Bulletin.Type.MAINTENANCE,
        event,
        key,
        now,
        headline,
        text,
        Bulletins.servers(window.scope(), covered),
        facts);
  }

  /** "from 2006-07-28 10:10:00Z to 10:40:00Z (30m)". */
  private static String span(MaintenanceWindow window) {
    return "from "
        + Wording.instant(window.start())
        + " to "
        + Wording.instant(window.end())
        + " ("
        + Wording.duration(Duration.between(window.start(), window.end()))
        + ")";
  }

  private static String by(MaintenanceWindow window) {
    String reason = window.reason().isBlank() ? "" : " for " + window.reason();
    String who = window.setBy().isBlank() ? "" : ", set by " + window.setBy();
    return reason + who;
  }

  private static String routes(List<Route> covered, String before, String after) {
    if (covered.isEmpty()) {
      return "It covers no configured route.";
    }
    StringBuilder ids = new StringBuilder();
    for (Route route : covered) {
      if (ids.length() > 0) {
        ids.append(", ");
      }
      ids.append(route.id());
    }
    return before + ids + after;
  }
}
