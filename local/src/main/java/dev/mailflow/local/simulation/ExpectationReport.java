package dev.mailflow.local.simulation;

import dev.mailflow.domain.evaluation.Wording;
import dev.mailflow.local.scenario.ExpectedNotice;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * How a run compares with what its scenario expects: every expected notice received exactly once
 * and nothing else, the clock skew flagged on exactly the routes named, and no function failed.
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
    for (RunEvent.FunctionFailed failure : result.eventsOf(RunEvent.FunctionFailed.class)) {
      problems.add(
          "the "
              + failure.function()
              + " function failed at "
              + failure.at()
              + ": "
              + failure.message());
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

  private static boolean matches(ExpectedNotice expected, ReceivedNotice notice) {
    return expected.type().equals(notice.type())
        && expected.route().equals(notice.route())
        && expected.at().equals(notice.at())
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
              + " at "
              + TIME.format(expected.at().atZone(zone))
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
              + " "
              + notice.severity()
              + ": "
              + notice.headline());
    }
    lines.addAll(problems);
    return lines;
  }
}
