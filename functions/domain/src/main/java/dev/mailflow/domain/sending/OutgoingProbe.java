package dev.mailflow.domain.sending;

import dev.mailflow.domain.probe.ProbeToken;
import dev.mailflow.domain.route.Route;
import java.util.Objects;

/**
 * A probe built and signed, ready to be submitted.
 *
 * @param route the route it travels
 * @param token the facts signed into it: route, send instant, probe id
 * @param tokenText the signed token as it goes into the mail header
 */
public record OutgoingProbe(Route route, ProbeToken token, String tokenText) {
  public OutgoingProbe {
    Objects.requireNonNull(route, "route");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(tokenText, "tokenText");
  }
}
