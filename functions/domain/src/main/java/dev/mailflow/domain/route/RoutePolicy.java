package dev.mailflow.domain.route;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How a route is probed and judged.
 *
 * <p>A probe is <em>slow</em> when its latency reaches {@code warningLatency}, <em>critically
 * slow</em> at {@code criticalLatency}, and <em>lost</em> when it has not arrived {@code
 * lossTimeout} after it was sent. {@code failuresToOpen} bad probes in a row open an incident,
 * {@code successesToClose} good ones in a row close it. Every invalid combination is refused with
 * all its faults in one message, so a configuration author fixes them in one pass.
 *
 * @param probeInterval time between two probes on the route
 * @param warningLatency latency from which a delivered probe counts as slow
 * @param criticalLatency latency from which a delivered probe is critically slow
 * @param lossTimeout age at which a probe that has not arrived is lost
 * @param failuresToOpen consecutive bad probes that open an incident
 * @param successesToClose consecutive good probes that close it
 * @param reminderInterval time between reminders while an incident stays open
 * @param maintenanceGrace time after a window's end during which the window still applies, for
 *     servers that take a while to drain their queues
 * @param flushTolerance deliveries this close together belong to one backlog flush
 * @param lookback how far back the evaluation reads the route's probes
 */
public record RoutePolicy(
    Duration probeInterval,
    Duration warningLatency,
    Duration criticalLatency,
    Duration lossTimeout,
    int failuresToOpen,
    int successesToClose,
    Duration reminderInterval,
    Duration maintenanceGrace,
    Duration flushTolerance,
    Duration lookback) {

  private static final RoutePolicy DEFAULTS =
      new RoutePolicy(
          Duration.ofMinutes(5),
          Duration.ofMinutes(2),
          Duration.ofMinutes(5),
          Duration.ofMinutes(15),
          2,
          2,
          Duration.ofHours(1),
          Duration.ofMinutes(5),
          Duration.ofSeconds(60),
          Duration.ofHours(2));

  public RoutePolicy {
    List<String> faults = new ArrayList<>();
    requirePositive(faults, "probeInterval", probeInterval);
    requirePositive(faults, "warningLatency", warningLatency);
    requirePositive(faults, "criticalLatency", criticalLatency);
    requirePositive(faults, "lossTimeout", lossTimeout);
    requirePositive(faults, "reminderInterval", reminderInterval);
    requirePositive(faults, "flushTolerance", flushTolerance);
    requirePositive(faults, "lookback", lookback);
    if (maintenanceGrace == null || maintenanceGrace.isNegative()) {
      faults.add("maintenanceGrace must be zero or positive");
    }
    if (failuresToOpen < 1) {
      faults.add("failuresToOpen must be at least 1, not " + failuresToOpen);
    }
    if (successesToClose < 1) {
      faults.add("successesToClose must be at least 1, not " + successesToClose);
    }
    if (faults.isEmpty()) {
      if (warningLatency.compareTo(criticalLatency) > 0) {
        faults.add(
            "warningLatency " + warningLatency + " is above criticalLatency " + criticalLatency);
      }
      if (criticalLatency.compareTo(lossTimeout) >= 0) {
        faults.add(
            "criticalLatency " + criticalLatency + " must be below lossTimeout " + lossTimeout);
      }
      Duration needed =
          minimumLookback(probeInterval, lossTimeout, failuresToOpen, successesToClose);
      if (lookback.compareTo(needed) < 0) {
        faults.add(
            "lookback "
                + lookback
                + " is too short to see "
                + Math.max(failuresToOpen, successesToClose)
                + " probes past their loss timeout: use at least "
                + needed);
      }
    }
    if (!faults.isEmpty()) {
      throw new IllegalArgumentException("invalid route policy: " + String.join("; ", faults));
    }
  }

  /** Five-minute probes, slow at 2 min, critical at 5, lost at 15; two in a row open or close. */
  public static RoutePolicy defaults() {
    return DEFAULTS;
  }

  /** The shortest lookback that still holds enough judged probes to open or close an incident. */
  public static Duration minimumLookback(
      Duration probeInterval, Duration lossTimeout, int failuresToOpen, int successesToClose) {
    return lossTimeout.plus(
        probeInterval.multipliedBy(Math.max(failuresToOpen, successesToClose) + 1L));
  }

  /** A route whose newest probe is older than this has stopped being probed: NO DATA. */
  public Duration staleAfter() {
    return probeInterval.multipliedBy(2);
  }

  public RoutePolicy withProbeInterval(Duration value) {
    return new RoutePolicy(
        value,
        warningLatency,
        criticalLatency,
        lossTimeout,
        failuresToOpen,
        successesToClose,
        reminderInterval,
        maintenanceGrace,
        flushTolerance,
        lookback);
  }

  public RoutePolicy withLatencies(Duration warning, Duration critical, Duration loss) {
    return new RoutePolicy(
        probeInterval,
        warning,
        critical,
        loss,
        failuresToOpen,
        successesToClose,
        reminderInterval,
        maintenanceGrace,
        flushTolerance,
        lookback);
  }

  public RoutePolicy withThresholds(int failures, int successes) {
    return new RoutePolicy(
        probeInterval,
        warningLatency,
        criticalLatency,
        lossTimeout,
        failures,
        successes,
        reminderInterval,
        maintenanceGrace,
        flushTolerance,
        lookback);
  }

  public RoutePolicy withReminderInterval(Duration value) {
    return new RoutePolicy(
        probeInterval,
        warningLatency,
        criticalLatency,
        lossTimeout,
        failuresToOpen,
        successesToClose,
        value,
        maintenanceGrace,
        flushTolerance,
        lookback);
  }

  public RoutePolicy withMaintenanceGrace(Duration value) {
    return new RoutePolicy(
        probeInterval,
        warningLatency,
        criticalLatency,
        lossTimeout,
        failuresToOpen,
        successesToClose,
        reminderInterval,
        value,
        flushTolerance,
        lookback);
  }

  public RoutePolicy withFlushTolerance(Duration value) {
    return new RoutePolicy(
        probeInterval,
        warningLatency,
        criticalLatency,
        lossTimeout,
        failuresToOpen,
        successesToClose,
        reminderInterval,
        maintenanceGrace,
        value,
        lookback);
  }

  public RoutePolicy withLookback(Duration value) {
    return new RoutePolicy(
        probeInterval,
        warningLatency,
        criticalLatency,
        lossTimeout,
        failuresToOpen,
        successesToClose,
        reminderInterval,
        maintenanceGrace,
        flushTolerance,
        value);
  }

  private static void requirePositive(List<String> faults, String name, Duration value) {
    if (value == null) {
      faults.add(name + " is missing");
    } else if (value.isZero() || value.isNegative()) {
      faults.add(name + " must be positive, not " + value);
    }
  }

  @Override
  public String toString() {
    return "RoutePolicy[interval="
        + probeInterval
        + ", warning="
        + warningLatency
        + ", critical="
        + criticalLatency
        + ", loss="
        + lossTimeout
        + ", open after "
        + failuresToOpen
        + ", close after "
        + successesToClose
        + ", reminders every "
        + reminderInterval
        + ", grace "
        + maintenanceGrace
        + "]";
  }
}
