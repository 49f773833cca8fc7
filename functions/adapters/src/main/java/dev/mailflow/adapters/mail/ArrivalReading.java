package dev.mailflow.adapters.mail;

import dev.mailflow.domain.probe.Arrival;
import java.util.Objects;

/**
 * What {@link ArrivalReader} made of an inbound mail: the arrival of a probe, or why it is not one.
 *
 * <pre>{@code
 * ArrivalReading reading = reader.read(rawMail, receivedAt);
 * if (reading instanceof ArrivalReading.Read read) {
 *   store.recordArrival(read.arrival());
 * } else if (reading instanceof ArrivalReading.Rejected rejected) {
 *   log.info("not a probe arrival: {} ({})", rejected.reason(), rejected.detail());
 * }
 * }</pre>
 */
public sealed interface ArrivalReading {

  /** A probe of ours arrived. */
  record Read(Arrival arrival) implements ArrivalReading {
    public Read {
      Objects.requireNonNull(arrival, "arrival");
    }
  }

  /**
   * The mail is not the arrival of a probe of ours.
   *
   * @param reason what kind of mail or problem, for counting
   * @param detail one line for a person reading the log
   */
  record Rejected(ArrivalRejection reason, String detail) implements ArrivalReading {
    public Rejected {
      Objects.requireNonNull(reason, "reason");
      detail = detail == null ? "" : detail;
    }
  }
}
