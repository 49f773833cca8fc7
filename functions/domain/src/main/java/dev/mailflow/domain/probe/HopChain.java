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
 * the rest of the chain. Measuring from the latest instant rather than from the stamp just before
 * matters after a host whose clock is slow: every stamp of that host comes out negative and
 * flagged, and the next host with a right clock gets the delay since the last right clock instead
 * of the slow clock's lag as its own.
 *
 * <p>Hops are compared at the resolution of their evidence. A Received date is written in whole
 * seconds (Postfix, Exchange and Gmail all cut the fraction off) while the send time has
 * milliseconds, and two hosts whose clocks are right by NTP's standard can still be a second or so
 * apart. So a hop that seems to arrive up to {@link #SKEW_TOLERANCE} before the instant it is
 * measured from arrived at once: its delay is clamped to zero and trusted. A hop further back than
 * that means two hosts' clocks really disagree: its negative delay is kept, so a person can see it,
 * and flagged as {@link Hop#clockSkew()} so no latency figure relies on it.
 */
public final class HopChain {

  /** How precise a Received date is: RFC 5322 dates carry whole seconds. */
  static final Duration STAMP_RESOLUTION = Duration.ofSeconds(1);

  /**
   * How far a stamp may lie before the instant it is measured from and still count as no delay
   * rather than clock skew: the stamp's one-second resolution plus two seconds for hosts whose
   * clocks are each a little off though synchronised. Real skew (a host minutes off, a wrong time
   * zone) lies far beyond it; a genuine negative delay of three seconds or less cannot be told from
   * rounding and drift, so it is not reported as one.
   */
  public static final Duration SKEW_TOLERANCE = STAMP_RESOLUTION.plusSeconds(2);

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
      boolean skew = delay != null && delay.negated().compareTo(SKEW_TOLERANCE) > 0;
      if (delay != null && delay.isNegative() && !skew) {
        delay = Duration.ZERO;
      }
      hops.add(new Hop(stamp.from(), stamp.by(), stamp.protocol(), at, delay, skew));
      if (at != null && at.isAfter(latest)) {
        latest = at;
      }
    }
    return List.copyOf(hops);
  }
}
