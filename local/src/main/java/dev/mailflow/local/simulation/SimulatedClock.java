package dev.mailflow.local.simulation;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * The clock of a simulation: it stands still until the simulation moves it on.
 *
 * <p>Every part of a local run reads time from here (the functions, the mail servers, the inbound
 * bridge), and the simulation only moves it between steps, never while a step's work runs. So what
 * happens depends on the scenario alone, not on how fast the machine is: a run on a slow laptop
 * sends the same notices at the same simulated instants as on a fast one.
 */
public final class SimulatedClock extends Clock {
  private volatile Instant now;

  public SimulatedClock(Instant start) {
    this.now = Objects.requireNonNull(start, "start");
  }

  @Override
  public Instant instant() {
    return now;
  }

  /**
   * Moves the clock to {@code instant}.
   *
   * @throws IllegalArgumentException when that would move it back: simulated time never reverses
   */
  public void moveTo(Instant instant) {
    if (instant.isBefore(now)) {
      throw new IllegalArgumentException("the clock is at " + now + ", not back to " + instant);
    }
    now = instant;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return new ZonedView(this, zone);
  }

  /** This clock read in another zone; the instant is the same. */
  private static final class ZonedView extends Clock {
    private final SimulatedClock clock;
    private final ZoneId zone;

    ZonedView(SimulatedClock clock, ZoneId zone) {
      this.clock = clock;
      this.zone = zone;
    }

    @Override
    public Instant instant() {
      return clock.instant();
    }

    @Override
    public ZoneId getZone() {
      return zone;
    }

    @Override
    public Clock withZone(ZoneId other) {
      return new ZonedView(clock, other);
    }
  }
}
