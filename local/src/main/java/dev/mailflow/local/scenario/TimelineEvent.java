package dev.mailflow.local.scenario;

import dev.mailflow.domain.maintenance.Recurrence;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One thing that happens at a moment of a scenario: an operator's action on the maintenance window
 * table, a change in how a mail server behaves, the monitor's schedule stopping or resuming, the
 * alert topic going away and coming back, or inbound mail arriving twice, forged or replayed.
 *
 * <p>Each kind is one record here, named in a scenario file by its {@link #kind()}, such as {@code
 * event: down}. Every event carries the instant it happens at and an optional note for the
 * timeline.
 */
public sealed interface TimelineEvent {

  /** When it happens. */
  Instant at();

  /** A person's remark shown with it in the timeline, or empty. */
  String note();

  /** Its name in a scenario file. */
  String kind();

  /**
   * An operator puts a maintenance window item, as the put-item line of docs/maintenance-windows.md
   * does: a one-off window from {@code start} to {@code end}, or, with a recurrence, a series whose
   * first start is {@code start} and which has no {@code end}.
   */
  record PutWindow(
      Instant at,
      String note,
      String windowId,
      String scope,
      Instant start,
      Instant end,
      String reason,
      String setBy,
      Optional<Recurrence> recurrence)
      implements TimelineEvent {
    public PutWindow {
      Objects.requireNonNull(windowId, "windowId");
      Objects.requireNonNull(scope, "scope");
      Objects.requireNonNull(recurrence, "recurrence");
      if (recurrence.isEmpty()) {
        Objects.requireNonNull(end, "end");
      }
    }

    @Override
    public String kind() {
      return "putWindow";
    }
  }

  /** An operator sets a window's end: to shorten it, extend it, or end it now. */
  record SetWindowEnd(Instant at, String note, String windowId, Instant end)
      implements TimelineEvent {
    @Override
    public String kind() {
      return "setWindowEnd";
    }
  }

  /** An operator deletes a window item. */
  record DeleteWindow(Instant at, String note, String windowId) implements TimelineEvent {
    @Override
    public String kind() {
      return "deleteWindow";
    }
  }

  /**
   * An operator puts an item as written, right or wrong: every attribute a string, except a numeric
   * {@code expiresAt}.
   */
  record PutWindowItem(Instant at, String note, Map<String, String> attributes)
      implements TimelineEvent {
    public PutWindowItem {
      attributes = Map.copyOf(attributes);
    }

    @Override
    public String kind() {
      return "putWindowItem";
    }
  }

  /** A server is shut down: its ports refuse connections, its queue waits. */
  record ServerDown(Instant at, String note, String server) implements TimelineEvent {
    @Override
    public String kind() {
      return "down";
    }
  }

  /** A server is started again, on the same ports. */
  record ServerUp(Instant at, String note, String server) implements TimelineEvent {
    @Override
    public String kind() {
      return "up";
    }
  }

  /** A server holds every mail this long before relaying it; zero ends it. */
  record SlowRelay(Instant at, String note, String server, Duration delay)
      implements TimelineEvent {
    @Override
    public String kind() {
      return "slow";
    }
  }

  /**
   * A server accepts and then silently drops the next {@code count} mails, or only those of one
   * route.
   */
  record LoseMail(Instant at, String note, String server, int count, String route)
      implements TimelineEvent {
    @Override
    public String kind() {
      return "lose";
    }
  }

  /** A server greylists mail from other servers for this long; zero ends it. */
  record Greylist(Instant at, String note, String server, Duration delay) implements TimelineEvent {
    @Override
    public String kind() {
      return "greylist";
    }
  }

  /** A server's clock is set off by this much (negative: behind). */
  record ClockSkew(Instant at, String note, String server, Duration skew) implements TimelineEvent {
    @Override
    public String kind() {
      return "skew";
    }
  }

  /**
   * A server refuses every submission at MAIL FROM with this reply, as one whose policy rejects the
   * monitor's sender does ({@code 554 5.7.1 ... Sender address rejected}), until {@link
   * AcceptSubmission}.
   *
   * @param code a 4xx or 5xx reply code
   * @param text the reply's text, such as {@code 5.7.1 <mailflow@contoso.se>: Access denied}
   */
  record RefuseSubmission(Instant at, String note, String server, int code, String text)
      implements TimelineEvent {
    public RefuseSubmission {
      if (code < 400 || code > 599) {
        throw new IllegalArgumentException("a refusal is a 4xx or 5xx reply, not " + code);
      }
    }

    @Override
    public String kind() {
      return "refuseSubmission";
    }
  }

  /**
   * A server takes submission connections but never answers them, not even with its greeting, as a
   * hung server does, until {@link AcceptSubmission}: the send function waits for its read timeout.
   */
  record HangSubmission(Instant at, String note, String server) implements TimelineEvent {
    @Override
    public String kind() {
      return "hangSubmission";
    }
  }

  /** A server takes submission as usual again. */
  record AcceptSubmission(Instant at, String note, String server) implements TimelineEvent {
    @Override
    public String kind() {
      return "acceptSubmission";
    }
  }

  /** A server tries every queued mail now, as {@code postqueue -f} or "Retry queue" do. */
  record RetryQueue(Instant at, String note, String server) implements TimelineEvent {
    @Override
    public String kind() {
      return "retryQueue";
    }
  }

  /**
   * The receive function is handed the receipt event of the next mail SES takes for {@code route}
   * (for any route when empty) a second time, as Lambda retries an asynchronous invocation.
   */
  record InvokeTwice(Instant at, String note, Optional<String> route) implements TimelineEvent {
    public InvokeTwice {
      Objects.requireNonNull(route, "route");
    }

    @Override
    public String kind() {
      return "invokeTwice";
    }
  }

  /**
   * SES takes the next mail for {@code route} (for any route when empty), but the connection drops
   * before its reply reaches the sending server, which keeps the mail and sends it again at its
   * next retry: the same probe arrives twice, under two SES message ids.
   */
  record DropSesReply(Instant at, String note, Optional<String> route) implements TimelineEvent {
    public DropSesReply {
      Objects.requireNonNull(route, "route");
    }

    @Override
    public String kind() {
      return "dropSesReply";
    }
  }

  /**
   * A mail to {@code route}'s probe mailbox arrives at SES from outside, looking like a probe but
   * with a token signed by another key than the monitor's.
   */
  record ForgeProbe(Instant at, String note, String route) implements TimelineEvent {
    @Override
    public String kind() {
      return "forgeProbe";
    }
  }

  /**
   * The first probe mail of {@code route} that SES received is mailed to it again from outside, as
   * someone who captured it would: a genuine token, but as old as that probe.
   */
  record ReplayProbe(Instant at, String note, String route) implements TimelineEvent {
    @Override
    public String kind() {
      return "replayProbe";
    }
  }

  /**
   * The newest probe mail of {@code route} that SES received is mailed to it again at once, from
   * outside, as by someone who captured it on its way: a genuine token, well within the replay
   * window. Only the route's target server naming its relay host ({@code originChecked}) tells it
   * from the real one.
   */
  record CaptureProbe(Instant at, String note, String route) implements TimelineEvent {
    @Override
    public String kind() {
      return "captureProbe";
    }
  }

  /**
   * The alert topic becomes unavailable: it is deleted, as by a mistaken clean-up, and every
   * publish to it fails until it is back. The evaluate function keeps the notices it could not
   * publish.
   */
  record AlertTopicDown(Instant at, String note) implements TimelineEvent {
    @Override
    public String kind() {
      return "topicDown";
    }
  }

  /**
   * The alert topic is back: created again under the same name, so with the same ARN the evaluate
   * function is configured with, and the subscriber's queue subscribed to it again.
   */
  record AlertTopicUp(Instant at, String note) implements TimelineEvent {
    @Override
    public String kind() {
      return "topicUp";
    }
  }

  /** A function's schedule stops: its rule is disabled, or it fails at every run. */
  record StopSchedule(Instant at, String note, MonitorFunction function) implements TimelineEvent {
    @Override
    public String kind() {
      return "stop";
    }
  }

  /** A function's schedule runs again. */
  record ResumeSchedule(Instant at, String note, MonitorFunction function)
      implements TimelineEvent {
    @Override
    public String kind() {
      return "resume";
    }
  }

  /** The scheduled functions of the monitor. */
  enum MonitorFunction {
    SEND,
    EVALUATE,
    /**
     * The receive function: stopped, it fails at every invocation (a bad deployment, a revoked
     * permission), so SES takes every mail and none is recorded; its events go to the failure
     * queue.
     */
    RECEIVE
  }
}
