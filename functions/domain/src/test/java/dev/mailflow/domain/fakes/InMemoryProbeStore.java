package dev.mailflow.domain.fakes;

import dev.mailflow.domain.probe.Arrival;
import dev.mailflow.domain.probe.ArrivalOutcome;
import dev.mailflow.domain.probe.Probe;
import dev.mailflow.domain.probe.ProbeStore;
import dev.mailflow.domain.probe.StoreException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A probe store in memory, keyed like the real one, that can be told to fail. */
public class InMemoryProbeStore implements ProbeStore {
  private final Map<String, Probe> probes = new ConcurrentHashMap<>();
  private final AtomicInteger writes = new AtomicInteger();
  private volatile StoreException failure;

  /** Every call fails with {@code failure} until cleared with {@code null}. */
  public void failWith(StoreException failure) {
    this.failure = failure;
  }

  public int writes() {
    return writes.get();
  }

  public List<Probe> all() {
    List<Probe> all = new ArrayList<>(probes.values());
    all.sort(Comparator.comparing(Probe::sentAt));
    return all;
  }

  @Override
  public Optional<Instant> lastSentAt(String routeId) {
    check();
    return probes.values().stream()
        .filter(p -> p.routeId().equals(routeId))
        .map(Probe::sentAt)
        .max(Comparator.naturalOrder());
  }

  @Override
  public void recordSubmission(Probe probe) {
    check();
    writes.incrementAndGet();
    probes.merge(
        key(probe.routeId(), probe.sentAt(), probe.probeId()),
        probe,
        (old, fresh) -> old.withSubmission(fresh.submission()));
  }

  @Override
  public ArrivalOutcome recordArrival(Arrival arrival) {
    check();
    writes.incrementAndGet();
    String key = key(arrival.routeId(), arrival.token().sentAt(), arrival.probeId());
    Probe existing = probes.get(key);
    if (existing != null && existing.delivery() != null) {
      return ArrivalOutcome.DUPLICATE;
    }
    Probe base =
        existing != null
            ? existing
            : new Probe(arrival.routeId(), arrival.probeId(), arrival.token().sentAt(), null, null);
    probes.put(key, base.withDelivery(arrival.toDelivery()));
    return ArrivalOutcome.RECORDED;
  }

  @Override
  public List<Probe> probesSince(String routeId, Instant from) {
    check();
    return all().stream()
        .filter(p -> p.routeId().equals(routeId) && !p.sentAt().isBefore(from))
        .toList();
  }

  private void check() {
    StoreException current = failure;
    if (current != null) {
      throw current;
    }
  }

  private static String key(String routeId, Instant sentAt, String probeId) {
    return routeId + "|" + sentAt + "|" + probeId;
  }
}
