package dev.mailflow.local.output;

import dev.mailflow.domain.evaluation.BacklogFlush;
import dev.mailflow.domain.evaluation.Notice;
import dev.mailflow.domain.evaluation.NoticeWording;
import dev.mailflow.domain.evaluation.Wording;
import dev.mailflow.domain.probe.ArrivalOutcome;
import dev.mailflow.domain.probe.Hop;
import dev.mailflow.local.scenario.Scenario;
import dev.mailflow.local.scenario.ScenarioServer;
import dev.mailflow.local.simulation.ReceivedNotice;
import dev.mailflow.local.simulation.RunEvent;
import dev.mailflow.local.simulation.RunListener;
import dev.mailflow.local.simulation.RunResult;
import dev.mailflow.local.simulation.RunSetup;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The run as it happens, one line per moment worth seeing: probes sent and delivered with their
 * latency and hops, mail held in queues and flushed, servers going down and up, windows opening and
 * closing, and each notice as the subscriber received it. On a terminal a progress line follows the
 * simulated clock at the bottom.
 *
 * <p>Relays are summed up per step rather than told mail by mail: "4 mails relayed after up to 48m
 * 45s" says what matters about a flush.
 */
public final class TerminalTimeline implements RunListener {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
  private static final int PROGRESS_WIDTH = 28;

  private final PrintStream out;
  private final TerminalStyle style;
  private final boolean showProgress;
  private Scenario scenario;
  private ZoneId zone;
  private final Map<String, String> serverByHost = new HashMap<>();
  private final Map<String, RelayBatch> relays = new LinkedHashMap<>();
  private int probesSent;
  private int probesDelivered;
  private int notices;
  private int refusals;
  private boolean progressShown;

  /**
   * @param out where to write
   * @param style colours and symbols the terminal can show
   * @param showProgress whether to keep a progress line at the bottom (on a terminal only)
   */
  public TerminalTimeline(PrintStream out, TerminalStyle style, boolean showProgress) {
    this.out = Objects.requireNonNull(out, "out");
    this.style = Objects.requireNonNull(style, "style");
    this.showProgress = showProgress;
  }

  @Override
  public void started(Scenario started, RunSetup setup) {
    scenario = started;
    zone = started.zone();
    for (ScenarioServer server : started.servers()) {
      serverByHost.put(server.hostname(), server.id());
    }
    StringBuilder ports = new StringBuilder();
    for (Map.Entry<String, Integer> port : setup.submissionPorts().entrySet()) {
      ports.append(port.getKey()).append(" :").append(port.getValue()).append("   ");
    }
    ports.append("SES inbound :").append(setup.inboundPort());
    out.println("  " + style.dim("mail servers  ") + ports);
    out.println();
  }

  @Override
  public synchronized void event(RunEvent event) {
    if (event instanceof RunEvent.MailRelayed) {
      RunEvent.MailRelayed relayed = (RunEvent.MailRelayed) event;
      relays
          .computeIfAbsent(
              relayed.server() + " → " + relayed.nextHop(), key -> new RelayBatch(relayed.at()))
          .add(relayed.queued());
      return;
    }
    String line = line(event);
    if (line != null) {
      print(line);
    }
  }

  @Override
  public synchronized void progress(Instant now) {
    for (Map.Entry<String, RelayBatch> relay : relays.entrySet()) {
      RelayBatch batch = relay.getValue();
      // Mail that only waited its ordinary handling time is not news; a queue being emptied is.
      if (batch.longest.compareTo(Duration.ofMinutes(1)) >= 0) {
        print(
            row(
                batch.at,
                style.blue("⇉", ">>"),
                relay.getKey(),
                (batch.count == 1 ? "1 mail" : batch.count + " mails")
                    + " relayed after up to "
                    + Wording.duration(batch.longest)
                    + " in the queue"));
      }
    }
    relays.clear();
    if (showProgress) {
      long total = Duration.between(scenario.start(), scenario.end()).toSeconds();
      long done = Duration.between(scenario.start(), now).toSeconds();
      int filled = total == 0 ? PROGRESS_WIDTH : (int) (PROGRESS_WIDTH * done / total);
      out.print(
          "\r  "
              + style.dim("▸ " + local(now) + " ")
              + style.blue("━".repeat(filled), "#".repeat(filled))
              + style.dim("─".repeat(PROGRESS_WIDTH - filled), "-".repeat(PROGRESS_WIDTH - filled))
              + style.dim(
                  String.format(
                      " %3d%%  probes %d sent, %d delivered%s · notices %d",
                      total == 0 ? 100 : 100 * done / total,
                      probesSent,
                      probesDelivered,
                      refusals == 0 ? "" : ", " + refusals + " turned away",
                      notices)));
      out.flush();
      progressShown = true;
    }
  }

  @Override
  public synchronized void finished(RunResult result) {
    clearProgress();
  }

  private void print(String line) {
    clearProgress();
    out.println(line);
  }

  private void clearProgress() {
    if (progressShown) {
      out.print("\r\033[K");
      progressShown = false;
    }
  }

  private String line(RunEvent event) {
    if (event instanceof RunEvent.ProbeSubmitted) {
      RunEvent.ProbeSubmitted sent = (RunEvent.ProbeSubmitted) event;
      probesSent++;
      return sent.accepted()
          ? row(
              sent.at(),
              style.dim("→", "->"),
              sent.route(),
              "probe sent, " + sent.replyCode() + " " + sent.reply())
          : row(
              sent.at(),
              style.red("✗", "x"),
              sent.route(),
              style.red("not submitted: ")
                  + (sent.replyCode() == 0 ? "" : sent.replyCode() + " ")
                  + sent.reply());
    }
    if (event instanceof RunEvent.ProbeDelivered) {
      RunEvent.ProbeDelivered delivered = (RunEvent.ProbeDelivered) event;
      probesDelivered++;
      boolean slow = delivered.latency().compareTo(policyWarning(delivered.route())) >= 0;
      String latency = Wording.duration(delivered.latency());
      return row(
          delivered.at(),
          style.green("✓", "ok"),
          delivered.route(),
          "delivered in "
              + (slow ? style.yellow(latency) : latency)
              + style.dim("   " + hops(delivered.hops())));
    }
    if (event instanceof RunEvent.ArrivalNotRecorded) {
      RunEvent.ArrivalNotRecorded arrival = (RunEvent.ArrivalNotRecorded) event;
      return row(
          arrival.at(), style.red("!", "!"), "SES", "mail not recorded: " + arrival.summary());
    }
    if (event instanceof RunEvent.ArrivalRefused) {
      RunEvent.ArrivalRefused refused = (RunEvent.ArrivalRefused) event;
      refusals++;
      return row(
          refused.at(),
          refused.outcome().equals(ArrivalOutcome.DUPLICATE.name())
              ? style.dim("=", "=")
              : style.yellow("⊘", "(x)"),
          refused.route() == null ? "SES" : refused.route(),
          (refused.outcome().equals(ArrivalOutcome.DUPLICATE.name())
                  ? ""
                  : style.yellow("refused: "))
              + refused.explanation()
              + style.dim(" (" + refused.outcome() + ")"));
    }
    if (event instanceof RunEvent.EventWithoutEffect) {
      RunEvent.EventWithoutEffect unplayed = (RunEvent.EventWithoutEffect) event;
      return row(
          unplayed.at(),
          style.red("!", "!"),
          "scenario",
          style.red("not played: " + unplayed.description()));
    }
    if (event instanceof RunEvent.RelayDeferred) {
      RunEvent.RelayDeferred deferred = (RunEvent.RelayDeferred) event;
      return row(
          deferred.at(),
          style.yellow("…", "..."),
          deferred.server() + " → " + deferred.nextHop(),
          "deferred ("
              + (deferred.mails() == 1 ? "1 mail" : deferred.mails() + " mails")
              + " queued): "
              + deferred.reason()
              + style.dim(", retry at " + local(deferred.retryAt())));
    }
    if (event instanceof RunEvent.MailBounced) {
      RunEvent.MailBounced bounced = (RunEvent.MailBounced) event;
      return row(
          bounced.at(),
          style.red("↩", "<-"),
          bounced.server() + " → " + bounced.nextHop(),
          "gave up a mail: " + bounced.reply());
    }
    if (event instanceof RunEvent.MailLost) {
      RunEvent.MailLost lost = (RunEvent.MailLost) event;
      return row(
          lost.at(),
          style.red("☠", "X"),
          lost.server(),
          "accepted mail "
              + lost.queueId()
              + (lost.route() == null ? "" : " (" + lost.route() + ")")
              + " and dropped it");
    }
    if (event instanceof RunEvent.Greylisted) {
      RunEvent.Greylisted greylisted = (RunEvent.Greylisted) event;
      return row(
          greylisted.at(),
          style.yellow("◌", "~"),
          greylisted.server(),
          "greylisted mail from "
              + greylisted.client()
              + (greylisted.route() == null ? "" : " (" + greylisted.route() + ")")
              + ", accepted from "
              + local(greylisted.acceptedFrom()));
    }
    if (event instanceof RunEvent.ServerState) {
      RunEvent.ServerState state = (RunEvent.ServerState) event;
      return state.up()
          ? row(
              state.at(),
              style.green("▲", "UP"),
              state.server(),
              style.green("started again") + queued(state.queued()))
          : row(
              state.at(),
              style.red("▼", "DOWN"),
              state.server(),
              style.red("shut down") + queued(state.queued()));
    }
    if (event instanceof RunEvent.ServerBehaviour) {
      RunEvent.ServerBehaviour behaviour = (RunEvent.ServerBehaviour) event;
      return row(
          behaviour.at(), style.yellow("⚙", "*"), behaviour.server(), behaviour.description());
    }
    if (event instanceof RunEvent.WindowChanged) {
      RunEvent.WindowChanged changed = (RunEvent.WindowChanged) event;
      return row(
          changed.at(),
          style.magenta("◆", "W"),
          "window " + changed.windowId(),
          windowChange(changed.change()) + " " + style.dim(changed.description()));
    }
    if (event instanceof RunEvent.WindowBoundary) {
      RunEvent.WindowBoundary boundary = (RunEvent.WindowBoundary) event;
      return row(
          boundary.at(),
          style.magenta(boundary.opens() ? "▐" : "▌", boundary.opens() ? "[" : "]"),
          "window " + boundary.windowId(),
          boundary.opens()
              ? style.magenta("opens") + " on " + boundary.scope()
              : style.magenta("ends") + " (its grace period follows)");
    }
    if (event instanceof RunEvent.ScheduleChanged) {
      RunEvent.ScheduleChanged changed = (RunEvent.ScheduleChanged) event;
      return row(
          changed.at(),
          changed.running() ? style.green("▶", ">") : style.red("■", "||"),
          changed.function() + " schedule",
          changed.running() ? "resumed" : style.red("stopped"));
    }
    if (event instanceof RunEvent.AlertTopicState) {
      RunEvent.AlertTopicState topic = (RunEvent.AlertTopicState) event;
      return topic.available()
          ? row(
              topic.at(),
              style.green("▲", "UP"),
              "alert topic",
              style.green("back") + ": created again, the subscriber's queue subscribed again")
          : row(
              topic.at(),
              style.red("▼", "DOWN"),
              "alert topic",
              style.red("deleted") + ": every publish to it fails until it is back");
    }
    if (event instanceof RunEvent.Evaluated) {
      RunEvent.Evaluated evaluated = (RunEvent.Evaluated) event;
      // A run that published everything it decided shows in its notices; one that could not, here.
      return evaluated.pending() == 0
          ? null
          : row(
              evaluated.at(),
              style.yellow("⧗", "..."),
              "evaluate",
              style.yellow(
                  "could not publish "
                      + (evaluated.pending() == 1 ? "1 notice" : evaluated.pending() + " notices")
                      + "; kept for its next run"));
    }
    if (event instanceof RunEvent.FunctionFailed) {
      RunEvent.FunctionFailed failed = (RunEvent.FunctionFailed) event;
      return row(
          failed.at(),
          style.red("!", "!"),
          failed.function() + " function",
          style.red("failed: " + failed.message()));
    }
    if (event instanceof RunEvent.Remark) {
      return row(event.at(), style.dim("#", "#"), "", style.dim(((RunEvent.Remark) event).text()));
    }
    if (event instanceof RunEvent.NoticeReceived) {
      notices++;
      return notice(((RunEvent.NoticeReceived) event).notice());
    }
    return null;
  }

  private String notice(ReceivedNotice notice) {
    String bell =
        notice.severity().equals("CRITICAL") ? style.red("●", "(!)") : style.yellow("●", "(!)");
    if (notice.type().equals("RESOLVED")) {
      bell = style.green("○", "(ok)");
    }
    StringBuilder text =
        new StringBuilder(row(notice.receivedAt(), bell, "notice", style.bold(notice.headline())));
    if (notice.delayed()) {
      text.append(System.lineSeparator())
          .append(
              row(
                  null,
                  "",
                  "",
                  style.yellow("decided at " + local(notice.at()) + ", published by a later run")));
    }
    if (notice.incident().isPresent()) {
      Notice incident = notice.incident().get();
      if (incident.aboutFault()) {
        text.append(System.lineSeparator())
            .append(
                row(
                    null,
                    "",
                    "",
                    style.dim(
                        "one incident for "
                            + incident.fault().routes().size()
                            + " routes: "
                            + String.join(", ", incident.fault().routes()))));
      }
      for (BacklogFlush flush : incident.flushes()) {
        text.append(System.lineSeparator())
            .append(row(null, "", "", style.blue("flush: ") + flush.describe()));
      }
      if (incident.suppressedByMaintenance() > 0) {
        text.append(System.lineSeparator())
            .append(
                row(
                    null,
                    "",
                    "",
                    style.dim(
                        incident.suppressedByMaintenance()
                            + (incident.suppressedByMaintenance() == 1 ? " probe" : " probes")
                            + " covered by maintenance, not alerted on")));
      }
    } else {
      text.append(System.lineSeparator()).append(row(null, "", "", style.dim(notice.reason())));
    }
    return text.toString();
  }

  private String row(Instant at, String symbol, String subject, String text) {
    String time = at == null ? "        " : local(at);
    return "  "
        + style.dim(time)
        + "  "
        + TerminalStyle.pad(symbol, 3)
        + " "
        + TerminalStyle.pad(subject, 16)
        + " "
        + text;
  }

  private String hops(List<Hop> hops) {
    List<String> parts = new ArrayList<>();
    for (Hop hop : hops) {
      String by =
          serverByHost.getOrDefault(
              hop.by(), hop.by().startsWith("inbound-smtp.") ? "SES" : hop.by());
      if (hop.clockSkew()) {
        // Its delay was read off the wrong clock: say how far off instead, as the notice does.
        parts.add(style.yellow(by + " (" + NoticeWording.clockOff(hop.clockOffset()) + ")"));
      } else {
        parts.add(by + " " + (hop.delay() == null ? "?" : Wording.duration(hop.delay())));
      }
    }
    return style.dim("→ ", "> ") + String.join(style.dim(" → ", " > "), parts);
  }

  private Duration policyWarning(String routeId) {
    return scenario
        .route(routeId)
        .map(route -> route.policy().warningLatency())
        .orElse(Duration.ofMinutes(2));
  }

  private static String queued(int queued) {
    return queued == 0 ? "" : ", " + queued + (queued == 1 ? " mail" : " mails") + " in its queue";
  }

  private static String windowChange(RunEvent.Change change) {
    switch (change) {
      case PUT:
        return "put";
      case END_SET:
        return "end set";
      case DELETED:
        return "deleted";
      default:
        return "item put";
    }
  }

  private String local(Instant instant) {
    return TIME.format(instant.atZone(zone));
  }

  /** The mails one server handed one next hop in one step. */
  private static final class RelayBatch {
    final Instant at;
    int count;
    Duration longest = Duration.ZERO;

    RelayBatch(Instant at) {
      this.at = at;
    }

    void add(Duration queued) {
      count++;
      if (queued.compareTo(longest) > 0) {
        longest = queued;
      }
    }
  }
}
