package dev.mailflow.domain.receiving;

import dev.mailflow.domain.probe.Arrival;
import dev.mailflow.domain.probe.ArrivalOutcome;
import dev.mailflow.domain.probe.Origin;
import dev.mailflow.domain.probe.ProbeStore;
import dev.mailflow.domain.route.ExpectedOrigin;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records verified probe arrivals, once each, and refuses replays.
 *
 * <p>A valid signature proves Mailflow made the token, not that the mail is fresh: a captured probe
 * mailed again days later would still verify. So a token older than {@code maxAge} when it arrives
 * is a replay, and one from further in the future than {@code maxClockSkew} is refused too. Nor
 * does it prove the probe came through its route: where the route's target server says what its
 * probes look like on arrival, a probe that does not ({@link OriginCheck}) is refused. A probe is
 * recorded once, with its earliest arrival: a later copy is a duplicate, and an earlier copy
 * processed after a later one replaces it (the store decides which, in one conditional write).
 */
public final class ArrivalRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(ArrivalRecorder.class);

  private final ProbeStore store;
  private final Duration maxAge;
  private final Duration maxClockSkew;
  private final ExpectedOrigins expectedOrigins;

  /** A recorder that accepts probes from anywhere. */
  public ArrivalRecorder(ProbeStore store, Duration maxAge, Duration maxClockSkew) {
    this(store, maxAge, maxClockSkew, ExpectedOrigins.NONE);
  }

  /**
   * @param store where arrivals are written
   * @param maxAge the oldest a probe may be on arrival; older is a replay
   * @param maxClockSkew how far in the future a token's send instant may lie
   * @param expectedOrigins what each route's target server expects of its probes' arrival
   */
  public ArrivalRecorder(
      ProbeStore store, Duration maxAge, Duration maxClockSkew, ExpectedOrigins expectedOrigins) {
    this.store = Objects.requireNonNull(store, "store");
    this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
    this.maxClockSkew = Objects.requireNonNull(maxClockSkew, "maxClockSkew");
    this.expectedOrigins = Objects.requireNonNull(expectedOrigins, "expectedOrigins");
  }

  /**
   * Records {@code arrival}, of an origin nothing is known of; see {@link #record(Arrival,
   * Origin)}.
   */
  public ArrivalOutcome record(Arrival arrival) {
    return record(arrival, Origin.unknown());
  }

  /**
   * Records {@code arrival} unless it is a replay or came from elsewhere than its route's target;
   * one conditional write when it is fresh.
   *
   * @param arrival the verified arrival
   * @param origin where it came from, as the receiving service saw it
   * @return {@link ArrivalOutcome#RECORDED}, {@link ArrivalOutcome#EARLIER_COPY}, {@link
   *     ArrivalOutcome#DUPLICATE}, {@link ArrivalOutcome#REPLAYED}, {@link
   *     ArrivalOutcome#FROM_THE_FUTURE} or {@link ArrivalOutcome#UNEXPECTED_ORIGIN}
   */
  public ArrivalOutcome record(Arrival arrival, Origin origin) {
    Objects.requireNonNull(origin, "origin");
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
    ExpectedOrigin expected = expectedOrigins.ofRoute(arrival.routeId());
    if (!OriginCheck.passes(expected, origin)) {
      LOG.warn(
          "route={} probe={} refused: it reached SES from {}, not from a relay host {} of the"
              + " route's target nor signed by its DKIM domain '{}'",
          arrival.routeId(),
          arrival.probeId(),
          origin.describe(),
          expected.relayHosts(),
          expected.dkimDomain());
      return ArrivalOutcome.UNEXPECTED_ORIGIN;
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
