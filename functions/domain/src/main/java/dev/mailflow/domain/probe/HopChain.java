package dev.mailflow.domain.probe;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Works out the per-hop delays of a probe from its Received stamps.
 *
 * <p>The first hop's delay runs from the instant the probe was sent; each later hop's from the
 * latest earlier stamp whose date is known, so one unreadable date costs one hop's delay, not the
 * rest of the chain. A negative delay means two hosts' clocks disagree: it is kept, so a person can
 * see it, and flagged as {@link Hop#clockSkew()} so no latency figure relies on it. The hop after a
 * negative one is flagged too: it is measured from the same wrong clock, so its delay is inflated
 * by exactly the amount the previous one fell short.
 */
public final class HopChain {

  private HopChain() {}

  /**
   * The hops of a probe.
   *
   * @param sentAt when the probe was sent (from its token)
   * @param oldestFirst the Received stamps in the order the hosts added them, which is the reverse
   *     of their order in the mail
   * @return one hop per stamp, oldest first
   */
  public static List<Hop> from(Instant sentAt, List<ReceivedStamp> oldestFirst) {
    Objects.requireNonNull(sentAt, "sentAt");
    Objects.requireNonNull(oldestFirst, "oldestFirst");
    List<Hop> hops = new ArrayList<>(oldestFirst.size());
    Instant latest = sentAt;
    for (ReceivedStamp stamp : oldestFirst) {
      Instant at = stamp.at();
      Duration delay = at == null ? null : Duration.between(latest, at);
      hops.add(
          new Hop(
              stamp.from(),
              stamp.by(),
              stamp.protocol(),
              at,
              delay,
              delay != null && delay.isNegative()));
      if (at != null && at.isAfter(latest)) {
        latest = at;
      }
    }
    return List.copyOf(hops);
  }
}
