package dev.mailflow.receive;

import dev.mailflow.domain.probe.Arrival;
import dev.mailflow.domain.probe.ArrivalOutcome;
import dev.mailflow.domain.probe.Probe;
import dev.mailflow.domain.probe.ProbeStore;
import dev.mailflow.domain.probe.StoreException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Arrivals in memory, keyed by route and probe as the DynamoDB store keys them, with failures on
 * demand.
 */
final class InMemoryProbeStore implements ProbeStore {
  private final Map<String, Arrival> arrivals = new ConcurrentHashMap<>();
  private final List<StoreException> failures = new ArrayList<>();
  private int calls;

  /** The next {@code recordArrival} calls fail with these, in order, then calls succeed again. */
  synchronized InMemoryProbeStore failNext(StoreException... next) {
    failures.addAll(List.of(next));
    return this;
  }

  synchronized int recordArrivalCalls() {
    return calls;
  }

  List<Arrival> arrivals() {
    return List.copyOf(arrivals.values());
  }

  Arrival arrival(String routeId, String probeId) {
    return arrivals.get(routeId + "|" + probeId);
  }

  @Override
  public synchronized ArrivalOutcome recordArrival(Arrival arrival) {
    calls++;
    if (!failures.isEmpty()) {
      throw failures.remove(0);
    }
    Arrival first = arrivals.putIfAbsent(arrival.routeId() + "|" + arrival.probeId(), arrival);
    return first == null ? ArrivalOutcome.RECORDED : ArrivalOutcome.DUPLICATE;
  }

  @Override
  public Optional<Instant> lastSentAt(String routeId) {
    throw new UnsupportedOperationException("the receive function never asks");
  }

  @Override
  public void recordSubmission(Probe probe) {
    throw new UnsupportedOperationException("the receive function never submits");
  }

  @Override
  public List<Probe> probesSince(String routeId, Instant from) {
    throw new UnsupportedOperationException("the receive function never reads probes");
  }
}
