package dev.mailflow.local.simulation;

import dev.mailflow.domain.evaluation.Wording;
import dev.mailflow.local.scenario.ExpectedNotice;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * How a run compares with what its scenario expects: every expected notice received exactly once,
 * at the time expected, and nothing else; each incident's notices under the id it opened with; the
 * clock skew flagged on exactly the routes named; every inbound mail recorded or turned away as it
 * should be; every timeline event played; and no function failed.
 *
 * @param matched the expected notices that were received
 * @param missing the expected notices that were not
 * @param unexpected the notices received that no expectation names
 * @param problems everything else that went against the scenario, one sentence each
 */
public record ExpectationReport(
    List<ExpectedNotice> matched,
    List<ExpectedNotice> missing,
    List<ReceivedNotice> unexpected,
    List<String> problems) {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

  public ExpectationReport {
    matched = List.copyOf(matched);
    missing = List.copyOf(missing);
    unexpected = List.copyOf(unexpected);
    problems = List.copyOf(problems);
  }

  /** True when the run did exactly what the scenario expects. */
  public boolean passed() {
    return missing.isEmpty() && unexpected.isEmpty() && problems.isEmpty();
  }

  static ExpectationReport of(RunResult result) {
    List<ReceivedNotice> left = new ArrayList<>(result.notices());
    List<ExpectedNotice> matched = new ArrayList<>();
    List<ExpectedNotice> missing = new ArrayList<>();
    for (ExpectedNotice expected : result.scenario().expectations().notices()) {
      Optional<ReceivedNotice> found = left.stream().filter(n -> matches(expected, n)).findFirst();
      if (found.isPresent()) {
        left.remove(found.get());
        matched.add(expected);
      } else {
        missing.add(expected);
      }
    }
    List<String> problems = new ArrayList<>();
    problems.addAll(receivedTwice(result.notices()));
    problems.addAll(incidentsBrokenUp(result.notices()));
    for (RunEvent.FunctionFailed failure : result.eventsOf(RunEvent.FunctionFailed.class)) {
      problems.add(
          "the "
              + failure.function()
              + " function failed at "
              + failure.at()
              + ": "
              + failure.message());
    }
    for (RunEvent.EventWithoutEffect unplayed :
        result.eventsOf(RunEvent.EventWithoutEffect.class)) {
      problems.add(
          "the scenario's "
              + unplayed.description()
              + " (at "
              + Wording.instant(unplayed.at())
              + ")");
    }
    for (RunEvent.ArrivalNotRecorded arrival : result.eventsOf(RunEvent.ArrivalNotRecorded.class)) {
      problems.add(
          "a mail SES received at "
              + Wording.instant(arrival.at())
              + " was not recorded: "
              + arrival.summary());
    }
    result
        .scenario()
        .expectations()
        .turnedAway()
        .ifPresent(
            expected -> {
              List<String> turnedAway =
                  result.eventsOf(RunEvent.ArrivalRefused.class).stream()
                      .map(RunEvent.ArrivalRefused::outcome)
                      .toList();
              if (!turnedAway.equals(expected)) {
                problems.add(
                    "the receive function was expected to turn away "
                        + expected
                        + " and turned away "
                        + turnedAway);
              }
            });
    result
        .scenario()
        .expectations()
        .clockSkewRoutes()
        .ifPresent(
            expected -> {
              Set<String> flagged = new TreeSet<>();
              for (RunEvent.ProbeDelivered delivered :
                  result.eventsOf(RunEvent.ProbeDelivered.class)) {
                if (delivered.clockSkewFlagged()) {
                  flagged.add(delivered.route());
                }
              }
              if (!flagged.equals(new TreeSet<>(expected))) {
                problems.add(
                    "clock skew was expected on "
                        + new TreeSet<>(expected)
                        + " and flagged on "
                        + flagged);
              }
            });
    return new ExpectationReport(matched, missing, left, problems);
  }

  /** A notice the subscriber received more than once: each must be published once. */
  private static List<String> receivedTwice(List<ReceivedNotice> notices) {
    List<String> problems = new ArrayList<>();
    Set<String> seen = new TreeSet<>();
    for (ReceivedNotice notice : notices) {
      if (notice.incident().isPresent() && !seen.add(notice.incident().get().key())) {
        problems.add(
            "the subscriber received "
                + notice.type()
                + " "
                + notice.route().orElse("")
                + " of "
                + Wording.instant(notice.at())
                + " more than once");
      }
    }
    return problems;
  }

  /**
   * A reminder or resolution that names another incident than the one its route opened: a notice
   * kept and published late must still belong to its incident.
   */
  private static List<String> incidentsBrokenUp(List<ReceivedNotice> notices) {
    List<String> problems = new ArrayList<>();
    Map<String, String> open = new HashMap<>();
    for (ReceivedNotice notice : notices) {
      if (notice.route().isEmpty()) {
        continue;
      }
      String route = notice.suspect().map(s -> "fault:" + s).orElse(notice.route().get());
      String incident = notice.incidentId().orElseThrow();
      if (notice.type().equals("OPENED")) {
        open.put(route, incident);
        continue;
      }
      String opened = open.get(route);
      if (opened != null && !opened.equals(incident)) {
        problems.add(
            notice.type()
                + " "
                + route
                + " of "
                + Wording.instant(notice.at())
                + " names incident "
                + incident
                + ", but the subscriber was told "
                + opened
                + " opened");
      }
      if (notice.type().equals("RESOLVED")) {
        open.remove(route);
      }
    }
    return problems;
  }

  private static boolean matches(ExpectedNotice expected, ReceivedNotice notice) {
    return expected.type().equals(notice.type())
        && expected.event().equals(notice.event())
        && expected.suspect().equals(notice.suspect())
        && (expected.suspect().isPresent()
            ? expected.route().map(r -> notice.route().equals(Optional.of(r))).orElse(true)
                && expected.routes().map(n -> n == notice.routeCount()).orElse(true)
            : expected.route().equals(notice.route()))
        && expected.at().equals(notice.at())
        && expected.received().equals(notice.receivedAt())
        && expected.severity().map(s -> s.equals(notice.severity())).orElse(true)
        && expected.contains().map(text -> notice.searchableText().contains(text)).orElse(true);
  }

  /** One line per difference, with local times in {@code zone}; empty when it passed. */
  public List<String> differences(ZoneId zone) {
    List<String> lines = new ArrayList<>();
    for (ExpectedNotice expected : missing) {
      lines.add(
          "missing (line "
              + expected.line()
              + "): "
              + expected.type()
              + " "
              + expected.route().orElse("")
              + expected.suspect().map(suspect -> "fault on " + suspect).orElse("")
              + expected.event().orElse("")
              + expected.routes().map(n -> " (" + n + " routes)").orElse("")
              + " at "
              + TIME.format(expected.at().atZone(zone))
              + (expected.received().equals(expected.at())
                  ? ""
                  : ", received at " + TIME.format(expected.received().atZone(zone)))
              + expected.severity().map(s -> " " + s).orElse("")
              + expected.contains().map(c -> " containing \"" + c + "\"").orElse(""));
    }
    for (ReceivedNotice notice : unexpected) {
      lines.add(
          "not expected: "
              + notice.type()
              + " "
              + notice.route().orElse("")
              + " at "
              + TIME.format(notice.at().atZone(zone))
              + (notice.delayed()
                  ? ", received at " + TIME.format(notice.receivedAt().atZone(zone))
                  : "")
              + " "
              + notice.severity()
              + ": "
              + notice.headline());
    }
    lines.addAll(problems);
    return lines;
  }
}
