package dev.mailflow.domain.evaluation;

/** How urgent an incident is; subscribers filter on it. */
public enum Severity {
  /** Mail flows, but slower than the warning latency. */
  WARNING,
  /** Mail is lost, not submitted, far too slow, or the monitor itself has stopped. */
  CRITICAL;

  /** The more urgent of the two. */
  public Severity max(Severity other) {
    return other != null && other.compareTo(this) > 0 ? other : this;
  }
}
