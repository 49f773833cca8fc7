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
 * @param delay for a trusted hop, the time since the latest trusted instant before it (the send
 *     time or an earlier trusted stamp), never negative; for a hop flagged {@code clockSkew}, the
 *     raw difference from that instant, kept for the record; {@code null} when the date is unknown
 * @param clockSkew true when the receiving host's clock is off (see {@link HopChain}): the delay
 *     must not be trusted
 * @param clockOffset for a flagged hop, how far its host's clock seems off at least, positive when
 *     ahead; {@code null} otherwise
 */
public record Hop(
    String from,
    String by,
    String protocol,
    Instant receivedAt,
    Duration delay,
    boolean clockSkew,
    Duration clockOffset) {
  public Hop {
    from = from == null ? "" : from;
    by = by == null ? "" : by;
    protocol = protocol == null ? "" : protocol;
    if (!clockSkew) {
      clockOffset = null;
    }
  }

  /** True when the delay is known and believable. */
  public boolean hasTrustedDelay() {
    return delay != null && !clockSkew;
  }
}
