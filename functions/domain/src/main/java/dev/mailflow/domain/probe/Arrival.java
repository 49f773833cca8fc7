package dev.mailflow.domain.probe;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The verified facts of one arrived probe: its token checked, its hops worked out.
 *
 * <p>The receive function builds one from an inbound mail and records it; {@link #toDelivery()}
 * gives the part the probe record keeps. Build it with {@link #of}, which works out {@code
 * endToEnd}.
 *
 * @param token the verified token: route, probe id and send instant
 * @param arrivedAt when the inbound service received the mail
 * @param hops the hand-overs on the way, oldest first
 * @param endToEnd from {@code token.sentAt()} to {@code arrivedAt}; negative only when the sending
 *     and receiving clocks disagree
 * @param messageId the Message-ID header as received, angle brackets included; empty when absent
 * @param authentication the receiving service's SPF, DKIM and DMARC verdicts
 */
public record Arrival(
    ProbeToken token,
    Instant arrivedAt,
    List<Hop> hops,
    Duration endToEnd,
    String messageId,
    AuthenticationVerdicts authentication) {
  public Arrival {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(arrivedAt, "arrivedAt");
    Objects.requireNonNull(endToEnd, "endToEnd");
    if (!endToEnd.equals(Duration.between(token.sentAt(), arrivedAt))) {
      throw new IllegalArgumentException(
          "endToEnd "
              + endToEnd
              + " is not the time from "
              + token.sentAt()
              + " to "
              + arrivedAt
              + ": build the arrival with Arrival.of");
    }
    hops = hops == null ? List.of() : List.copyOf(hops);
    messageId = messageId == null ? "" : messageId;
    authentication = authentication == null ? AuthenticationVerdicts.unknown() : authentication;
  }

  /** An arrival whose end-to-end latency is worked out from the token and {@code arrivedAt}. */
  public static Arrival of(
      ProbeToken token,
      Instant arrivedAt,
      List<Hop> hops,
      String messageId,
      AuthenticationVerdicts authentication) {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(arrivedAt, "arrivedAt");
    return new Arrival(
        token,
        arrivedAt,
        hops,
        Duration.between(token.sentAt(), arrivedAt),
        messageId,
        authentication);
  }

  /** The route the probe travelled. */
  public String routeId() {
    return token.routeId();
  }

  /** The probe's id within its route. */
  public String probeId() {
    return token.probeId();
  }

  /** The delivery to record on the probe. */
  public Delivery toDelivery() {
    return new Delivery(arrivedAt, hops);
  }
}
