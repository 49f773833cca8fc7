package dev.mailflow.adapters.mail;

import dev.mailflow.domain.probe.Arrival;
import dev.mailflow.domain.probe.ArrivalOutcome;
import dev.mailflow.domain.probe.Origin;
import dev.mailflow.domain.probe.TokenRejection;
import java.util.Objects;

/**
 * What {@link ArrivalReader} made of an inbound mail: the arrival of a probe, or the {@link
 * ArrivalOutcome} it ends in and why.
 *
 * <pre>{@code
 * ArrivalReading reading = reader.read(rawMail, receivedAt);
 * if (reading instanceof ArrivalReading.Read read) {
 *   store.recordArrival(read.arrival());
 * } else if (reading instanceof ArrivalReading.Rejected rejected) {
 *   log.info("not a probe arrival: {}: {}", rejected.kind(), rejected.detail());
 * }
 * }</pre>
 */
public sealed interface ArrivalReading {

  /**
   * A probe of ours arrived.
   *
   * @param arrival the verified arrival
   * @param origin where it came from, as the receiving service saw it
   */
  record Read(Arrival arrival, Origin origin) implements ArrivalReading {
    public Read {
      Objects.requireNonNull(arrival, "arrival");
      origin = origin == null ? Origin.unknown() : origin;
    }

    /** A probe of ours arrived from a place nothing is known of. */
    public Read(Arrival arrival) {
      this(arrival, Origin.unknown());
    }
  }

  /**
   * The mail is not the arrival of a probe of ours.
   *
   * @param outcome what became of it: {@link ArrivalOutcome#FOREIGN}, {@link
   *     ArrivalOutcome#FORGED}, {@link ArrivalOutcome#MALFORMED_MAIL} or {@link
   *     ArrivalOutcome#OVERSIZED}
   * @param cause the rule the mail broke, a {@link MailRefusal} or a {@link TokenRejection}; {@code
   *     null} for foreign mail, which broke none
   * @param detail one line for a person reading the log
   */
  record Rejected(ArrivalOutcome outcome, Enum<?> cause, String detail) implements ArrivalReading {
    public Rejected {
      Objects.requireNonNull(outcome, "outcome");
      detail = detail == null ? "" : detail;
    }

    /** The outcome, and the cause where it says more: {@code FORGED (UNKNOWN_KEY)}. */
    public String kind() {
      return cause == null || cause.name().equals(outcome.name())
          ? outcome.name()
          : outcome + " (" + cause + ")";
    }
  }
}
