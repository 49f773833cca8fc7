package dev.mailflow.cli;

import dev.mailflow.domain.evaluation.AssessedProbe;
import dev.mailflow.domain.evaluation.BacklogFlush;
import dev.mailflow.domain.evaluation.Evaluation;
import dev.mailflow.domain.evaluation.Incident;
import dev.mailflow.domain.evaluation.Notice;
import dev.mailflow.domain.evaluation.RouteCondition;
import dev.mailflow.domain.evaluation.RouteEvaluator;
import dev.mailflow.domain.evaluation.RouteState;
import dev.mailflow.domain.maintenance.MaintenanceWindow;
import dev.mailflow.domain.probe.Probe;
import dev.mailflow.domain.route.Route;
import dev.mailflow.domain.route.RoutePolicy;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mailflow explain ROUTE}: why the route is in its state. It runs the evaluate function's
 * own {@link RouteEvaluator} on the real tables, at now or at {@code --at}, and prints every probe
 * it judged with its verdict, the windows that excused probes, and the notice it would send.
 * Nothing is written or published.
 */
@Command(
    name = "explain",
    description = {
      "Why a route is in its state: the evaluation run on the real tables, every probe it judged"
          + " and its verdict, which window excused what, and what would be alerted.",
      "Nothing is written or published."
    })
final class ExplainCommand extends ReadingCommand {

  @Parameters(index = "0", paramLabel = "ROUTE", description = "The route, such as MX02-to-MX01.")
  String routeId;

  @Option(
      names = "--at",
      paramLabel = "TIME",
      description = "Judge the route as of this time (default: now), such as 'today 13:10'.")
  String at;

  @Override
  int run(RouteReading reading, Instant now, ZoneId zone) {
    Instant when = at == null ? now : TimeText.parse(at, now, zone);
    if (when.isAfter(now)) {
      throw new UsageException(
          "--at " + TimeText.describe(when, zone) + " is in the future: only the past is known");
    }
    Route route = reading.route(routeId);
    List<Probe> probes = new ArrayList<>();
    for (Probe probe : reading.probes(route, when.minus(route.policy().lookback()))) {
      if (!probe.sentAt().isAfter(when)) {
        probes.add(asOf(probe, when));
      }
    }
    RouteState stored = reading.state(route).orElse(null);
    // The table keeps only the newest state: for an earlier time, judge as a first evaluation.
    RouteState previous = stored != null && !stored.evaluatedAt().isAfter(when) ? stored : null;
    Evaluation evaluation =
        new RouteEvaluator().evaluate(route, probes, reading.windows(), previous, when);

    StringBuilder text = new StringBuilder();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("routeId", route.id());
    json.put("at", Output.instant(when));
    json.put("condition", evaluation.condition().name());
    json.put("because", because(evaluation.condition()));
    text.append(route.id())
        .append(" at ")
        .append(TimeText.describe(when, zone))
        .append(": ")
        .append(evaluation.condition())
        .append("\n  because ")
        .append(because(evaluation.condition()))
        .append("\n  rules: ")
        .append(rules(route))
        .append('\n');
    describePrevious(stored, previous, zone, text, json);
    describeWindows(route, when, reading, zone, text, json);
    describeProbes(evaluation, zone, text, json);
    describeOutcome(route, previous, evaluation, zone, text, json);
    Output.of(spec).print(json, text.toString());
    return Mailflow.OK;
  }

  /** The rule behind each condition, as docs/how-it-judges.md words it. */
  static String because(RouteCondition condition) {
    switch (condition) {
      case HEALTHY:
        return "the newest judged probe arrived in time";
      case DEGRADED:
        return "the newest judged probe arrived, but slowly";
      case FAILING:
        return "the newest judged probe was lost, arrived too late, or could not be submitted";
      case IN_MAINTENANCE:
        return "a maintenance window covers the route now: nothing is alerted";
      case NO_DATA:
        return "nothing to judge: no probe sent for twice the probe interval, or every probe is"
            + " in flight or excused by maintenance";
      default:
        throw new AssertionError(condition);
    }
  }

  /** The route's policy in the words of its rules. */
  private static String rules(Route route) {
    RoutePolicy policy = route.policy();
    return policy.failuresToOpen()
        + " bad probes in a row open an incident, "
        + policy.successesToClose()
        + " good ones close it; slow from "
        + Output.duration(policy.warningLatency())
        + ", critical from "
        + Output.duration(policy.criticalLatency())
        + ", lost after "
        + Output.duration(policy.lossTimeout())
        + "; "
        + Output.duration(policy.maintenanceGrace())
        + " grace after a window";
  }

  /** The probe as it was known at {@code when}: a later delivery had not happened yet. */
  private static Probe asOf(Probe probe, Instant when) {
    if (probe.delivery() != null && probe.delivery().deliveredAt().isAfter(when)) {
      return probe.withDelivery(null);
    }
    return probe;
  }

  private static void describePrevious(
      RouteState stored,
      RouteState previous,
      ZoneId zone,
      StringBuilder text,
      Map<String, Object> json) {
    if (previous != null) {
      text.append("  previous evaluation ")
          .append(TimeText.describe(previous.evaluatedAt(), zone))
          .append(": ")
          .append(previous.condition())
          .append(
              previous.incident() == null
                  ? ", no incident open"
                  : ", incident " + IncidentText.text(previous.incident(), zone))
          .append('\n');
    } else if (stored != null) {
      text.append("  judged as a first evaluation: the stored state is from ")
          .append(TimeText.describe(stored.evaluatedAt(), zone))
          .append(", after that time\n");
    } else {
      text.append("  never evaluated before: judged as a first evaluation\n");
    }
    json.put(
        "previous",
        previous == null
            ? null
            : Map.of(
                "condition",
                previous.condition().name(),
                "evaluatedAt",
                Output.instant(previous.evaluatedAt())));
  }

  private static void describeWindows(
      Route route,
      Instant when,
      RouteReading reading,
      ZoneId zone,
      StringBuilder text,
      Map<String, Object> json) {
    Duration grace = route.policy().maintenanceGrace();
    Instant oldest = when.minus(route.policy().lookback());
    List<Map<String, Object>> windows = new ArrayList<>();
    for (MaintenanceWindow window : reading.windows()) {
      if (!window.covers(route)
          || window.start().isAfter(when)
          || window.endWithGrace(grace).isBefore(oldest)) {
        continue;
      }
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("windowId", window.id());
      item.put("scope", window.scope().toString());
      item.put("start", Output.instant(window.start()));
      item.put("end", Output.instant(window.end()));
      item.put("graceSeconds", grace.getSeconds());
      item.put("inForce", window.isActive(route, when, grace));
      windows.add(item);
      text.append("  maintenance window ")
          .append(window.id())
          .append(" (")
          .append(window.scope())
          .append(") ")
          .append(TimeText.describe(window.start(), zone))
          .append(" to ")
          .append(TimeText.describe(window.end(), zone))
          .append(" +")
          .append(Output.duration(grace))
          .append(" grace")
          .append(window.isActive(route, when, grace) ? ", in force" : ", over")
          .append('\n');
    }
    json.put("windows", windows);
  }

  private static void describeProbes(
      Evaluation evaluation, ZoneId zone, StringBuilder text, Map<String, Object> json) {
    List<Map<String, Object>> probes = new ArrayList<>();
    text.append("  probes in the lookback, oldest first:\n");
    for (AssessedProbe assessed : evaluation.probes()) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("probeId", assessed.probe().probeId());
      item.put("sentAt", Output.instant(assessed.probe().sentAt()));
      item.put("state", assessed.state().name());
      item.put("verdict", assessed.verdict().name());
      item.put(
          "latencySeconds", assessed.latency() == null ? null : assessed.latency().getSeconds());
      item.put("excusedBy", assessed.maintenanceWindowId());
      item.put("counts", assessed.counts());
      probes.add(item);
      text.append("    ")
          .append(assessed.probe().probeId())
          .append(" sent ")
          .append(TimeText.describe(assessed.probe().sentAt(), zone))
          .append(' ')
          .append(assessed.verdict())
          .append(assessed.latency() == null ? "" : " in " + Output.duration(assessed.latency()))
          .append(": ")
          .append(why(assessed))
          .append('\n');
    }
    if (probes.isEmpty()) {
      text.append("    none\n");
    }
    json.put("probes", probes);
  }

  private static String why(AssessedProbe assessed) {
    if (assessed.maintenanceAffected()) {
      return "excused by maintenance window " + assessed.maintenanceWindowId();
    }
    if (!assessed.verdict().isJudged()) {
      return "still in flight, says nothing yet";
    }
    return assessed.verdict().isBad() ? "counts as bad" : "counts as good";
  }

  private static void describeOutcome(
      Route route,
      RouteState previous,
      Evaluation evaluation,
      ZoneId zone,
      StringBuilder text,
      Map<String, Object> json) {
    for (BacklogFlush flush : evaluation.newFlushes()) {
      text.append("  backlog flush: ").append(flush.describe()).append('\n');
    }
    List<Map<String, Object>> notices = new ArrayList<>();
    for (Notice notice : evaluation.notices()) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("type", notice.type().name());
      item.put("incidentId", notice.incidentId());
      item.put("severity", notice.severity().name());
      item.put("headline", notice.headline());
      item.put("reason", notice.reason());
      notices.add(item);
      text.append("  would send ")
          .append(notice.type())
          .append(" for incident ")
          .append(notice.incidentId())
          .append(": ")
          .append(notice.headline())
          .append("\n    ")
          .append(notice.reason())
          .append('\n');
    }
    json.put("notices", notices);
    Incident incident = evaluation.nextState().incident();
    json.put(
        "incident",
        incident == null ? null : IncidentText.json(evaluation.nextState().routeId(), incident));
    if (notices.isEmpty()) {
      if (incident != null) {
        text.append("  no notice: incident ")
            .append(incident.id())
            .append(" stays open; a reminder goes out ")
            .append(Output.duration(route.policy().reminderInterval()))
            .append(" after the last notice")
            .append('\n');
      } else {
        text.append("  no notice: no incident is open")
            .append(previous != null && previous.incident() != null ? " any more" : "")
            .append('\n');
      }
    }
  }
}
