package dev.mailflow.domain.probe;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The probe's arrival at the receiving domain.
 *
 * @param deliveredAt when the inbound service received it (the end of its flight)
 * @param hops the hand-overs on the way, oldest first
 */
public record Delivery(Instant deliveredAt, List<Hop> hops) {
  public Delivery {
    Objects.requireNonNull(deliveredAt, "deliveredAt");
    hops = hops == null ? List.of() : List.copyOf(hops);
  }
}
