package dev.mailflow.local.simulation;

import dev.mailflow.domain.probe.Probe;
import dev.mailflow.local.scenario.Scenario;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a run of a scenario produced: every event, the notices the subscriber received, the probes
 * as the probe table holds them at the end, the maintenance windows as operators set them, and how
 * long the run took on the wall clock.
 *
 * @param scenario the scenario played
 * @param events everything that happened, in order
 * @param notices the notices read back from the subscriber's queue, in order
 * @param probes each route's probes from the probe table, oldest first
 * @param windows the maintenance windows put during the run
 * @param wallTime how long the run took, set-up included
 */
public record RunResult(
    Scenario scenario,
    List<RunEvent> events,
    List<ReceivedNotice> notices,
    Map<String, List<Probe>> probes,
    List<WindowHistory> windows,
    Duration wallTime) {
  public RunResult {
    events = List.copyOf(events);
    notices = List.copyOf(notices);
    probes = Map.copyOf(probes);
    windows = List.copyOf(windows);
  }

  /** The events of one kind, in order. */
  public <T extends RunEvent> List<T> eventsOf(Class<T> kind) {
    return events.stream().filter(kind::isInstance).map(kind::cast).toList();
  }

  /** How the run compares with what the scenario expects. */
  public ExpectationReport expectations() {
    return ExpectationReport.of(this);
  }
}
