package dev.mailflow.domain.route;

import java.time.Duration;
import java.util.Objects;

/**
 * Where in its probe interval a route's probes go out, counted from the epoch, so that when a route
 * is due follows from the clock alone and the send function reads nothing to know it.
 *
 * <p>{@link #SPREAD}, the default, gives each route an offset of its own drawn from its id: a
 * thousand routes probed every five minutes by a send function that runs every minute send a fifth
 * of their probes in each run, and their writes spread evenly, instead of all going out in one run.
 * A fixed offset ({@link #at}) sends every route of the policy at the same point of the interval:
 * {@code 0s} gives probes at :00, :05, :10 for a five-minute interval, at times a reader can
 * predict.
 */
public final class ProbePhase {
  /** Each route at an offset drawn from its id. */
  public static final ProbePhase SPREAD = new ProbePhase(null);

  private final Duration offset;

  private ProbePhase(Duration offset) {
    this.offset = offset;
  }

  /**
   * Every route at {@code offset} into its interval.
   *
   * @throws IllegalArgumentException when {@code offset} is negative
   */
  public static ProbePhase at(Duration offset) {
    Objects.requireNonNull(offset, "offset");
    if (offset.isNegative()) {
      throw new IllegalArgumentException("probePhase must not be negative, not " + offset);
    }
    return new ProbePhase(offset);
  }

  /** True for {@link #SPREAD}. */
  public boolean spread() {
    return offset == null;
  }

  /** The fixed offset; only for a phase that is not {@link #SPREAD}. */
  public Duration offset() {
    if (offset == null) {
      throw new IllegalStateException("a spread phase has an offset per route");
    }
    return offset;
  }

  /**
   * How far into each of its intervals, counted from the epoch, {@code routeId}'s probes go out: a
   * whole number of seconds below {@code interval}.
   */
  public Duration offsetOf(String routeId, Duration interval) {
    long seconds = Math.max(1, interval.toSeconds());
    if (offset != null) {
      return Duration.ofSeconds(Math.floorMod(offset.toSeconds(), seconds));
    }
    // String.hashCode is fixed by the language, so every run and every version agrees on it;
    // the multiplication spreads ids that differ in one character across the whole interval.
    long mixed = routeId.hashCode() * 0x9E3779B97F4A7C15L;
    return Duration.ofSeconds(Math.floorMod(mixed >>> 16, seconds));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ProbePhase phase && Objects.equals(offset, phase.offset);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(offset);
  }

  /** {@code spread}, or the offset as an ISO-8601 duration. */
  @Override
  public String toString() {
    return offset == null ? "spread" : offset.toString();
  }
}
