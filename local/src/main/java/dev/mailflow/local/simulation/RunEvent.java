package dev.mailflow.local.simulation;

import dev.mailflow.domain.probe.Hop;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Something that happened in a local run, at a simulated instant: what the terminal timeline shows
 * as it happens and what the report is drawn from afterwards.
 *
 * <p>Each kind is one record here. The functions' own results (probes sent, arrivals recorded,
 * route conditions, notices) are read from what the functions answered and stored, not guessed by
 * the simulation.
 */
public sealed interface RunEvent {

  /** When it happened, in simulated time. */
  Instant at();

  /** The send function submitted a probe, or failed to: what its result says. */
  record ProbeSubmitted(
      Instant at,
      String route,
      String probeId,
      Instant sentAt,
      boolean accepted,
      int replyCode,
      String reply)
      implements RunEvent {}

  /** The receive function recorded a probe's arrival; latency and hops as it stored them. */
  record ProbeDelivered(
      Instant at,
      String route,
      String probeId,
      Instant sentAt,
      Instant deliveredAt,
      Duration latency,
      List<Hop> hops)
      implements RunEvent {
    public ProbeDelivered {
      hops = List.copyOf(hops);
    }

    /** True when a hop's delay was flagged because two clocks disagree. */
    public boolean clockSkewFlagged() {
      return hops.stream().anyMatch(Hop::clockSkew);
    }
  }

  /**
   * The receive function did not record a mail the inbound service handed it, or did what it should
   * not: a genuine probe refused, a forged one recorded, a second copy changing the first arrival.
   */
  record ArrivalNotRecorded(Instant at, String messageId, String summary) implements RunEvent {}

  /**
   * The receive function turned a mail away as it should: a probe that arrived again (its first
   * arrival stands), a forged probe, or a replay of an old one.
   *
   * @param route the route of the probe mailbox it was addressed to
   * @param outcome the receive function's outcome: DUPLICATE, FORGED or REPLAYED
   * @param explanation what the mail was and what became of it, in a sentence
   */
  record ArrivalRefused(
      Instant at, String messageId, String route, String outcome, String explanation)
      implements RunEvent {}

  /**
   * A timeline event that found nothing to act on, such as a repeated receipt event for a route
   * whose mail never came: the scenario did not play what it says.
   */
  record EventWithoutEffect(Instant at, String description) implements RunEvent {}

  /** A server handed a mail to its next hop. */
  record MailRelayed(
      Instant at, String server, String nextHop, String queueId, String route, Duration queued)
      implements RunEvent {}

  /**
   * A server could not hand mail to its next hop and keeps it for a later attempt.
   *
   * @param mails how many mails wait: those refused for now, or the whole queue when the connection
   *     failed
   * @param retryAt when the first of the mails refused is tried again, after its back-off
   */
  record RelayDeferred(
      Instant at,
      String server,
      String nextHop,
      int mails,
      String reason,
      Instant retryAt,
      boolean connectionFailed)
      implements RunEvent {}

  /** A server gave a mail up: the next hop refused it for good. */
  record MailBounced(Instant at, String server, String nextHop, String route, String reply)
      implements RunEvent {}

  /** A server accepted a mail and dropped it, as the scenario asked. */
  record MailLost(Instant at, String server, String queueId, String route) implements RunEvent {}

  /** A server refused a mail for now because it greylists its sender. */
  record Greylisted(Instant at, String server, String client, String route, Instant acceptedFrom)
      implements RunEvent {}

  /** A server was shut down or started. */
  record ServerState(Instant at, String server, boolean up, int queued) implements RunEvent {}

  /**
   * A server's behaviour changed: slow, greylisting, clock skew, losing mail, retrying.
   *
   * @param summary a few words for a chart label, such as "slow 4m"
   * @param description the change in a sentence
   */
  record ServerBehaviour(Instant at, String server, String summary, String description)
      implements RunEvent {}

  /** An operator changed the maintenance window table. */
  record WindowChanged(Instant at, String windowId, Change change, String description)
      implements RunEvent {}

  /** What an operator did to a window item. */
  enum Change {
    PUT,
    END_SET,
    DELETED,
    ITEM_PUT
  }

  /** A maintenance window began or ended, as the simulation knows it from the table. */
  record WindowBoundary(Instant at, String windowId, String scope, boolean opens)
      implements RunEvent {}

  /** A function's schedule stopped or resumed. */
  record ScheduleChanged(Instant at, String function, boolean running) implements RunEvent {}

  /**
   * The evaluate function ran: the condition of each route, as its result says.
   *
   * @param published the notices it published
   * @param pending the notices it could not publish and keeps for its next run
   */
  record Evaluated(Instant at, Map<String, String> conditions, int published, int pending)
      implements RunEvent {
    public Evaluated {
      conditions = Map.copyOf(conditions);
    }
  }

  /**
   * The alert topic went away (deleted: every publish fails) or came back (created again, the
   * subscriber's queue subscribed again).
   */
  record AlertTopicState(Instant at, boolean available) implements RunEvent {}

  /** A subscriber received a notice from the alert topic. */
  record NoticeReceived(Instant at, ReceivedNotice notice) implements RunEvent {}

  /** A function's invocation failed. */
  record FunctionFailed(Instant at, String function, String message) implements RunEvent {}

  /** A remark the scenario makes at this moment. */
  record Remark(Instant at, String text) implements RunEvent {}
}
