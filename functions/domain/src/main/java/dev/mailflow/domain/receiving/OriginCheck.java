package dev.mailflow.domain.receiving;

import dev.mailflow.domain.probe.Origin;
import dev.mailflow.domain.route.ExpectedOrigin;
import java.util.Objects;

/**
 * Whether a probe reached the receiving service through its route's target server.
 *
 * <p>A captured probe carries a genuine token: mailed to the receiving domain from elsewhere, it
 * would make a route look healthy while its target is down. Where the target server says what its
 * forwarded probes look like ({@link ExpectedOrigin}), a probe passes when either the host that
 * handed it to the receiving service is one of the target's relay hosts, or a signature of the
 * target's DKIM domain on it passed. Either is evidence the target handled it; a target that
 * expects nothing lets every probe pass, as before.
 */
public final class OriginCheck {

  private OriginCheck() {}

  /**
   * True when {@code origin} meets {@code expected}, or nothing is expected.
   *
   * @param expected what the route's target server expects
   * @param origin where the probe came from, as the receiving service saw it
   */
  public static boolean passes(ExpectedOrigin expected, Origin origin) {
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(origin, "origin");
    if (!expected.isSet()) {
      return true;
    }
    if (expected.isRelay(origin.relayAddress(), origin.relayName())) {
      return true;
    }
    return !expected.dkimDomain().isEmpty() && origin.dkimDomains().contains(expected.dkimDomain());
  }
}
