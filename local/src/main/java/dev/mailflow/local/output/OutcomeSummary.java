package dev.mailflow.local.output;

import dev.mailflow.domain.evaluation.Wording;
import dev.mailflow.local.scenario.Scenario;
import dev.mailflow.local.simulation.ExpectationReport;
import dev.mailflow.local.simulation.ReceivedNotice;
import dev.mailflow.local.simulation.RunEvent;
import dev.mailflow.local.simulation.RunResult;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The head and the tail of a local run on the terminal: what is about to be played, and at the end
 * the notices received, the incidents, the mail the receive function turned away, whether it is all
 * what the scenario expects, where the report is and how long it all took.
 */
public final class OutcomeSummary {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
  private static final DateTimeFormatter SHORT_TIME = DateTimeFormatter.ofPattern("HH:mm");

  private final PrintStream out;
  private final TerminalStyle style;

  public OutcomeSummary(PrintStream out, TerminalStyle style) {
    this.out = out;
    this.style = style;
  }

  /** What is about to be played. */
  public void header(Scenario scenario) {
    ZoneId zone = scenario.zone();
    out.println();
    out.println("  " + style.bold("Mailflow local run · " + scenario.name()));
    for (String line : wrap(scenario.description(), 92)) {
      out.println("  " + style.dim(line));
    }
    out.println(
        "  "
            + style.dim(
                DAY.format(scenario.start().atZone(zone))
                    + " → "
                    + SHORT_TIME.format(scenario.end().atZone(zone))
                    + " ("
                    + zone.getId()
                    + ") · "
                    + scenario.servers().size()
                    + " servers · "
                    + scenario.routes().size()
                    + " routes · send every "
                    + Wording.duration(scenario.monitor().send().every())
                    + " · evaluate every "
                    + Wording.duration(scenario.monitor().evaluate().every())));
    out.println();
  }

  /** The emulator is up. */
  public void emulator(URI endpoint, Duration startup) {
    out.println(
        "  "
            + style.dim("moto server   ")
            + endpoint
            + style.dim(" (ready in " + seconds(startup) + ")"));
  }

  /** The end of the run. */
  public void outcome(RunResult result, Path report, Path functionLog, Duration wallTime) {
    ZoneId zone = result.scenario().zone();
    ExpectationReport expectations = result.expectations();
    out.println();
    out.println(
        "  " + style.bold("Notices the subscriber received (" + result.notices().size() + ")"));
    if (result.notices().isEmpty()) {
      out.println("    none");
    }
    for (ReceivedNotice notice : result.notices()) {
      boolean expected = !expectations.unexpected().contains(notice);
      out.println(
          "    "
              + TIME.format(notice.at().atZone(zone))
              + "  "
              + TerminalStyle.pad(notice.type(), 13)
              + " "
              + TerminalStyle.pad(notice.severity(), 9)
              + " "
              + TerminalStyle.pad(notice.about(), 14)
              + " "
              + (expected ? style.green("expected") : style.red("NOT expected"))
              + (notice.delayed()
                  ? style.yellow("  received at " + TIME.format(notice.receivedAt().atZone(zone)))
                  : ""));
    }
    List<IncidentSummary> incidents = IncidentSummary.of(result);
    if (!incidents.isEmpty()) {
      out.println();
      out.println("  " + style.bold("Incidents"));
      for (IncidentSummary incident : incidents) {
        out.println(
            "    "
                + incident.incidentId()
                + "  "
                + incident.severity().toLowerCase(Locale.ROOT)
                + ", detected "
                + incident.timeToDetect().map(Wording::duration).orElse("-")
                + " "
                + incident.detectedAfter()
                + ", "
                + incident
                    .timeToResolve()
                    .map(d -> "resolved after " + Wording.duration(d))
                    .orElse("still open")
                + ", "
                + incident.notices()
                + (incident.notices() == 1 ? " notice" : " notices")
                + (incident.suppressedByMaintenance() == 0
                    ? ""
                    : ", "
                        + incident.suppressedByMaintenance()
                        + " probes excused by maintenance"));
      }
    }
    List<RunEvent.ArrivalRefused> refused = result.eventsOf(RunEvent.ArrivalRefused.class);
    if (!refused.isEmpty()) {
      out.println();
      out.println(
          "  " + style.bold("Mail the receive function turned away (" + refused.size() + ")"));
      for (RunEvent.ArrivalRefused arrival : refused) {
        out.println(
            "    "
                + TIME.format(arrival.at().atZone(zone))
                + "  "
                + TerminalStyle.pad(arrival.outcome(), 13)
                + " "
                + TerminalStyle.pad(arrival.route() == null ? "-" : arrival.route(), 14)
                + " "
                + arrival.explanation());
      }
    }
    out.println();
    if (expectations.passed()) {
      out.println(
          "  "
              + style.green("✔", "OK")
              + " "
              + style.bold(
                  "The notices are exactly those the scenario expects ("
                      + expectations.matched().size()
                      + ").")
              + clockSkewNote(result));
    } else {
      out.println(
          "  "
              + style.red("✘", "FAILED")
              + " "
              + style.bold("The run differs from what the scenario expects:"));
      for (String difference : expectations.differences(zone)) {
        out.println("    " + style.red(difference));
      }
    }
    out.println();
    out.println("  " + style.dim("report        ") + report.toUri());
    out.println("  " + style.dim("functions log ") + functionLog);
    out.println(
        "  "
            + style.dim("wall time     ")
            + seconds(wallTime)
            + style.dim(
                " (simulation "
                    + seconds(result.wallTime())
                    + " for "
                    + Wording.duration(
                        Duration.between(result.scenario().start(), result.scenario().end()))
                    + " of simulated time)"));
    out.println();
  }

  private static String clockSkewNote(RunResult result) {
    return result.scenario().expectations().clockSkewRoutes().isPresent()
        ? " Clock skew flagged where expected."
        : "";
  }

  private static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
  }

  static List<String> wrap(String text, int width) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.trim().split("\\s+")) {
      if (word.isEmpty()) {
        continue;
      }
      if (line.length() > 0 && line.length() + 1 + word.length() > width) {
        lines.add(line.toString());
        line.setLength(0);
      }
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append(word);
    }
    if (line.length() > 0) {
      lines.add(line.toString());
    }
    return lines;
  }
}
