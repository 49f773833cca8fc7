package dev.mailflow.domain.probe;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Works out the per-hop delays of a probe from its Received stamps.
 *
 * <p>Each hop's delay runs from the latest instant seen so far: the instant the probe was sent, or
 * the latest earlier stamp whose date is known, so one unreadable date costs one hop's delay, not
 * the rest of the chain. A negative delay means two hosts' clocks disagree: it is kept, so a person
 * can see it, and flagged as {@link Hop#clockSkew()} so no latency figure relies on it. Measuring
 * from the latest instant rather than from the stamp just before matters after a host whose clock
 * is slow: every stamp of that host comes out negative and flagged, and the next host with a right
 * clock gets the delay since the last right clock instead of the slow clock's lag as its own.
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
