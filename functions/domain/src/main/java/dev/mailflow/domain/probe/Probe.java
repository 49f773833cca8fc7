package dev.mailflow.domain.probe;

import dev.mailflow.domain.route.Identifier;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One signed test mail on a route, as far as it is known.
 *
 * <p>The submission and the delivery are recorded by different functions and either may be known
 * first: a fast mail can arrive before its send is recorded. Both are therefore optional, and the
 * state is derived from what is known and the time, never stored.
 *
 * @param routeId the route it travels
 * @param probeId the nonce of its token, unique within the route
 * @param sentAt the instant written into its token
 * @param submission what the source server answered, or {@code null} if not known yet
 * @param delivery its arrival, or {@code null} if it has not arrived
 */
public record Probe(
    String routeId, String probeId, Instant sentAt, Submission submission, Delivery delivery) {
  public Probe {
    Identifier.require("route id of probe", routeId);
    if (probeId == null || probeId.isBlank()) {
      throw new IllegalArgumentException("probe id is missing on route " + routeId);
    }
    Objects.requireNonNull(sentAt, "sentAt");
  }

  /** A probe the source server accepted, not arrived yet. */
  public static Probe sent(String routeId, String probeId, Instant sentAt) {
    return new Probe(routeId, probeId, sentAt, Submission.accepted(sentAt, 250, "OK"), null);
  }

  /**
   * The state at {@code now}: delivered or LATE when it has arrived, otherwise from the submission
   * and the age against the route's loss timeout.
   */
  public ProbeState stateAt(Instant now, Duration lossTimeout) {
    if (delivery != null) {
      return Duration.between(sentAt, delivery.deliveredAt()).compareTo(lossTimeout) > 0
          ? ProbeState.LATE
          : ProbeState.DELIVERED;
    }
    if (submission == null) {
      return ProbeState.PENDING;
    }
    if (!submission.accepted()) {
      return ProbeState.SEND_FAILED;
    }
    return now.isAfter(sentAt.plus(lossTimeout)) ? ProbeState.LOST : ProbeState.SENT;
  }

  /** End-to-end latency, from the instant in the token to arrival; empty until it arrives. */
  public Optional<Duration> latency() {
    return delivery == null
        ? Optional.empty()
        : Optional.of(Duration.between(sentAt, delivery.deliveredAt()));
  }

  /** The end of the probe's flight as seen at {@code now}: arrival, submission failure, or now. */
  public Instant flightEnd(Instant now) {
    if (delivery != null) {
      return delivery.deliveredAt();
    }
    if (submission != null && !submission.accepted()) {
      return submission.at().isBefore(sentAt) ? sentAt : submission.at();
    }
    return now.isBefore(sentAt) ? sentAt : now;
  }

  public Probe withSubmission(Submission value) {
    return new Probe(routeId, probeId, sentAt, value, delivery);
  }

  public Probe withDelivery(Delivery value) {
    return new Probe(routeId, probeId, sentAt, submission, value);
  }
}
