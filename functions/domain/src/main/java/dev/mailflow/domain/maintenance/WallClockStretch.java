package dev.mailflow.domain.maintenance;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.Objects;

/**
 * A stretch of time as the clocks on the wall show it in a zone, {@code [start, end)}, and the real
 * instants it covers on a night the clocks change.
 *
 * <p>The rule (docs/maintenance-windows.md): the stretch begins the first time the wall clock shows
 * {@code start}, and ends the last time it shows {@code end}. When the clocks go back, a time that
 * happens twice begins at its earlier instance and ends at its later one, so the repeated hour is
 * covered both times. When the clocks skip a time, the stretch begins or ends at the instant they
 * jump, so the hour that does not happen is simply not there. A window set for 02:00-04:00 thus
 * lasts three real hours on the night Europe's clocks go back and one on the night they go forward.
 *
 * @param start the wall-clock time it begins
 * @param end the wall-clock time it ends; after {@code start}
 * @param zone the zone whose clocks are meant
 */
public record WallClockStretch(LocalDateTime start, LocalDateTime end, ZoneId zone) {
  public WallClockStretch {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    Objects.requireNonNull(zone, "zone");
    if (!end.isAfter(start)) {
      throw new IllegalArgumentException("wall-clock end " + end + " is not after start " + start);
    }
  }

  /** The first instant covered: the first time the wall clock shows {@code start}. */
  public Instant firstInstant() {
    return instantOf(start, true);
  }

  /** The first instant no longer covered: the last time the wall clock shows {@code end}. */
  public Instant endInstant() {
    return instantOf(end, false);
  }

  /**
   * True when the stretch lies wholly inside a time the clocks skip (02:15-02:45 on the night they
   * go forward at 02:00), so no real instant is in it.
   */
  public boolean isSkipped() {
    return !endInstant().isAfter(firstInstant());
  }

  private Instant instantOf(LocalDateTime local, boolean earlier) {
    ZoneOffsetTransition transition = zone.getRules().getTransition(local);
    if (transition != null && transition.isGap()) {
      // The wall clock never shows this time: it jumps past it at the transition.
      return transition.getInstant();
    }
    ZonedDateTime zoned = local.atZone(zone);
    return (earlier ? zoned.withEarlierOffsetAtOverlap() : zoned.withLaterOffsetAtOverlap())
        .toInstant();
  }
}
