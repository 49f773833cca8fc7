package dev.mailflow.domain.sending;

import dev.mailflow.domain.probe.Probe;

/**
 * What happened to one route in a send round.
 *
 * @param routeId the route
 * @param probe the probe submitted, with the server's answer; {@code null} when the route was not
 *     due
 * @param recorded true when the probe's submission was written to the store
 * @param note why nothing was sent, when nothing was
 */
public record SendResult(String routeId, Probe probe, boolean recorded, String note) {

  static SendResult notDue(String routeId, String why) {
    return new SendResult(routeId, null, false, why);
  }

  static SendResult attempted(Probe probe, boolean recorded) {
    return new SendResult(probe.routeId(), probe, recorded, "");
  }

  /** True when a probe went out or was at least attempted. */
  public boolean attempted() {
    return probe != null;
  }

  /** True when the source server accepted the probe. */
  public boolean accepted() {
    return probe != null && probe.submission().accepted();
  }
}
