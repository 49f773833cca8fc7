package dev.mailflow.local.output;

import dev.mailflow.domain.evaluation.AssessedProbe;
import dev.mailflow.domain.evaluation.BacklogFlush;
import dev.mailflow.domain.evaluation.Notice;
import dev.mailflow.domain.evaluation.Verdict;
import dev.mailflow.domain.evaluation.Wording;
import dev.mailflow.domain.probe.Hop;
import dev.mailflow.domain.route.RoutePolicy;
import dev.mailflow.local.scenario.Scenario;
import dev.mailflow.local.scenario.ScenarioRoute;
import dev.mailflow.local.simulation.ReceivedNotice;
import dev.mailflow.local.simulation.RunEvent;
import dev.mailflow.local.simulation.RunResult;
import dev.mailflow.local.simulation.WindowHistory;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One route's latency over the run as an inline SVG chart: each probe at its send time and latency,
 * coloured by its verdict; maintenance windows shaded with their grace; incidents as bands along
 * the top with a mark for each notice; backlog flushes as the diagonal their probes lie on, ending
 * where they were all delivered; lost and unsubmitted probes marked at the top and bottom; the
 * route's condition at each evaluation as a strip under the time axis; servers going down and up,
 * schedules stopping and the alert topic going away and coming back as thin lines.
 */
final class LatencyChart {
  static final int WIDTH = 1100;
  private static final int HEIGHT = 350;
  private static final int LEFT = 70;
  private static final int RIGHT = 120;
  private static final int TOP = 40;
  private static final int BOTTOM = 100;
  private static final int PLOT_WIDTH = WIDTH - LEFT - RIGHT;
  private static final int PLOT_HEIGHT = HEIGHT - TOP - BOTTOM;

  /** About how wide one character of an 11px label is, to keep labels from overlapping. */
  private static final double LABEL_CHARACTER_WIDTH = 6.2;

  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm");
  private static final DateTimeFormatter CLOCK_SECONDS = DateTimeFormatter.ofPattern("HH:mm:ss");
  private static final Duration[] TIME_STEPS = {
    Duration.ofMinutes(5),
    Duration.ofMinutes(10),
    Duration.ofMinutes(15),
    Duration.ofMinutes(30),
    Duration.ofHours(1),
    Duration.ofHours(2),
    Duration.ofHours(6),
    Duration.ofHours(12),
    Duration.ofDays(1)
  };
  private static final Duration[] LATENCY_STEPS = {
    Duration.ofSeconds(10),
    Duration.ofSeconds(30),
    Duration.ofMinutes(1),
    Duration.ofMinutes(2),
    Duration.ofMinutes(5),
    Duration.ofMinutes(10),
    Duration.ofMinutes(15),
    Duration.ofMinutes(30),
    Duration.ofHours(1),
    Duration.ofHours(2)
  };

  private final RunResult result;
  private final Scenario scenario;
  private final ScenarioRoute route;
  private final RouteAssessment assessment;
  private final ZoneId zone;
  private final Instant start;
  private final Instant end;
  private final Duration yMax;
  private final StringBuilder svg = new StringBuilder(32_000);
  private final List<List<double[]>> markerRows = new ArrayList<>();

  LatencyChart(RunResult result, RouteAssessment assessment) {
    this.result = result;
    this.scenario = result.scenario();
    this.route = assessment.route();
    this.assessment = assessment;
    this.zone = scenario.zone();
    this.start = scenario.start();
    this.end = scenario.end();
    this.yMax = latencyScale();
  }

  /** The chart, an {@code <svg>} element. */
  String svg() {
    svg.append("<svg class=\"chart\" viewBox=\"0 0 ")
        .append(WIDTH)
        .append(' ')
        .append(HEIGHT)
        .append("\" role=\"img\" aria-label=\"Latency of route ")
        .append(HtmlReport.escape(route.id()))
        .append(" over time\">");
    svg.append(
        "<defs><pattern id=\"grace-"
            + route.id()
            + "\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\""
            + " patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#f4efff\"/>"
            + "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#d9ccff\" stroke-width=\"3\"/>"
            + "</pattern></defs>");
    rect(LEFT, TOP, PLOT_WIDTH, PLOT_HEIGHT, "plot", null);
    windows();
    grid();
    thresholds();
    serverEvents();
    incidents();
    flushes();
    probes();
    conditions();
    svg.append("</svg>");
    return svg.toString();
  }

  private void windows() {
    Duration grace = route.policy().maintenanceGrace();
    for (WindowHistory window : result.windows()) {
      if (!window.covers(route.id(), route.source(), route.target())) {
        continue;
      }
      String title =
          "window "
              + window.id()
              + " ("
              + window.scope()
              + "): "
              + local(window.start())
              + "–"
              + local(window.end())
              + ", "
              + window.reason();
      if (window.deletedAt().isPresent()) {
        double from = x(window.start());
        double to = x(min(window.end(), end));
        svg.append(
            String.format(
                Locale.ROOT,
                "<rect class=\"window-deleted\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\"><title>%s</title></rect>",
                from,
                TOP,
                Math.max(1, to - from),
                PLOT_HEIGHT,
                HtmlReport.escape(title + "; deleted at " + local(window.deletedAt().get()))));
        label(
            from + 4,
            TOP + PLOT_HEIGHT - 6,
            window.id() + " (deleted " + local(window.deletedAt().get()) + ")",
            "window-label",
            "start");
        continue;
      }
      if (window.firstEnd().isAfter(window.end())) {
        double from = x(window.end());
        double to = x(min(window.firstEnd(), end));
        svg.append(
            String.format(
                Locale.ROOT,
                "<rect class=\"window-cut\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\"><title>%s</title></rect>",
                from,
                TOP,
                Math.max(1, to - from),
                PLOT_HEIGHT,
                HtmlReport.escape(
                    "planned until "
                        + local(window.firstEnd())
                        + ", ended early at "
                        + local(window.end()))));
        label(to - 4, TOP + 12, "planned until " + local(window.firstEnd()), "window-label", "end");
      }
      double from = x(window.start());
      double to = x(min(window.end(), end));
      double graceTo = x(min(window.end().plus(grace), end));
      svg.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"url(#grace-%s)\"><title>%s</title></rect>",
              to,
              TOP,
              Math.max(0, graceTo - to),
              PLOT_HEIGHT,
              HtmlReport.escape(route.id()),
              HtmlReport.escape(
                  "grace after " + window.id() + " until " + local(window.end().plus(grace)))));
      svg.append(
          String.format(
              Locale.ROOT,
              "<rect class=\"window\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\"><title>%s</title></rect>",
              from,
              TOP,
              Math.max(1, to - from),
              PLOT_HEIGHT,
              HtmlReport.escape(title)));
      label(from + 4, TOP + PLOT_HEIGHT - 6, window.id(), "window-label", "start");
    }
  }

  private void grid() {
    Duration timeStep = step(TIME_STEPS, Duration.between(start, end), 10);
    Instant tick = firstTick(timeStep);
    while (!tick.isAfter(end)) {
      double x = x(tick);
      line(x, TOP, x, TOP + PLOT_HEIGHT, "grid");
      label(x, TOP + PLOT_HEIGHT + 30, CLOCK.format(tick.atZone(zone)), "axis", "middle");
      tick = tick.plus(timeStep);
    }
    Duration latencyStep = step(LATENCY_STEPS, yMax, 6);
    for (Duration value = Duration.ZERO;
        value.compareTo(yMax) <= 0;
        value = value.plus(latencyStep)) {
      double y = y(value);
      line(LEFT, y, LEFT + PLOT_WIDTH, y, value.isZero() ? "axis-line" : "grid");
      label(LEFT - 8, y + 4, Wording.duration(value), "axis", "end");
    }
    label(
        16,
        TOP + PLOT_HEIGHT / 2.0,
        "latency",
        "axis-title",
        "middle",
        "rotate(-90 16 " + (TOP + PLOT_HEIGHT / 2.0) + ")");
  }

  private void thresholds() {
    RoutePolicy policy = route.policy();
    // Labels of thresholds close together are moved apart, lowest first, so none hides another.
    double lowestLabel = Double.MAX_VALUE;
    lowestLabel =
        threshold(
            policy.warningLatency(),
            "warning",
            "slow from " + Wording.duration(policy.warningLatency()),
            lowestLabel);
    lowestLabel =
        threshold(
            policy.criticalLatency(),
            "critical",
            "critical from " + Wording.duration(policy.criticalLatency()),
            lowestLabel);
    threshold(
        policy.lossTimeout(),
        "loss",
        "lost after " + Wording.duration(policy.lossTimeout()),
        lowestLabel);
  }

  /** Draws a threshold; answers where its label went, for the next one above it. */
  private double threshold(Duration value, String kind, String text, double labelBelow) {
    if (value.compareTo(yMax) > 0) {
      return labelBelow;
    }
    double y = y(value);
    line(LEFT, y, LEFT + PLOT_WIDTH, y, "threshold " + kind);
    double labelY = Math.min(y + 4, labelBelow - 13);
    label(LEFT + PLOT_WIDTH + 6, labelY, text, "threshold-label " + kind, "start");
    return labelY;
  }

  private void serverEvents() {
    List<String> path = pathServers();
    for (RunEvent event : result.events()) {
      if (event instanceof RunEvent.ServerState) {
        RunEvent.ServerState state = (RunEvent.ServerState) event;
        if (path.contains(state.server())) {
          marker(
              state.at(),
              state.server() + (state.up() ? " up ▲" : " down ▼"),
              state.up() ? "up" : "down",
              null);
        }
      } else if (event instanceof RunEvent.ServerBehaviour) {
        RunEvent.ServerBehaviour behaviour = (RunEvent.ServerBehaviour) event;
        if (path.contains(behaviour.server())) {
          marker(
              behaviour.at(),
              behaviour.server() + ": " + behaviour.summary(),
              "behaviour",
              behaviour.server() + " " + behaviour.description());
        }
      } else if (event instanceof RunEvent.AlertTopicState) {
        RunEvent.AlertTopicState topic = (RunEvent.AlertTopicState) event;
        marker(
            topic.at(),
            topic.available() ? "alert topic back ▲" : "alert topic down ▼",
            topic.available() ? "up" : "down",
            topic.available()
                ? "the alert topic is created again and the subscriber's queue subscribed again"
                : "the alert topic is deleted: notices decided now are kept until it is back");
      } else if (event instanceof RunEvent.ScheduleChanged) {
        RunEvent.ScheduleChanged changed = (RunEvent.ScheduleChanged) event;
        marker(
            changed.at(),
            changed.function() + (changed.running() ? " resumed" : " stopped"),
            changed.running() ? "up" : "down",
            null);
      }
    }
  }

  /** The servers the route's mail passes: its source, any smart hosts, its target. */
  private List<String> pathServers() {
    List<String> path = new ArrayList<>();
    String current = route.source();
    while (current != null && !path.contains(current)) {
      path.add(current);
      current =
          current.equals(route.target())
              ? null
              : scenario
                  .server(current)
                  .flatMap(server -> server.relayVia())
                  .orElse(route.target());
    }
    return path;
  }

  /**
   * A thin line at {@code at} with a label under the axis. Labels go on the first row below the
   * axis where they overlap no other, so events close together stay readable.
   */
  private void marker(Instant at, String text, String kind, String title) {
    double x = x(at);
    double width = text.length() * LABEL_CHARACTER_WIDTH + 8;
    int row = 0;
    while (row < markerRows.size() && overlaps(markerRows.get(row), x, x + width)) {
      row++;
    }
    if (row == markerRows.size()) {
      markerRows.add(new ArrayList<>());
    }
    markerRows.get(row).add(new double[] {x, x + width});
    line(x, TOP, x, TOP + PLOT_HEIGHT + 40 + 13 * row, "marker " + kind);
    double y = TOP + PLOT_HEIGHT + 52 + 13 * row;
    svg.append(
        String.format(
            Locale.ROOT,
            "<text class=\"marker-label %s\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"start\">%s%s</text>",
            kind,
            x + 3,
            y,
            HtmlReport.escape(text),
            title == null ? "" : "<title>" + HtmlReport.escape(title) + "</title>"));
  }

  private static boolean overlaps(List<double[]> row, double from, double to) {
    for (double[] taken : row) {
      if (from < taken[1] && taken[0] < to) {
        return true;
      }
    }
    return false;
  }

  private void incidents() {
    Map<String, List<Notice>> byIncident = new LinkedHashMap<>();
    for (ReceivedNotice received : result.notices()) {
      received
          .incident()
          .filter(
              notice ->
                  notice.aboutFault()
                      ? notice.fault().routes().contains(route.id())
                      : notice.routeId().equals(route.id()))
          .ifPresent(
              notice ->
                  byIncident
                      .computeIfAbsent(notice.incidentId(), id -> new ArrayList<>())
                      .add(notice));
    }
    for (List<Notice> notices : byIncident.values()) {
      Notice first = notices.get(0);
      Instant opened = first.openedAt() == null ? first.at() : first.openedAt();
      Optional<Instant> resolved =
          notices.stream()
              .filter(n -> n.type().name().equals("RESOLVED"))
              .map(Notice::at)
              .findFirst();
      boolean critical = notices.stream().anyMatch(n -> n.severity().name().equals("CRITICAL"));
      double from = x(opened);
      double to = x(resolved.orElse(end));
      String kind = critical ? "critical" : "warning";
      svg.append(
          String.format(
              Locale.ROOT,
              "<rect class=\"incident %s\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"18\" rx=\"3\"><title>%s</title></rect>",
              kind,
              from,
              TOP - 30,
              Math.max(2, to - from),
              HtmlReport.escape(first.incidentId() + ": " + first.headline())));
      svg.append(
          String.format(
              Locale.ROOT,
              "<rect class=\"incident-shade %s\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\"/>",
              kind,
              from,
              TOP,
              Math.max(2, to - from),
              PLOT_HEIGHT));
      String text =
          (critical ? "CRITICAL " : "WARNING ")
              + local(opened)
              + resolved.map(r -> "–" + local(r)).orElse(" (open)");
      // A short incident's band is too narrow for its label: the label then follows the band.
      boolean fits = to - from > text.length() * 6.4 + 10;
      label(
          fits ? from + 5 : to + 5,
          TOP - 17,
          text,
          fits ? "incident-label" : "incident-label outside " + kind,
          "start");
      for (Notice notice : notices) {
        double x = x(notice.at());
        svg.append(
            String.format(
                Locale.ROOT,
                "<path class=\"notice-mark\" d=\"M%.1f %d l-5 -8 h10 z\"><title>%s</title></path>",
                x,
                TOP - 1,
                HtmlReport.escape(
                    notice.type() + " at " + local(notice.at()) + ": " + notice.headline())));
      }
    }
  }

  private void flushes() {
    for (BacklogFlush flush : assessment.flushes()) {
      List<AssessedProbe> members = new ArrayList<>();
      for (AssessedProbe probe : assessment.probes()) {
        if (flush.probeIds().contains(probe.probe().probeId())) {
          members.add(probe);
        }
      }
      if (members.isEmpty()) {
        continue;
      }
      AssessedProbe oldest = members.get(0);
      Instant deliveredAt = flush.firstDeliveredAt();
      double x1 = x(oldest.probe().sentAt());
      double y1 = y(oldest.latency());
      double x2 = x(deliveredAt);
      double y2 = y(Duration.ZERO);
      svg.append(
          String.format(
              Locale.ROOT,
              "<line class=\"flush\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"><title>%s</title></line>",
              x1,
              y1,
              x2,
              y2,
              HtmlReport.escape(flush.describe())));
      line(x2, TOP, x2, TOP + PLOT_HEIGHT, "flush-time");
      label(
          x2 + 5,
          TOP + 14,
          "flush "
              + CLOCK_SECONDS.format(deliveredAt.atZone(zone))
              + ": "
              + flush.size()
              + " queued probes",
          "flush-label",
          "start");
      if (flush.sentDuringMaintenance() > 0) {
        label(
            x2 + 5,
            TOP + 28,
            flush.sentDuringMaintenance() + " sent during maintenance",
            "flush-label small",
            "start");
      }
    }
  }

  private void probes() {
    for (AssessedProbe assessed : assessment.probes()) {
      double x = x(assessed.probe().sentAt());
      String title = HtmlReport.escape(describe(assessed));
      String covered = assessed.maintenanceAffected() ? " covered" : "";
      Verdict verdict = assessed.verdict();
      if (verdict == Verdict.LOST) {
        double y = TOP + 8;
        svg.append(
            String.format(
                Locale.ROOT,
                "<path class=\"lost%s\" d=\"M%.1f %.1f l8 8 m0 -8 l-8 8\"><title>%s</title></path>",
                covered,
                x - 4,
                y - 4,
                title));
      } else if (verdict == Verdict.SEND_FAILED) {
        svg.append(
            String.format(
                Locale.ROOT,
                "<rect class=\"not-submitted%s\" x=\"%.1f\" y=\"%.1f\" width=\"8\" height=\"8\"><title>%s</title></rect>",
                covered,
                x - 4,
                (double) TOP + PLOT_HEIGHT - 4,
                title));
      } else if (verdict == Verdict.IN_FLIGHT) {
        svg.append(
            String.format(
                Locale.ROOT,
                "<circle class=\"in-flight\" cx=\"%.1f\" cy=\"%.1f\" r=\"4\"><title>%s</title></circle>",
                x,
                (double) TOP + PLOT_HEIGHT,
                title));
      } else {
        if (assessed.probe().delivery().hops().stream().anyMatch(Hop::clockSkew)) {
          svg.append(
              String.format(
                  Locale.ROOT,
                  "<circle class=\"skew\" cx=\"%.1f\" cy=\"%.1f\" r=\"8\"><title>%s</title></circle>",
                  x,
                  y(assessed.latency()),
                  title));
        }
        svg.append(
            String.format(
                Locale.ROOT,
                "<circle class=\"probe %s%s\" cx=\"%.1f\" cy=\"%.1f\" r=\"4.5\"><title>%s</title></circle>",
                verdict.name().toLowerCase(Locale.ROOT).replace('_', '-'),
                covered,
                x,
                y(assessed.latency()),
                title));
      }
    }
  }

  private void conditions() {
    List<RunEvent.Evaluated> evaluations = result.eventsOf(RunEvent.Evaluated.class);
    double y = TOP + PLOT_HEIGHT + 6;
    for (int i = 0; i < evaluations.size(); i++) {
      RunEvent.Evaluated evaluation = evaluations.get(i);
      String condition = evaluation.conditions().get(route.id());
      if (condition == null) {
        continue;
      }
      Instant until = i + 1 < evaluations.size() ? evaluations.get(i + 1).at() : end;
      double from = x(evaluation.at());
      double to = x(until);
      svg.append(
          String.format(
              Locale.ROOT,
              "<rect class=\"condition %s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"9\"><title>%s</title></rect>",
              condition.toLowerCase(Locale.ROOT).replace('_', '-'),
              from,
              y,
              Math.max(1, to - from),
              HtmlReport.escape(local(evaluation.at()) + " evaluation: " + condition)));
    }
  }

  private String describe(AssessedProbe assessed) {
    StringBuilder text =
        new StringBuilder("probe ")
            .append(assessed.probe().probeId())
            .append(" sent ")
            .append(CLOCK_SECONDS.format(assessed.probe().sentAt().atZone(zone)))
            .append(": ")
            .append(assessed.verdict().name().replace('_', ' ').toLowerCase(Locale.ROOT));
    if (assessed.probe().delivery() != null) {
      text.append(", delivered ")
          .append(CLOCK_SECONDS.format(assessed.probe().delivery().deliveredAt().atZone(zone)))
          .append(" after ")
          .append(Wording.duration(assessed.latency()));
    }
    if (assessed.probe().submission() != null && !assessed.probe().submission().accepted()) {
      text.append(" (").append(assessed.probe().submission().reply()).append(')');
    }
    if (assessed.maintenanceAffected()) {
      text.append("; covered by maintenance window ").append(assessed.maintenanceWindowId());
    }
    if (assessed.probe().delivery() != null) {
      for (Hop hop : assessed.probe().delivery().hops()) {
        if (hop.clockSkew()) {
          text.append("; clock skew at ")
              .append(hop.by())
              .append(" (")
              .append(Wording.duration(hop.delay()))
              .append(')');
        }
      }
    }
    return text.toString();
  }

  private Duration latencyScale() {
    Duration highest = route.policy().lossTimeout().multipliedBy(115).dividedBy(100);
    for (AssessedProbe probe : assessment.probes()) {
      if (probe.latency() != null) {
        Duration padded = probe.latency().multipliedBy(108).dividedBy(100);
        if (padded.compareTo(highest) > 0) {
          highest = padded;
        }
      }
    }
    return highest;
  }

  private static Duration step(Duration[] steps, Duration range, int most) {
    for (Duration step : steps) {
      if (range.toMillis() / step.toMillis() <= most) {
        return step;
      }
    }
    return steps[steps.length - 1];
  }

  private Instant firstTick(Duration step) {
    long stepSeconds = step.toSeconds();
    long offset = start.atZone(zone).getOffset().getTotalSeconds();
    long local = start.getEpochSecond() + offset;
    long first = ((local + stepSeconds - 1) / stepSeconds) * stepSeconds;
    return Instant.ofEpochSecond(first - offset);
  }

  private double x(Instant instant) {
    double fraction =
        (double) Duration.between(start, instant).toMillis()
            / Duration.between(start, end).toMillis();
    return LEFT + Math.max(0, Math.min(1, fraction)) * PLOT_WIDTH;
  }

  private double y(Duration latency) {
    double fraction = latency == null ? 0 : (double) latency.toMillis() / yMax.toMillis();
    return TOP + PLOT_HEIGHT - Math.max(0, Math.min(1, fraction)) * PLOT_HEIGHT;
  }

  private String local(Instant instant) {
    DateTimeFormatter format = instant.getEpochSecond() % 60 == 0 ? CLOCK : CLOCK_SECONDS;
    return format.format(instant.atZone(zone));
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private void rect(
      double x, double y, double width, double height, String cssClass, String title) {
    svg.append(
        String.format(
            Locale.ROOT,
            "<rect class=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\">%s</rect>",
            cssClass,
            x,
            y,
            width,
            height,
            title == null ? "" : "<title>" + HtmlReport.escape(title) + "</title>"));
  }

  private void line(double x1, double y1, double x2, double y2, String cssClass) {
    svg.append(
        String.format(
            Locale.ROOT,
            "<line class=\"%s\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>",
            cssClass,
            x1,
            y1,
            x2,
            y2));
  }

  private void label(double x, double y, String text, String cssClass, String anchor) {
    label(x, y, text, cssClass, anchor, null);
  }

  private void label(
      double x, double y, String text, String cssClass, String anchor, String transform) {
    svg.append(
        String.format(
            Locale.ROOT,
            "<text class=\"%s\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\"%s>%s</text>",
            cssClass,
            x,
            y,
            anchor,
            transform == null ? "" : " transform=\"" + transform + "\"",
            HtmlReport.escape(text)));
  }
}
