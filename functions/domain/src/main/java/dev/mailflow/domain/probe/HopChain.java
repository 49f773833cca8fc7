package dev.mailflow.domain.probe;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Works out the per-hop delays of a probe from its Received stamps, and which hosts' clocks are
 * off.
 *
 * <p>Two instants of every probe are trusted: when it was sent (the monitor's clock, in the token)
 * and when SES received it (SES's clock, in the event). Every host's stamp must lie between them,
 * and the stamps must run forward in the order the hosts added them. A stamp outside the two
 * anchors, or out of order with the rest, comes from a host whose clock is off: among the stamps
 * inside the anchors, the longest run that goes forward is trusted, and every other stamp is
 * flagged as {@link Hop#clockSkew()}, with how far its host's clock seems off ({@link
 * Hop#clockOffset()}, ahead when positive). So a host ten minutes fast is blamed for its own clock,
 * and the correct hosts after it are not. Where two runs are equally long, the one of the later
 * hosts is trusted, since the last of them handed the probe to SES, whose clock is right.
 *
 * <p>Each trusted hop's delay runs from the latest trusted instant before it: the send time or the
 * previous trusted stamp. The time a probe spent at a host whose clock is off is counted in the
 * delay of the next trusted hop, never in a figure read off the wrong clock. A flagged hop keeps
 * its raw difference from the latest trusted instant for the record; no latency figure relies on
 * it.
 *
 * <p>Hops are compared at the resolution of their evidence. A Received date is written in whole
 * seconds (Postfix, Exchange and Gmail all cut the fraction off) while the send time has
 * milliseconds, and two hosts whose clocks are right by NTP's standard can still be a second or so
 * apart. So every comparison allows {@link #SKEW_TOLERANCE}: a trusted hop that seems to arrive up
 * to that much before the instant it is measured from arrived at once, its delay zero.
 */
public final class HopChain {

  /** How precise a Received date is: RFC 5322 dates carry whole seconds. */
  static final Duration STAMP_RESOLUTION = Duration.ofSeconds(1);

  /**
   * How far a stamp may lie outside the instants around it and still count as a right clock: the
   * stamp's one-second resolution plus two seconds for hosts whose clocks are each a little off
   * though synchronised. Real skew (a host minutes off, a wrong time zone) lies far beyond it; a
   * genuine disagreement of three seconds or less cannot be told from rounding and drift, so it is
   * not reported as one.
   */
  public static final Duration SKEW_TOLERANCE = STAMP_RESOLUTION.plusSeconds(2);

  private HopChain() {}

  /**
   * The hops of a probe.
   *
   * @param sentAt when the probe was sent (from its token)
   * @param oldestFirst the Received stamps in the order the hosts added them, which is the reverse
   *     of their order in the mail
   * @param deliveredAt when SES received the probe: no right clock stamped it later
   * @return one hop per stamp, oldest first
   */
  public static List<Hop> from(
      Instant sentAt, List<ReceivedStamp> oldestFirst, Instant deliveredAt) {
    Objects.requireNonNull(sentAt, "sentAt");
    Objects.requireNonNull(oldestFirst, "oldestFirst");
    Objects.requireNonNull(deliveredAt, "deliveredAt");
    int n = oldestFirst.size();
    Instant[] at = new Instant[n];
    for (int i = 0; i < n; i++) {
      at[i] = oldestFirst.get(i).at();
    }
    boolean[] trusted = trustedStamps(at, sentAt, deliveredAt);

    List<Hop> hops = new ArrayList<>(n);
    Instant latest = sentAt;
    for (int i = 0; i < n; i++) {
      ReceivedStamp stamp = oldestFirst.get(i);
      if (at[i] == null) {
        hops.add(new Hop(stamp.from(), stamp.by(), stamp.protocol(), null, null, false, null));
        continue;
      }
      Duration delay = Duration.between(latest, at[i]);
      if (trusted[i]) {
        if (delay.isNegative()) {
          delay = Duration.ZERO;
        }
        hops.add(new Hop(stamp.from(), stamp.by(), stamp.protocol(), at[i], delay, false, null));
        if (at[i].isAfter(latest)) {
          latest = at[i];
        }
      } else {
        Duration offset = offset(at, trusted, i, latest, deliveredAt);
        hops.add(new Hop(stamp.from(), stamp.by(), stamp.protocol(), at[i], delay, true, offset));
      }
    }
    return List.copyOf(hops);
  }

  /**
   * Which stamps come from right clocks: those inside the anchors that form the longest run going
   * forward (each no more than the tolerance before the one trusted before it), the later run where
   * two are equally long.
   */
  private static boolean[] trustedStamps(Instant[] at, Instant sentAt, Instant deliveredAt) {
    int n = at.length;
    Instant earliest = sentAt.minus(SKEW_TOLERANCE);
    Instant latest = deliveredAt.plus(SKEW_TOLERANCE);
    // runFrom[i]: the length of the longest forward run that starts at stamp i; next[i]: the stamp
    // after i in it. Built from the last stamp back, so ties go to later stamps.
    int[] runFrom = new int[n];
    int[] next = new int[n];
    int best = -1;
    for (int i = n - 1; i >= 0; i--) {
      next[i] = -1;
      if (at[i] == null || at[i].isBefore(earliest) || at[i].isAfter(latest)) {
        continue;
      }
      runFrom[i] = 1;
      for (int j = i + 1; j < n; j++) {
        if (runFrom[j] > 0
            && !at[j].plus(SKEW_TOLERANCE).isBefore(at[i])
            && runFrom[j] + 1 >= runFrom[i]) {
          runFrom[i] = runFrom[j] + 1;
          next[i] = j;
        }
      }
      if (best < 0 || runFrom[i] > runFrom[best]) {
        best = i;
      }
    }
    boolean[] trusted = new boolean[n];
    for (int i = best; i >= 0; i = next[i]) {
      trusted[i] = true;
    }
    return trusted;
  }

  /**
   * How far off the clock of the host that wrote stamp {@code i} seems to be, at least: past SES's
   * receipt or the next trusted stamp it is ahead, before the latest trusted instant behind it.
   */
  private static Duration offset(
      Instant[] at, boolean[] trusted, int i, Instant latestBefore, Instant deliveredAt) {
    Instant nextTrusted = deliveredAt;
    for (int j = i + 1; j < at.length; j++) {
      if (trusted[j]) {
        nextTrusted = at[j];
        break;
      }
    }
    if (at[i].isAfter(nextTrusted)) {
      return Duration.between(nextTrusted, at[i]);
    }
    if (at[i].isBefore(latestBefore)) {
      return Duration.between(latestBefore, at[i]);
    }
    return Duration.ZERO;
  }
}
