package dev.mailflow.domain.route;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * How a route is probed and judged.
 *
 * <p>A probe is <em>slow</em> when its latency reaches {@code warningLatency}, <em>critically
 * slow</em> at {@code criticalLatency}, and <em>lost</em> when it has not arrived {@code
 * lossTimeout} after it was sent. {@code failuresToOpen} bad probes in a row open an incident,
 * {@code successesToClose} good ones in a row close it. Beside that rule, {@code
 * recentFailuresToOpen} bad probes among the last {@code recentProbes} open an incident for an
 * intermittent fault, which {@code cleanProbesToClose} good ones in a row close. Every invalid
 * combination is refused with all its faults in one message, so a configuration author fixes them
 * in one pass.
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
 * @param recentProbes how many of the newest judged probes the intermittent rule looks at
 * @param recentFailuresToOpen bad probes among them that open an incident
 * @param cleanProbesToClose good probes in a row that close an incident opened that way
 * @param probePhase where in each probe interval the route's probes go out
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
    Duration lookback,
    int recentProbes,
    int recentFailuresToOpen,
    int cleanProbesToClose,
    ProbePhase probePhase) {

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
          Duration.ofHours(2),
          12,
          4,
          6,
          ProbePhase.SPREAD);

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
    if (recentProbes < 1) {
      faults.add("recentProbes must be at least 1, not " + recentProbes);
    }
    if (recentFailuresToOpen < 1 || recentFailuresToOpen > recentProbes) {
      faults.add(
          "recentFailuresToOpen must be between 1 and recentProbes ("
              + recentProbes
              + "), not "
              + recentFailuresToOpen);
    }
    if (cleanProbesToClose < 1) {
      faults.add("cleanProbesToClose must be at least 1, not " + cleanProbesToClose);
    }
    if (probePhase == null) {
      faults.add("probePhase is missing");
    } else if (!probePhase.spread()
        && probeInterval != null
        && probePhase.offset().compareTo(probeInterval) >= 0) {
      faults.add("probePhase " + probePhase + " must be below probeInterval " + probeInterval);
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
      int probes =
          probesToSee(failuresToOpen, successesToClose, recentFailuresToOpen, cleanProbesToClose);
      Duration needed = minimumLookback(probeInterval, lossTimeout, probes);
      if (lookback.compareTo(needed) < 0) {
        // Shorter, a probe could leave the lookback before the ones after it are judged, and a
        // loss the policy calls an incident could go untold.
        faults.add(
            "lookback "
                + lookback
                + " is too short to see "
                + probes
                + " probes past their loss timeout, so a loss could go untold: use at least "
                + needed);
      }
    }
    if (!faults.isEmpty()) {
      throw new IllegalArgumentException("invalid route policy: " + String.join("; ", faults));
    }
  }

  /**
   * Five-minute probes, slow at 2 min, critical at 5, lost at 15; two in a row open or close; 4 bad
   * of the last 12 (a third within an hour) open, 6 good in a row close.
   */
  public static RoutePolicy defaults() {
    return DEFAULTS;
  }

  /**
   * The shortest lookback that still holds {@code probes} judged probes, the newest of them judged
   * lost one probe interval ago.
   */
  public static Duration minimumLookback(Duration probeInterval, Duration lossTimeout, int probes) {
    return lossTimeout.plus(probeInterval.multipliedBy(probes + 1L));
  }

  /**
   * How many judged probes a policy with these counts must see to open or close an incident. The
   * recent rule looks at what the lookback holds, up to {@code recentProbes}; it needs room for its
   * bad probes at least.
   */
  public static int probesToSee(
      int failuresToOpen, int successesToClose, int recentFailuresToOpen, int cleanProbesToClose) {
    return Math.max(
        Math.max(failuresToOpen, successesToClose),
        Math.max(recentFailuresToOpen, cleanProbesToClose));
  }

  /**
   * The longest a loss this policy calls an incident can stay untold, from the sending of its first
   * lost probe, when the evaluation runs every {@code evaluationInterval}: the probes after it up
   * to the one that completes the run, that one's loss timeout, and one evaluation.
   */
  public Duration longestUntold(Duration evaluationInterval) {
    return probeInterval
        .multipliedBy(failuresToOpen - 1L)
        .plus(lossTimeout)
        .plus(evaluationInterval);
  }

  /** A route whose newest probe is older than this has stopped being probed: NO DATA. */
  public Duration staleAfter() {
    return probeInterval.multipliedBy(2);
  }

  public RoutePolicy withProbeInterval(Duration value) {
    return copy(policy -> policy.probeInterval = value);
  }

  public RoutePolicy withLatencies(Duration warning, Duration critical, Duration loss) {
    return copy(
        policy -> {
          policy.warningLatency = warning;
          policy.criticalLatency = critical;
          policy.lossTimeout = loss;
        });
  }

  public RoutePolicy withThresholds(int failures, int successes) {
    return copy(
        policy -> {
          policy.failuresToOpen = failures;
          policy.successesToClose = successes;
        });
  }

  public RoutePolicy withReminderInterval(Duration value) {
    return copy(policy -> policy.reminderInterval = value);
  }

  public RoutePolicy withMaintenanceGrace(Duration value) {
    return copy(policy -> policy.maintenanceGrace = value);
  }

  public RoutePolicy withFlushTolerance(Duration value) {
    return copy(policy -> policy.flushTolerance = value);
  }

  public RoutePolicy withLookback(Duration value) {
    return copy(policy -> policy.lookback = value);
  }

  public RoutePolicy withProbePhase(ProbePhase value) {
    return copy(policy -> policy.probePhase = value);
  }

  /** {@code failures} bad of the last {@code of} judged probes open, {@code clean} good close. */
  public RoutePolicy withRecentRule(int failures, int of, int clean) {
    return copy(
        policy -> {
          policy.recentFailuresToOpen = failures;
          policy.recentProbes = of;
          policy.cleanProbesToClose = clean;
        });
  }

  /** This policy with what {@code change} sets changed, checked like any other. */
  private RoutePolicy copy(Consumer<Draft> change) {
    Draft draft = new Draft(this);
    change.accept(draft);
    return draft.policy();
  }

  /** The fields of a policy being changed: one place that lists them all, for every copy. */
  private static final class Draft {
    Duration probeInterval;
    Duration warningLatency;
    Duration criticalLatency;
    Duration lossTimeout;
    int failuresToOpen;
    int successesToClose;
    Duration reminderInterval;
    Duration maintenanceGrace;
    Duration flushTolerance;
    Duration lookback;
    int recentProbes;
    int recentFailuresToOpen;
    int cleanProbesToClose;
    ProbePhase probePhase;

    Draft(RoutePolicy from) {
      probeInterval = from.probeInterval;
      warningLatency = from.warningLatency;
      criticalLatency = from.criticalLatency;
      lossTimeout = from.lossTimeout;
      failuresToOpen = from.failuresToOpen;
      successesToClose = from.successesToClose;
      reminderInterval = from.reminderInterval;
      maintenanceGrace = from.maintenanceGrace;
      flushTolerance = from.flushTolerance;
      lookback = from.lookback;
      recentProbes = from.recentProbes;
      recentFailuresToOpen = from.recentFailuresToOpen;
      cleanProbesToClose = from.cleanProbesToClose;
      probePhase = from.probePhase;
    }

    RoutePolicy policy() {
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
          lookback,
          recentProbes,
          recentFailuresToOpen,
          cleanProbesToClose,
          probePhase);
    }
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
        + ", "
        + recentFailuresToOpen
        + " of the last "
        + recentProbes
        + " open, "
        + cleanProbesToClose
        + " clean close, phase "
        + probePhase
        + "]";
  }
}
