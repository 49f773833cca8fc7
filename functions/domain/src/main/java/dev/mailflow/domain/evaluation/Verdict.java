package dev.mailflow.domain.evaluation;

/** What one probe says about its route at the time of an evaluation. */
public enum Verdict {
  /** Arrived below the warning latency. */
  GOOD(false, false),
  /** Arrived at or above the warning latency, below the critical latency. */
  SLOW(true, false),
  /** Arrived at or above the critical latency, within the loss timeout. */
  CRITICALLY_SLOW(true, true),
  /** Arrived after the loss timeout. */
  LATE(true, true),
  /** Not arrived within the loss timeout. */
  LOST(true, true),
  /** The source server refused it or could not be reached. */
  SEND_FAILED(true, true),
  /** Still on its way and not yet overdue: says nothing yet. */
  IN_FLIGHT(false, false);

  private final boolean bad;
  private final boolean critical;

  Verdict(boolean bad, boolean critical) {
    this.bad = bad;
    this.critical = critical;
  }

  /** True when the probe counts towards opening an incident. */
  public boolean isBad() {
    return bad;
  }

  /** True when a bad probe makes the incident critical rather than a warning. */
  public boolean isCritical() {
    return critical;
  }

  /** True when the probe has said what it has to say. */
  public boolean isJudged() {
    return this != IN_FLIGHT;
  }

  /** True when mail did not get through: lost, late or not submitted, as opposed to slow. */
  public boolean isFailure() {
    return this == LATE || this == LOST || this == SEND_FAILED;
  }
}
