package dev.mailflow.domain.probe;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where probes are kept: one record per probe, keyed by route and send instant.
 *
 * <p>The send function and the receive function write different parts of the same record and either
 * may come first; neither overwrites the other. Implementations throw {@link StoreException} when
 * the store fails.
 */
public interface ProbeStore {

  /** The send instant of the route's newest probe, if any. */
  Optional<Instant> lastSentAt(String routeId);

  /** Records what the source server answered for {@code probe}: one write. */
  void recordSubmission(Probe probe);

  /**
   * Records the probe's arrival, once: one conditional write. The same arrival seen again (the same
   * event delivered twice, or the same probe resent under a new message id) changes nothing and
   * answers {@link ArrivalOutcome#DUPLICATE}.
   *
   * @return {@link ArrivalOutcome#RECORDED} or {@link ArrivalOutcome#DUPLICATE}
   */
  ArrivalOutcome recordArrival(Arrival arrival);

  /** The route's probes sent at or after {@code from}, oldest first: one query. */
  List<Probe> probesSince(String routeId, Instant from);
}
