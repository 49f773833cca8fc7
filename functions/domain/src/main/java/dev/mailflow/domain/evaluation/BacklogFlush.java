package dev.mailflow.domain.evaluation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Several probes delivered together after a gap: a queue that drained at once, usually when a
 * server came back. Reported as one event, never as one latency alert per probe.
 *
 * @param firstDeliveredAt the first delivery of the group
 * @param lastDeliveredAt the last delivery of the group
 * @param probeIds the probes delivered, oldest sent first
 * @param sentDuringMaintenance how many of them were sent while a window covered the route
 * @param longestLatency the latency of the probe that waited longest
 */
public record BacklogFlush(
    Instant firstDeliveredAt,
    Instant lastDeliveredAt,
    List<String> probeIds,
    int sentDuringMaintenance,
    Duration longestLatency) {
  public BacklogFlush {
    probeIds = List.copyOf(probeIds);
  }

  /** How many queued probes were delivered together. */
  public int size() {
    return probeIds.size();
  }

  /** "4 queued probes delivered at 2006-07-28 11:07:47Z; 2 were sent during maintenance". */
  public String describe() {
    return NoticeWording.flush(this);
  }
}
