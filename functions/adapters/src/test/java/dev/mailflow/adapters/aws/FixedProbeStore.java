package dev.mailflow.adapters.aws;

import dev.mailflow.domain.probe.Arrival;
import dev.mailflow.domain.probe.ArrivalOutcome;
import dev.mailflow.domain.probe.Probe;
import dev.mailflow.domain.probe.ProbeStore;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The probes an evaluation reads, given up front: the route state store is what is under test. */
final class FixedProbeStore implements ProbeStore {
  private final List<Probe> probes;

  FixedProbeStore(List<Probe> probes) {
    this.probes = List.copyOf(probes);
  }

  @Override
  public Optional<Instant> lastSentAt(String routeId) {
    return probes.stream()
        .filter(p -> p.routeId().equals(routeId))
        .map(Probe::sentAt)
        .max(Comparator.naturalOrder());
  }

  @Override
  public void recordSubmission(Probe probe) {
    throw new UnsupportedOperationException("evaluation never records submissions");
  }

  @Override
  public ArrivalOutcome recordArrival(Arrival arrival) {
    throw new UnsupportedOperationException("evaluation never records arrivals");
  }

  @Override
  public List<Probe> probesSince(String routeId, Instant from) {
    return probes.stream()
        .filter(p -> p.routeId().equals(routeId) && !p.sentAt().isBefore(from))
        .sorted(Comparator.comparing(Probe::sentAt))
        .toList();
  }
}
