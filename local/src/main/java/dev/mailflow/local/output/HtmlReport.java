package dev.mailflow.local.output;

import dev.mailflow.domain.evaluation.AssessedProbe;
import dev.mailflow.domain.evaluation.BacklogFlush;
import dev.mailflow.domain.evaluation.Verdict;
import dev.mailflow.domain.evaluation.Wording;
import dev.mailflow.domain.probe.Hop;
import dev.mailflow.domain.route.RoutePolicy;
import dev.mailflow.local.scenario.ExpectedNotice;
import dev.mailflow.local.scenario.Scenario;
import dev.mailflow.local.scenario.ScenarioRoute;
import dev.mailflow.local.simulation.ExpectationReport;
import dev.mailflow.local.simulation.ReceivedNotice;
import dev.mailflow.local.simulation.RunEvent;
import dev.mailflow.local.simulation.RunResult;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A local run as one self-contained HTML page, to open in any browser and send to anyone: no
 * scripts, no fonts, no images to fetch; the charts are inline SVG.
 *
 * <p>From the top: whether the run did what the scenario expects; per route, a latency chart with
 * maintenance, incidents, flushes and lost probes marked, and the probes' counts; per incident, the
 * time to detect and to resolve, the notices sent and the probes maintenance excused; every notice
 * as its subscriber read it; and the whole timeline.
 */
public final class HtmlReport {
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Locale.ENGLISH);

  private final RunResult result;
  private final Scenario scenario;
  private final ZoneId zone;
  private final StringBuilder html = new StringBuilder(128_000);

  public HtmlReport(RunResult result) {
    this.result = Objects.requireNonNull(result, "result");
    this.scenario = result.scenario();
    this.zone = scenario.zone();
  }

  /** The page. */
  public String html() {
    ExpectationReport expectations = result.expectations();
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>Mailflow local run: ")
        .append(escape(scenario.name()))
        .append("</title>\n<style>")
        .append(STYLE)
        .append("</style>\n</head>\n<body>\n<main>\n");
    header(expectations);
    for (ScenarioRoute route : scenario.routes()) {
      route(route);
    }
    incidents();
    notices(expectations);
    timeline();
    html.append("<footer>Written by mailflow-local from scenario <code>")
        .append(escape(scenario.name()))
        .append("</code> in ")
        .append(String.format(Locale.ROOT, "%.1f s", result.wallTime().toMillis() / 1000.0))
        .append(" of wall time, for ")
        .append(Wording.duration(Duration.between(scenario.start(), scenario.end())))
        .append(" of simulated time. Times are local to ")
        .append(escape(zone.getId()))
        .append(".</footer>\n</main>\n</body>\n</html>\n");
    return html.toString();
  }

  private void header(ExpectationReport expectations) {
    html.append("<header><p class=\"kicker\">Mailflow local run</p><h1>")
        .append(escape(scenario.name()))
        .append("</h1><p class=\"description\">")
        .append(escape(scenario.description()))
        .append("</p><p class=\"when\">")
        .append(escape(DAY.format(scenario.start().atZone(zone))))
        .append(", ")
        .append(local(scenario.start()))
        .append(" to ")
        .append(local(scenario.end()))
        .append(" (")
        .append(escape(zone.getId()))
        .append(")</p>");
    if (expectations.passed()) {
      html.append("<p class=\"verdict pass\">✔ The subscriber received exactly the ")
          .append(plural(expectations.matched().size(), "notice", "notices"))
          .append(" the scenario expects.</p>");
    } else {
      html.append(
          "<div class=\"verdict fail\"><p>✘ The run differs from what the scenario expects:</p><ul>");
      for (String difference : expectations.differences(zone)) {
        html.append("<li>").append(escape(difference)).append("</li>");
      }
      html.append("</ul></div>");
    }
    int sent = result.eventsOf(RunEvent.ProbeSubmitted.class).size();
    int delivered = result.eventsOf(RunEvent.ProbeDelivered.class).size();
    int lost = 0;
    int notSubmitted = 0;
    for (ScenarioRoute route : scenario.routes()) {
      for (AssessedProbe probe : RouteAssessment.of(result, route).probes()) {
        lost += probe.verdict() == Verdict.LOST ? 1 : 0;
        notSubmitted += probe.verdict() == Verdict.SEND_FAILED ? 1 : 0;
      }
    }
    html.append("<div class=\"tiles\">");
    tile(sent, "probes sent", "");
    tile(delivered, "delivered", "");
    tile(lost, "lost", lost > 0 ? "bad" : "");
    tile(notSubmitted, "not submitted", notSubmitted > 0 ? "bad" : "");
    tile(IncidentSummary.of(result).size(), "incidents", "");
    tile(result.notices().size(), "notices", "");
    int refused = result.eventsOf(RunEvent.ArrivalRefused.class).size();
    if (refused > 0) {
      tile(refused, "turned away at SES", "");
    }
    html.append("</div></header>\n");
  }

  private void tile(int count, String what, String kind) {
    html.append("<div class=\"tile ")
        .append(kind)
        .append("\"><span class=\"count\">")
        .append(count)
        .append("</span><span class=\"what\">")
        .append(escape(what))
        .append("</span></div>");
  }

  private void route(ScenarioRoute route) {
    RouteAssessment assessment = RouteAssessment.of(result, route);
    RoutePolicy policy = route.policy();
    html.append("<section class=\"route\"><h2>")
        .append(escape(route.source()))
        .append(" → ")
        .append(escape(route.target()))
        .append(" <span class=\"route-id\">")
        .append(escape(route.id()))
        .append("</span></h2><p class=\"policy\">A probe every ")
        .append(Wording.duration(policy.probeInterval()))
        .append(" · slow from ")
        .append(Wording.duration(policy.warningLatency()))
        .append(", critical from ")
        .append(Wording.duration(policy.criticalLatency()))
        .append(", lost after ")
        .append(Wording.duration(policy.lossTimeout()))
        .append(" · ")
        .append(plural(policy.failuresToOpen(), "bad probe opens", "bad probes in a row open"))
        .append(", ")
        .append(plural(policy.successesToClose(), "good one closes", "good ones close"))
        .append(" · ")
        .append(Wording.duration(policy.maintenanceGrace()))
        .append(" of grace after maintenance</p>");
    html.append(new LatencyChart(result, assessment).svg());
    legend();
    counts(assessment);
    html.append("</section>\n");
  }

  private void legend() {
    html.append("<div class=\"legend\">")
        .append(key("<circle class=\"probe good\" cx=\"8\" cy=\"8\" r=\"4.5\"/>", "good"))
        .append(key("<circle class=\"probe slow\" cx=\"8\" cy=\"8\" r=\"4.5\"/>", "slow"))
        .append(
            key(
                "<circle class=\"probe critically-slow\" cx=\"8\" cy=\"8\" r=\"4.5\"/>",
                "critically slow"))
        .append(key("<circle class=\"probe late\" cx=\"8\" cy=\"8\" r=\"4.5\"/>", "late"))
        .append(
            key(
                "<circle class=\"probe good covered\" cx=\"8\" cy=\"8\" r=\"4.5\"/>",
                "covered by maintenance (hollow)"))
        .append(key("<path class=\"lost\" d=\"M4 4 l8 8 m0 -8 l-8 8\"/>", "lost"))
        .append(
            key(
                "<rect class=\"not-submitted\" x=\"4\" y=\"4\" width=\"8\" height=\"8\"/>",
                "not submitted"))
        .append(
            key(
                "<rect class=\"window\" x=\"0\" y=\"2\" width=\"16\" height=\"12\"/>",
                "maintenance window"))
        .append(
            key("<line class=\"flush\" x1=\"1\" y1=\"2\" x2=\"15\" y2=\"14\"/>", "backlog flush"))
        .append(
            key(
                "<circle class=\"skew\" cx=\"8\" cy=\"8\" r=\"6\"/>",
                "a hop flagged for clock skew"))
        .append(
            key(
                "<rect class=\"incident critical\" x=\"0\" y=\"4\" width=\"16\" height=\"8\" rx=\"2\"/>",
                "incident"))
        .append("</div>");
  }

  private static String key(String symbol, String text) {
    return "<span class=\"key\"><svg width=\"16\" height=\"16\" viewBox=\"0 0 16 16\">"
        + symbol
        + "</svg>"
        + escape(text)
        + "</span>";
  }

  private void counts(RouteAssessment assessment) {
    int good = 0;
    int slow = 0;
    int late = 0;
    int lost = 0;
    int failed = 0;
    int covered = 0;
    Duration worst = Duration.ZERO;
    for (AssessedProbe probe : assessment.probes()) {
      covered += probe.maintenanceAffected() ? 1 : 0;
      switch (probe.verdict()) {
        case GOOD:
          good++;
          break;
        case SLOW:
        case CRITICALLY_SLOW:
          slow++;
          break;
        case LATE:
          late++;
          break;
        case LOST:
          lost++;
          break;
        case SEND_FAILED:
          failed++;
          break;
        default:
          break;
      }
      if (probe.latency() != null && probe.latency().compareTo(worst) > 0) {
        worst = probe.latency();
      }
    }
    html.append("<p class=\"counts\">")
        .append(plural(assessment.probes().size(), "probe", "probes"))
        .append(": ")
        .append(good)
        .append(" good, ")
        .append(slow)
        .append(" slow, ")
        .append(late)
        .append(" late, ")
        .append(lost)
        .append(" lost, ")
        .append(failed)
        .append(" not submitted; ")
        .append(covered)
        .append(" covered by maintenance. Longest latency ")
        .append(Wording.duration(worst))
        .append('.');
    for (BacklogFlush flush : assessment.flushes()) {
      html.append(" Backlog flush: ").append(escape(flush.describe())).append('.');
    }
    html.append("</p>");
    hops(assessment);
  }

  /** Where the time went: each host that stamped the route's probes, and how long it took. */
  private void hops(RouteAssessment assessment) {
    Map<String, List<Hop>> byHost = new LinkedHashMap<>();
    for (AssessedProbe probe : assessment.probes()) {
      if (probe.probe().delivery() != null) {
        for (Hop hop : probe.probe().delivery().hops()) {
          byHost.computeIfAbsent(hop.by(), host -> new ArrayList<>()).add(hop);
        }
      }
    }
    if (byHost.isEmpty()) {
      return;
    }
    html.append(
        "<table class=\"hops\"><thead><tr><th>Host that took the mail</th><th>Hops</th>"
            + "<th>Typical wait before it</th><th>Longest</th><th>Flagged for clock skew</th>"
            + "</tr></thead><tbody>");
    for (Map.Entry<String, List<Hop>> host : byHost.entrySet()) {
      List<Duration> delays = new ArrayList<>();
      int flagged = 0;
      for (Hop hop : host.getValue()) {
        if (hop.clockSkew()) {
          flagged++;
        } else if (hop.delay() != null) {
          delays.add(hop.delay());
        }
      }
      delays.sort(Duration::compareTo);
      html.append("<tr><td><code>")
          .append(escape(host.getKey()))
          .append("</code></td><td>")
          .append(host.getValue().size())
          .append("</td><td>")
          .append(delays.isEmpty() ? "–" : Wording.duration(delays.get(delays.size() / 2)))
          .append("</td><td>")
          .append(delays.isEmpty() ? "–" : Wording.duration(delays.get(delays.size() - 1)))
          .append("</td><td")
          .append(flagged > 0 ? " class=\"flagged\">" : ">")
          .append(flagged == 0 ? "–" : plural(flagged, "hop", "hops"))
          .append("</td></tr>");
    }
    html.append("</tbody></table>");
  }

  private void incidents() {
    List<IncidentSummary> incidents = IncidentSummary.of(result);
    html.append("<section><h2>Incidents</h2>");
    if (incidents.isEmpty()) {
      html.append("<p class=\"none\">None: no route opened an incident.</p></section>\n");
      return;
    }
    html.append(
        "<table><thead><tr><th>Incident</th><th>Severity</th><th>Opened</th><th>Time to detect</th>"
            + "<th>Resolved</th><th>Time to resolve</th><th>Notices</th><th>Excused by maintenance</th>"
            + "<th>Backlog flushes</th></tr></thead><tbody>");
    for (IncidentSummary incident : incidents) {
      html.append("<tr><td><code>")
          .append(escape(incident.incidentId()))
          .append("</code><br><span class=\"headline\">")
          .append(escape(incident.headline()))
          .append("</span>")
          .append(
              incident.acrossRoutes()
                  ? "<span class=\"detail\">one incident for "
                      + incident.routes().size()
                      + " routes: "
                      + escape(String.join(", ", incident.routes()))
                      + "</span>"
                  : "")
          .append("</td><td><span class=\"badge ")
          .append(incident.severity().toLowerCase(Locale.ROOT))
          .append("\">")
          .append(incident.severity())
          .append("</span></td><td>")
          .append(local(incident.openedAt()))
          .append("</td><td>")
          .append(
              incident
                  .timeToDetect()
                  .map(
                      d ->
                          Wording.duration(d)
                              + "<span class=\"detail\">"
                              + escape(incident.detectedAfter())
                              + "</span>")
                  .orElse("–"))
          .append("</td><td>")
          .append(incident.resolvedAt().map(this::local).orElse("still open"))
          .append("</td><td>")
          .append(incident.timeToResolve().map(Wording::duration).orElse("–"))
          .append("</td><td>")
          .append(incident.notices())
          .append("</td><td>")
          .append(plural(incident.suppressedByMaintenance(), "probe", "probes"))
          .append("</td><td>");
      if (incident.flushes().isEmpty()) {
        html.append("–");
      }
      for (BacklogFlush flush : incident.flushes()) {
        html.append(escape(flush.describe())).append("<br>");
      }
      html.append("</td></tr>");
    }
    html.append("</tbody></table></section>\n");
  }

  private void notices(ExpectationReport expectations) {
    html.append("<section><h2>Notices the subscriber received</h2>");
    if (result.notices().isEmpty()) {
      html.append("<p class=\"none\">None.</p>");
    }
    for (ReceivedNotice notice : result.notices()) {
      boolean expected = !expectations.unexpected().contains(notice);
      String kind =
          notice.type().equals("RESOLVED")
              ? "resolved"
              : notice.severity().toLowerCase(Locale.ROOT);
      html.append("<details class=\"notice ")
          .append(kind)
          .append("\"><summary><span class=\"time\">")
          .append(local(notice.at()))
          .append("</span> <span class=\"badge ")
          .append(kind)
          .append("\">")
          .append(escape(notice.type()))
          .append("</span> ")
          .append(escape(notice.headline()))
          .append(
              notice.delayed()
                  ? " <span class=\"delayed\">received at "
                      + local(notice.receivedAt())
                      + ", published by a later run</span>"
                  : "")
          .append(
              expected
                  ? " <span class=\"expected\">expected</span>"
                  : " <span class=\"unexpected\">not expected</span>")
          .append("</summary><pre>")
          .append(escape(notice.readableText(zone)))
          .append("</pre></details>");
    }
    if (!expectations.missing().isEmpty()) {
      html.append("<h3>Expected but not received</h3><ul class=\"missing\">");
      for (ExpectedNotice missing : expectations.missing()) {
        html.append("<li>")
            .append(escape(missing.type()))
            .append(' ')
            .append(escape(missing.route().orElse("")))
            .append(" at ")
            .append(local(missing.at()))
            .append(" (scenario line ")
            .append(missing.line())
            .append(")</li>");
      }
      html.append("</ul>");
    }
    html.append("</section>\n");
  }

  private void timeline() {
    html.append(
            "<section><details class=\"timeline\"><summary><h2>Timeline</h2> every event of the run, ")
        .append(result.events().size())
        .append(" in all</summary><table><tbody>");
    for (RunEvent event : result.events()) {
      String text = TimelineText.of(event);
      if (text == null) {
        continue;
      }
      html.append("<tr><td class=\"time\">")
          .append(local(event.at()))
          .append("</td><td>")
          .append(escape(text))
          .append("</td></tr>");
    }
    html.append("</tbody></table></details></section>\n");
  }

  private String local(Instant instant) {
    return CLOCK.format(instant.atZone(zone));
  }

  private static String plural(int count, String one, String many) {
    return count + " " + (count == 1 ? one : many);
  }

  /** Text made safe to stand in HTML, in an element or an attribute. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<':
          out.append("&lt;");
          break;
        case '>':
          out.append("&gt;");
          break;
        case '&':
          out.append("&amp;");
          break;
        case '"':
          out.append("&quot;");
          break;
        case '\'':
          out.append("&#39;");
          break;
        default:
          out.append(c);
      }
    }
    return out.toString();
  }

  private static final String STYLE =
      String.join(
          "\n",
          ":root{--ink:#1d2330;--muted:#667085;--line:#e4e7ec;--paper:#fff;--bg:#f6f7f9;",
          "--good:#12a150;--slow:#e8a317;--critical:#d92d20;--window:#7a5af8;--flush:#2e6fdb}",
          "*{box-sizing:border-box}",
          "body{margin:0;background:var(--bg);color:var(--ink);",
          "font:15px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif}",
          "main{max-width:1180px;margin:0 auto;padding:28px 24px 48px}",
          "header,section{background:var(--paper);border:1px solid var(--line);border-radius:10px;",
          "padding:20px 24px;margin-bottom:20px}",
          "h1{margin:0 0 6px;font-size:28px}h2{margin:0 0 4px;font-size:19px}h3{font-size:15px}",
          ".kicker{margin:0;color:var(--muted);text-transform:uppercase;letter-spacing:.08em;font-size:12px}",
          ".description{margin:0 0 6px;max-width:900px}.when,.policy,.note{color:var(--muted)}",
          ".policy{margin:0 0 10px;font-size:13px}.route-id{color:var(--muted);font-weight:400;font-size:14px}",
          ".verdict{margin:14px 0 0;padding:10px 14px;border-radius:8px;font-weight:600}",
          ".verdict.pass{background:#e8f7ee;color:#0b6b34}.verdict.fail{background:#fdecea;color:#9b1c14}",
          ".verdict ul{margin:6px 0 0;font-weight:400}",
          ".tiles{display:flex;gap:12px;margin-top:16px;flex-wrap:wrap}",
          ".tile{flex:1;min-width:120px;border:1px solid var(--line);border-radius:8px;padding:10px 14px}",
          ".tile .count{display:block;font-size:26px;font-weight:700}.tile .what{color:var(--muted);font-size:13px}",
          ".tile.bad .count{color:var(--critical)}",
          ".chart{width:100%;height:auto;display:block}",
          ".chart text{font-size:11px;fill:var(--muted)}",
          ".chart .plot{fill:#fcfcfd;stroke:var(--line)}",
          ".chart .grid{stroke:#eef0f3}.chart .axis-line{stroke:#98a2b3}",
          ".chart .axis-title{font-size:12px}",
          ".window{fill:var(--window);fill-opacity:.13;stroke:var(--window);stroke-opacity:.35}",
          ".window-cut{fill:none;stroke:var(--window);stroke-dasharray:4 3;stroke-opacity:.6}",
          ".window-deleted{fill:none;stroke:var(--window);stroke-dasharray:2 4;stroke-opacity:.7}",
          ".chart .window-label{fill:#5b3fd6;font-weight:600}",
          ".threshold{stroke-dasharray:6 4;stroke-width:1.2}",
          ".threshold.warning{stroke:var(--slow)}.threshold.critical{stroke:var(--critical)}",
          ".chart .threshold.loss{stroke:#475467}",
          ".chart .threshold-label.warning{fill:#b07b0c}.chart .threshold-label.critical{fill:var(--critical)}",
          ".incident.critical{fill:var(--critical)}.chart .incident.warning{fill:var(--slow)}",
          ".chart .incident-shade.critical{fill:var(--critical);fill-opacity:.05}",
          ".chart .incident-shade.warning{fill:var(--slow);fill-opacity:.06}",
          ".chart .incident-label{fill:#fff;font-weight:700}",
          ".chart .incident-label.outside.critical{fill:var(--critical)}",
          ".chart .incident-label.outside.warning{fill:#b07b0c}",
          ".chart .notice-mark{fill:var(--ink)}",
          ".chart .marker{stroke-dasharray:3 3;stroke-opacity:.6}",
          ".chart .marker.down{stroke:var(--critical)}.chart .marker.up{stroke:var(--good)}",
          ".chart .marker.behaviour{stroke:#475467}",
          ".chart .marker-label.down{fill:var(--critical)}.chart .marker-label.up{fill:#0b6b34}",
          ".chart .marker-label.behaviour{fill:#344054}",
          ".skew{fill:none;stroke:var(--flush);stroke-width:1.5;stroke-dasharray:2 2}",
          ".flush{stroke:var(--flush);stroke-width:2;stroke-dasharray:7 4}",
          ".chart .flush-time{stroke:var(--flush);stroke-opacity:.5}",
          ".chart .flush-label{fill:var(--flush);font-weight:600}.chart .flush-label.small{font-weight:400}",
          ".probe{stroke-width:2}.probe.good{fill:var(--good);stroke:var(--good)}",
          ".probe.slow{fill:var(--slow);stroke:var(--slow)}",
          ".probe.critically-slow{fill:#f04438;stroke:#f04438}",
          ".probe.late{fill:var(--critical);stroke:#7a1109}",
          ".probe.covered{fill:#fff}",
          ".lost{stroke:var(--critical);stroke-width:2.5;fill:none}.lost.covered{stroke:#f5a39b}",
          ".not-submitted{fill:var(--critical)}.not-submitted.covered{fill:#fff;stroke:var(--critical)}",
          ".in-flight{fill:#fff;stroke:#98a2b3}",
          ".chart .condition.healthy{fill:var(--good);fill-opacity:.7}",
          ".chart .condition.degraded{fill:var(--slow)}",
          ".chart .condition.failing{fill:var(--critical)}",
          ".chart .condition.in-maintenance{fill:var(--window);fill-opacity:.6}",
          ".chart .condition.no-data{fill:#98a2b3}",
          ".chart .condition.waiting{fill:#98a2b3;fill-opacity:.4}",
          ".legend{display:flex;flex-wrap:wrap;gap:4px 16px;font-size:12px;color:var(--muted);margin:4px 0 8px}",
          ".key{display:inline-flex;align-items:center;gap:5px}",
          ".counts{margin:4px 0 0;font-size:14px}",
          "table.hops{margin-top:10px;font-size:13px;width:auto}table.hops td,table.hops th{padding:4px 14px 4px 0}",
          "td.flagged{color:var(--flush);font-weight:600}",
          "table{border-collapse:collapse;width:100%;font-size:14px}",
          "th,td{text-align:left;padding:7px 8px;border-bottom:1px solid var(--line);vertical-align:top}",
          "th{color:var(--muted);font-weight:600;font-size:12px}",
          ".headline{color:var(--muted);font-size:13px}",
          ".detail{display:block;color:var(--muted);font-size:12px;white-space:nowrap}",
          ".badge{display:inline-block;padding:1px 7px;border-radius:10px;font-size:12px;font-weight:700;color:#fff}",
          ".badge.critical{background:var(--critical)}.badge.warning{background:var(--slow)}",
          ".badge.resolved{background:var(--good)}",
          "details.notice{border:1px solid var(--line);border-radius:8px;margin:8px 0;padding:8px 12px}",
          "details.notice.critical{border-left:4px solid var(--critical)}",
          "details.notice.warning{border-left:4px solid var(--slow)}",
          "details.notice.resolved{border-left:4px solid var(--good)}",
          "summary{cursor:pointer}.time{font-variant-numeric:tabular-nums;color:var(--muted)}",
          ".delayed{color:#b07b0c;font-size:12px;font-weight:600}",
          ".expected{color:#0b6b34;font-size:12px}.unexpected{color:var(--critical);font-weight:700;font-size:12px}",
          "pre{white-space:pre-wrap;font:12px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;",
          "background:#f9fafb;padding:12px;border-radius:6px;overflow-x:auto}",
          "details.timeline summary h2{display:inline}",
          "details.timeline td{padding:3px 8px;font-size:13px}",
          ".none{color:var(--muted)}",
          "footer{color:var(--muted);font-size:12px;text-align:center}");
}
