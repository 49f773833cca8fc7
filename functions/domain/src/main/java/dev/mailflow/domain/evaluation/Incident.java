package dev.mailflow.domain.evaluation;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * An open alert on a route: OPENED, then REMINDERs, then RESOLVED.
 *
 * <p>The id is derived from the route and the opening instant, so two evaluations that race to open
 * the same incident name it the same way, and a notice sent again after a failed publish keeps its
 * id.
 *
 * @param id stable id, such as {@code MX02-to-MX01-20060728T110000Z}
 * @param openedAt when it opened
 * @param lastNotifiedAt when the last notice about it was sent
 * @param severity the most urgent severity seen while it was open
 * @param reason why it opened, in words
 * @param reminders how many reminders have been sent
 * @param intermittent true when it opened on bad probes among the recent ones rather than in a row:
 *     then only the policy's clean stretch closes it
 * @param fault the fault across several routes this incident is part of, or {@code null} when the
 *     route fails alone; its notices are then the fault's, not the route's
 */
public record Incident(
    String id,
    Instant openedAt,
    Instant lastNotifiedAt,
    Severity severity,
    String reason,
    int reminders,
    boolean intermittent,
    Fault fault) {
  /** A reason is kept in the state item and repeated in reminders: bounded, however long a run. */
  static final int REASON_LIMIT = 1000;

  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  /** An incident of a route failing alone. */
  public Incident(
      String id,
      Instant openedAt,
      Instant lastNotifiedAt,
      Severity severity,
      String reason,
      int reminders,
      boolean intermittent) {
    this(id, openedAt, lastNotifiedAt, severity, reason, reminders, intermittent, null);
  }

  public Incident {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(openedAt, "openedAt");
    Objects.requireNonNull(lastNotifiedAt, "lastNotifiedAt");
    Objects.requireNonNull(severity, "severity");
    reason = reason == null ? "" : reason;
    if (reason.length() > REASON_LIMIT) {
      reason = reason.substring(0, REASON_LIMIT - 1) + "\u2026";
    }
  }

  /** A new incident on the route, opened and notified at {@code now}. */
  public static Incident open(String routeId, Instant now, Severity severity, String reason) {
    return new Incident(idFor(routeId, now), now, now, severity, reason, 0, false);
  }

  /** A new incident for an intermittent fault, opened and notified at {@code now}. */
  public static Incident openIntermittent(
      String routeId, Instant now, Severity severity, String reason) {
    return new Incident(idFor(routeId, now), now, now, severity, reason, 0, true);
  }

  /**
   * An incident already over when it became known: it began with the probe sent at {@code from} and
   * is told, opened and resolved at once, at {@code now}.
   */
  public static Incident over(
      String routeId, Instant from, Instant now, Severity severity, String reason) {
    return new Incident(idFor(routeId, from), from, now, severity, reason, 0, false);
  }

  /** The id an incident opened on {@code routeId} at {@code openedAt} gets. */
  public static String idFor(String routeId, Instant openedAt) {
    return routeId + "-" + ID_TIME.format(openedAt);
  }

  /** The same incident after a reminder at {@code now}. */
  public Incident reminded(Instant now, Severity seen) {
    return new Incident(
        id, openedAt, now, severity.max(seen), reason, reminders + 1, intermittent, fault);
  }

  /** The same incident with a more urgent severity, without a notice. */
  public Incident escalated(Severity seen) {
    Severity next = severity.max(seen);
    return next == severity
        ? this
        : new Incident(id, openedAt, lastNotifiedAt, next, reason, reminders, intermittent, fault);
  }

  /** The same incident as part of {@code fault}. */
  public Incident within(Fault fault) {
    return new Incident(
        id, openedAt, lastNotifiedAt, severity, reason, reminders, intermittent, fault);
  }

  /** True when the incident is part of a fault across several routes. */
  public boolean grouped() {
    return fault != null;
  }
}
