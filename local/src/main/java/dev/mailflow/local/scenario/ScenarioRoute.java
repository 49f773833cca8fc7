package dev.mailflow.local.scenario;

import dev.mailflow.domain.route.RoutePolicy;
import java.util.Locale;
import java.util.Objects;

/**
 * A route of a scenario: probes submitted to {@code source}, addressed to a mailbox on {@code
 * target}'s domain that forwards to the receiving domain.
 *
 * @param id the route id, {@code MX02-to-MX01} unless the file names it otherwise
 * @param source the server probes are submitted to
 * @param target the server probes must pass to arrive
 * @param policy how it is probed and judged
 */
public record ScenarioRoute(String id, String source, String target, RoutePolicy policy) {
  public ScenarioRoute {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(policy, "policy");
  }

  /** The probe mailbox on the target's domain, one per route: {@code probe-from-mx02@...}. */
  public String recipient(String targetDomain) {
    return "probe-from-" + source.toLowerCase(Locale.ROOT) + "@" + targetDomain;
  }
}
