package dev.mailflow.domain.probe;

import java.time.Duration;
import java.time.Instant;

/**
 * One hand-over of the probe mail, read from a Received header.
 *
 * @param from the host that handed the mail over, as the receiving host recorded it; may be empty
 * @param by the host that received it; may be empty
 * @param protocol the "with" clause (ESMTP, ESMTPS, LMTP...); may be empty
 * @param receivedAt when the receiving host stamped it, or {@code null} when the header's date
 *     could not be read
 * @param delay time since the previous stamp (or since the probe was sent, for the first hop), or
 *     {@code null} when either end is unknown; zero, not negative, when the stamp lies before the
 *     previous one by no more than {@link HopChain#SKEW_TOLERANCE}
 * @param clockSkew true when {@code delay} is negative beyond {@link HopChain#SKEW_TOLERANCE}: the
 *     two hosts' clocks disagree, so the delay is kept for the record but must not be trusted
 */
public record Hop(
    String from,
    String by,
    String protocol,
    Instant receivedAt,
    Duration delay,
    boolean clockSkew) {
  public Hop {
    from = from == null ? "" : from;
    by = by == null ? "" : by;
    protocol = protocol == null ? "" : protocol;
  }

  /** True when the delay is known and believable. */
  public boolean hasTrustedDelay() {
    return delay != null && !clockSkew;
  }
}
