package dev.mailflow.domain.probe;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where probes are kept: one record per probe, keyed by route and send instant.
 *
 * <p>The send function and the receive function write different parts of the same record and either
 * may come first; neither overwrites the other. Every write can be repeated after an ambiguous
 * failure (an error answer to a write that took effect) with the same result. Implementations throw
 * {@link StoreException} when the store fails.
 */
public interface ProbeStore {

  /** The send instant of the route's newest probe, if any. */
  Optional<Instant> lastSentAt(String routeId);

  /**
   * Claims the route's send slot: the right to send its next probe, held until {@code until}, when
   * the next one may be due. Of the runs that claim a route's slot while it is held, exactly one is
   * answered true, so a scheduler that fires twice for the same slot still sends one probe. A claim
   * whose answer was lost and retried is recognised as the caller's own. One conditional write.
   *
   * @param now the claimer's time: a slot held until {@code now} or earlier is free
   * @param until when the claimed slot ends; after {@code now}
   * @return true when the caller holds the slot; false when another run holds it
   */
  boolean claimSendSlot(String routeId, Instant now, Instant until);

  /** Records what the source server answered for {@code probe}: one write, safe to repeat. */
  void recordSubmission(Probe probe);

  /**
   * Records the probe's arrival, keeping the earliest: one conditional write. The first copy of a
   * probe answers {@link ArrivalOutcome#RECORDED}; a copy that arrived earlier than the recorded
   * one, processed after it, replaces it and answers {@link ArrivalOutcome#EARLIER_COPY}; a copy
   * that arrived at the same time or later (the same event delivered twice, or the probe resent
   * under a new message id) changes nothing and answers {@link ArrivalOutcome#DUPLICATE}. A write
   * whose answer was lost and retried by the client is recognised as the caller's own, never as a
   * duplicate.
   *
   * @return {@link ArrivalOutcome#RECORDED}, {@link ArrivalOutcome#EARLIER_COPY} or {@link
   *     ArrivalOutcome#DUPLICATE}
   */
  ArrivalOutcome recordArrival(Arrival arrival);

  /** The route's probes sent at or after {@code from}, oldest first: one query. */
  List<Probe> probesSince(String routeId, Instant from);
}
