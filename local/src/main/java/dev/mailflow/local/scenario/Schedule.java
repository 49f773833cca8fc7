package dev.mailflow.local.scenario;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A fixed-rate schedule, as an EventBridge {@code rate(...)} rule runs a function: first at {@code
 * first}, then every {@code every}.
 *
 * @param first the first run
 * @param every the time between runs, positive
 */
public record Schedule(Instant first, Duration every) {
  public Schedule {
    Objects.requireNonNull(first, "first");
    if (every == null || every.isZero() || every.isNegative()) {
      throw new IllegalArgumentException("a schedule runs every positive duration, not " + every);
    }
  }

  /** The first run at or after {@code instant}. */
  public Instant nextAtOrAfter(Instant instant) {
    if (!instant.isAfter(first)) {
      return first;
    }
    long periods = Duration.between(first, instant).dividedBy(every);
    Instant run = first.plus(every.multipliedBy(periods));
    return run.isBefore(instant) ? run.plus(every) : run;
  }

  /** True when a run falls on {@code instant}. */
  public boolean runsAt(Instant instant) {
    return nextAtOrAfter(instant).equals(instant);
  }
}
