package dev.mailflow.local.output;

import dev.mailflow.domain.evaluation.NoticeWording;
import dev.mailflow.domain.evaluation.Wording;
import dev.mailflow.domain.probe.Hop;
import dev.mailflow.local.simulation.ReceivedNotice;
import dev.mailflow.local.simulation.RunEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One event of a run as one plain sentence, for the report's timeline. */
final class TimelineText {
  private TimelineText() {}

  /** The sentence, or {@code null} for events the timeline leaves out. */
  static String of(RunEvent event) {
    if (event instanceof RunEvent.ProbeSubmitted) {
      RunEvent.ProbeSubmitted sent = (RunEvent.ProbeSubmitted) event;
      return sent.route()
          + ": probe "
          + sent.probeId()
          + (sent.accepted() ? " submitted: " : " not submitted: ")
          + (sent.replyCode() == 0 ? "" : sent.replyCode() + " ")
          + sent.reply();
    }
    if (event instanceof RunEvent.ProbeDelivered) {
      RunEvent.ProbeDelivered delivered = (RunEvent.ProbeDelivered) event;
      return delivered.route()
          + ": probe "
          + delivered.probeId()
          + " delivered after "
          + Wording.duration(delivered.latency())
          + " ("
          + hops(delivered.hops())
          + ")";
    }
    if (event instanceof RunEvent.ArrivalNotRecorded) {
      RunEvent.ArrivalNotRecorded arrival = (RunEvent.ArrivalNotRecorded) event;
      return "SES message " + arrival.messageId() + " not recorded: " + arrival.summary();
    }
    if (event instanceof RunEvent.ArrivalRefused) {
      RunEvent.ArrivalRefused refused = (RunEvent.ArrivalRefused) event;
      return "SES message "
          + refused.messageId()
          + " turned away ("
          + refused.outcome()
          + "): "
          + refused.explanation();
    }
    if (event instanceof RunEvent.EventWithoutEffect) {
      return "not played: " + ((RunEvent.EventWithoutEffect) event).description();
    }
    if (event instanceof RunEvent.MailRelayed) {
      RunEvent.MailRelayed relayed = (RunEvent.MailRelayed) event;
      return relayed.server()
          + " relayed "
          + relayed.queueId()
          + (relayed.route() == null ? "" : " (" + relayed.route() + ")")
          + " to "
          + relayed.nextHop()
          + " after "
          + Wording.duration(relayed.queued())
          + " in its queue";
    }
    if (event instanceof RunEvent.RelayDeferred) {
      RunEvent.RelayDeferred deferred = (RunEvent.RelayDeferred) event;
      return deferred.server()
          + " could not hand "
          + deferred.mails()
          + (deferred.mails() == 1 ? " mail" : " mails")
          + " to "
          + deferred.nextHop()
          + ": "
          + deferred.reason()
          + "; retry at "
          + Wording.instant(deferred.retryAt());
    }
    if (event instanceof RunEvent.MailBounced) {
      RunEvent.MailBounced bounced = (RunEvent.MailBounced) event;
      return bounced.server() + " gave up a mail for " + bounced.nextHop() + ": " + bounced.reply();
    }
    if (event instanceof RunEvent.MailLost) {
      RunEvent.MailLost lost = (RunEvent.MailLost) event;
      return lost.server() + " accepted " + lost.queueId() + " and dropped it";
    }
    if (event instanceof RunEvent.Greylisted) {
      RunEvent.Greylisted greylisted = (RunEvent.Greylisted) event;
      return greylisted.server()
          + " greylisted mail from "
          + greylisted.client()
          + " until "
          + Wording.instant(greylisted.acceptedFrom());
    }
    if (event instanceof RunEvent.ServerState) {
      RunEvent.ServerState state = (RunEvent.ServerState) event;
      return state.server() + (state.up() ? " started again" : " shut down");
    }
    if (event instanceof RunEvent.ServerBehaviour) {
      RunEvent.ServerBehaviour behaviour = (RunEvent.ServerBehaviour) event;
      return behaviour.server() + " " + behaviour.description();
    }
    if (event instanceof RunEvent.WindowChanged) {
      RunEvent.WindowChanged changed = (RunEvent.WindowChanged) event;
      return "window "
          + changed.windowId()
          + ": "
          + changed.change().name().toLowerCase().replace('_', ' ')
          + " "
          + changed.description();
    }
    if (event instanceof RunEvent.WindowBoundary) {
      RunEvent.WindowBoundary boundary = (RunEvent.WindowBoundary) event;
      return "window " + boundary.windowId() + (boundary.opens() ? " opens" : " ends");
    }
    if (event instanceof RunEvent.ScheduleChanged) {
      RunEvent.ScheduleChanged changed = (RunEvent.ScheduleChanged) event;
      return "the " + changed.function() + " schedule " + (changed.running() ? "resumes" : "stops");
    }
    if (event instanceof RunEvent.Evaluated) {
      List<String> parts = new ArrayList<>();
      for (Map.Entry<String, String> condition :
          ((RunEvent.Evaluated) event).conditions().entrySet()) {
        parts.add(condition.getKey() + " " + condition.getValue());
      }
      RunEvent.Evaluated evaluated = (RunEvent.Evaluated) event;
      return "evaluation: "
          + String.join(", ", parts)
          + (evaluated.pending() == 0
              ? ""
              : "; "
                  + evaluated.pending()
                  + (evaluated.pending() == 1 ? " notice" : " notices")
                  + " could not be published, kept for the next run");
    }
    if (event instanceof RunEvent.NoticeReceived) {
      ReceivedNotice notice = ((RunEvent.NoticeReceived) event).notice();
      return "notice received: "
          + notice.headline()
          + (notice.delayed()
              ? " (decided at " + Wording.instant(notice.at()) + ", published by a later run)"
              : "");
    }
    if (event instanceof RunEvent.AlertTopicState) {
      return ((RunEvent.AlertTopicState) event).available()
          ? "the alert topic is back: created again, the subscriber's queue subscribed again"
          : "the alert topic is deleted: every publish to it fails until it is back";
    }
    if (event instanceof RunEvent.FunctionFailed) {
      RunEvent.FunctionFailed failed = (RunEvent.FunctionFailed) event;
      return "the " + failed.function() + " function failed: " + failed.message();
    }
    if (event instanceof RunEvent.Remark) {
      return "— " + ((RunEvent.Remark) event).text();
    }
    return null;
  }

  private static String hops(List<Hop> hops) {
    List<String> parts = new ArrayList<>();
    for (Hop hop : hops) {
      parts.add(
          hop.clockSkew()
              ? hop.by() + " " + NoticeWording.clockOff(hop.clockOffset())
              : hop.by() + " after " + (hop.delay() == null ? "?" : Wording.duration(hop.delay())));
    }
    return String.join("; ", parts);
  }
}
