package dev.mailflow.domain.receiving;

import dev.mailflow.domain.probe.Arrival;
import dev.mailflow.domain.probe.ArrivalOutcome;
import dev.mailflow.domain.probe.ProbeStore;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records verified probe arrivals, once each, and refuses replays.
 *
 * <p>A valid signature proves Mailflow made the token, not that the mail is fresh: a captured probe
 * mailed again days later would still verify. So a token older than {@code maxAge} when it arrives
 * is a replay, and one from further in the future than {@code maxClockSkew} is refused too. A probe
 * is recorded once, with its earliest arrival: a later copy is a duplicate, and an earlier copy
 * processed after a later one replaces it (the store decides which, in one conditional write).
 */
public final class ArrivalRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(ArrivalRecorder.class);

  private final ProbeStore store;
  private final Duration maxAge;
  private final Duration maxClockSkew;

  /**
   * @param store where arrivals are written
   * @param maxAge the oldest a probe may be on arrival; older is a replay
   * @param maxClockSkew how far in the future a token's send instant may lie
   */
  public ArrivalRecorder(ProbeStore store, Duration maxAge, Duration maxClockSkew) {
    this.store = Objects.requireNonNull(store, "store");
    this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
    this.maxClockSkew = Objects.requireNonNull(maxClockSkew, "maxClockSkew");
  }

  /**
   * Records {@code arrival} unless it is a replay; one conditional write when it is fresh.
   *
   * @return {@link ArrivalOutcome#RECORDED}, {@link ArrivalOutcome#EARLIER_COPY}, {@link
   *     ArrivalOutcome#DUPLICATE}, {@link ArrivalOutcome#REPLAYED} or {@link
   *     ArrivalOutcome#FROM_THE_FUTURE}
   */
  public ArrivalOutcome record(Arrival arrival) {
    if (arrival.endToEnd().compareTo(maxAge) > 0) {
      LOG.warn(
          "route={} probe={} refused as a replay: sent {} ago, more than {}",
          arrival.routeId(),
          arrival.probeId(),
          arrival.endToEnd(),
          maxAge);
      return ArrivalOutcome.REPLAYED;
    }
    if (arrival.endToEnd().negated().compareTo(maxClockSkew) > 0) {
      LOG.warn(
          "route={} probe={} refused: its send instant {} is {} after its arrival",
          arrival.routeId(),
          arrival.probeId(),
          arrival.token().sentAt(),
          arrival.endToEnd().negated());
      return ArrivalOutcome.FROM_THE_FUTURE;
    }
    ArrivalOutcome outcome = store.recordArrival(arrival);
    if (outcome == ArrivalOutcome.DUPLICATE) {
      LOG.info(
          "route={} probe={} arrived again at {}; the earlier arrival stands",
          arrival.routeId(),
          arrival.probeId(),
          arrival.arrivedAt());
      return ArrivalOutcome.DUPLICATE;
    }
    if (outcome == ArrivalOutcome.EARLIER_COPY) {
      LOG.info(
          "route={} probe={} arrived after {}, earlier than the copy recorded before; it replaces"
              + " that arrival",
          arrival.routeId(),
          arrival.probeId(),
          arrival.endToEnd());
      return ArrivalOutcome.EARLIER_COPY;
    }
    LOG.info(
        "route={} probe={} arrived after {} over {} hops",
        arrival.routeId(),
        arrival.probeId(),
        arrival.endToEnd(),
        arrival.hops().size());
    return ArrivalOutcome.RECORDED;
  }
}
