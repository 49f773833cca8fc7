package dev.mailflow.domain.fakes;

import dev.mailflow.domain.probe.Arrival;
import dev.mailflow.domain.probe.ArrivalOutcome;
import dev.mailflow.domain.probe.Probe;
import dev.mailflow.domain.probe.ProbeStore;
import dev.mailflow.domain.probe.StoreException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The probe store of every test that is not about the store itself: probes in memory, keyed like
 * the real one (route, send instant, probe id), with failures on demand.
 *
 * <p>It records what the functions wrote: {@link #submissions()} in the order the send function
 * recorded them, {@link #arrivals()} as the receive function recorded them (the earliest arrival of
 * each probe: a later copy answers DUPLICATE, an earlier one processed after it replaces it and
 * answers EARLIER_COPY), and {@link #all()} the probes as the evaluate function reads them. Send
 * slots are claimed as the real store claims them. {@link #holding} gives a store with probes
 * already in it.
 */
public class InMemoryProbeStore implements ProbeStore {
  private final Map<String, Probe> probes = new ConcurrentHashMap<>();
  private final List<Probe> submissions = new CopyOnWriteArrayList<>();
  private final List<Arrival> arrivals = new CopyOnWriteArrayList<>();
  private final Queue<StoreException> nextFailures = new ConcurrentLinkedQueue<>();
  private final AtomicInteger writes = new AtomicInteger();
  private final AtomicInteger arrivalCalls = new AtomicInteger();
  private final Map<String, StoreException> readFailures = new ConcurrentHashMap<>();
  private final Map<String, Instant> sendSlots = new ConcurrentHashMap<>();
  private final AtomicInteger slotClaims = new AtomicInteger();
  private volatile StoreException failure;

  /** A store that already holds {@code probes}, as if recorded by earlier runs. */
  public static InMemoryProbeStore holding(Collection<Probe> probes) {
    InMemoryProbeStore store = new InMemoryProbeStore();
    probes.forEach(store::add);
    return store;
  }

  /** Puts {@code probe} in the store as an earlier run would have; not counted as a write. */
  public InMemoryProbeStore add(Probe probe) {
    probes.put(key(probe.routeId(), probe.sentAt(), probe.probeId()), probe);
    return this;
  }

  /** Every call fails with {@code failure} until cleared with {@code null}. */
  public void failWith(StoreException failure) {
    this.failure = failure;
  }

  /** Every read of {@code routeId}'s probes fails with {@code failure}; other routes read fine. */
  public InMemoryProbeStore failReadsOf(String routeId, StoreException failure) {
    readFailures.put(routeId, failure);
    return this;
  }

  /** The next calls fail with these, one each, in order; then calls succeed again. */
  public InMemoryProbeStore failNext(StoreException... next) {
    nextFailures.addAll(List.of(next));
    return this;
  }

  /** How many writes succeeded: submissions and arrivals, duplicates included. */
  public int writes() {
    return writes.get();
  }

  /** How many times an arrival was offered, whether it was recorded, a duplicate or failed. */
  public int recordArrivalCalls() {
    return arrivalCalls.get();
  }

  /** How many times a send slot was claimed, whether the claim was granted or failed. */
  public int slotClaims() {
    return slotClaims.get();
  }

  /** Every probe, oldest first. */
  public List<Probe> all() {
    List<Probe> all = new ArrayList<>(probes.values());
    all.sort(Comparator.comparing(Probe::sentAt));
    return all;
  }

  /** The submissions recorded, in order. */
  public List<Probe> submissions() {
    return List.copyOf(submissions);
  }

  /** The arrivals standing, the earliest of each probe only, in the order first recorded. */
  public List<Arrival> arrivals() {
    return List.copyOf(arrivals);
  }

  /** The recorded arrival of a probe, or {@code null}. */
  public Arrival arrival(String routeId, String probeId) {
    return arrivals.stream()
        .filter(a -> a.routeId().equals(routeId) && a.probeId().equals(probeId))
        .findFirst()
        .orElse(null);
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
  public synchronized boolean claimSendSlot(String routeId, Instant now, Instant until) {
    slotClaims.incrementAndGet();
    check();
    if (!until.isAfter(now)) {
      throw new IllegalArgumentException("a send slot must end after " + now + ", not " + until);
    }
    Instant heldUntil = sendSlots.get(routeId);
    if (heldUntil != null && heldUntil.isAfter(now)) {
      return false;
    }
    sendSlots.put(routeId, until);
    return true;
  }

  @Override
  public void recordSubmission(Probe probe) {
    check();
    writes.incrementAndGet();
    submissions.add(probe);
    probes.merge(
        key(probe.routeId(), probe.sentAt(), probe.probeId()),
        probe,
        (old, fresh) -> old.withSubmission(fresh.submission()));
  }

  @Override
  public synchronized ArrivalOutcome recordArrival(Arrival arrival) {
    arrivalCalls.incrementAndGet();
    check();
    writes.incrementAndGet();
    String key = key(arrival.routeId(), arrival.token().sentAt(), arrival.probeId());
    Probe existing = probes.get(key);
    boolean arrivedBefore = existing != null && existing.delivery() != null;
    if (arrivedBefore && !arrival.arrivedAt().isBefore(existing.delivery().deliveredAt())) {
      return ArrivalOutcome.DUPLICATE;
    }
    Probe base =
        existing != null
            ? existing
            : new Probe(arrival.routeId(), arrival.probeId(), arrival.token().sentAt(), null, null);
    probes.put(key, base.withDelivery(arrival.toDelivery()));
    if (arrivedBefore) {
      arrivals.replaceAll(
          standing ->
              standing.routeId().equals(arrival.routeId())
                      && standing.probeId().equals(arrival.probeId())
                  ? arrival
                  : standing);
      return ArrivalOutcome.EARLIER_COPY;
    }
    arrivals.add(arrival);
    return ArrivalOutcome.RECORDED;
  }

  @Override
  public List<Probe> probesSince(String routeId, Instant from) {
    check();
    StoreException readFailure = readFailures.get(routeId);
    if (readFailure != null) {
      throw readFailure;
    }
    return all().stream()
        .filter(p -> p.routeId().equals(routeId) && !p.sentAt().isBefore(from))
        .toList();
  }

  private void check() {
    StoreException next = nextFailures.poll();
    if (next != null) {
      throw next;
    }
    StoreException current = failure;
    if (current != null) {
      throw current;
    }
  }

  private static String key(String routeId, Instant sentAt, String probeId) {
    return routeId + "|" + sentAt + "|" + probeId;
  }
}
