package dev.mailflow.local.scenario;

import dev.mailflow.domain.route.RoutePolicy;
import java.util.Objects;

/**
 * The monitor as deployed for a scenario: when its send and evaluate functions are scheduled, the
 * From address of its probes, and the policy of every route that does not set its own.
 *
 * @param send the send function's schedule; it decides itself which routes are due
 * @param evaluate the evaluate function's schedule
 * @param sender the probes' From address
 * @param policy the default route policy
 */
public record Monitor(Schedule send, Schedule evaluate, String sender, RoutePolicy policy) {
  public Monitor {
    Objects.requireNonNull(send, "send");
    Objects.requireNonNull(evaluate, "evaluate");
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(policy, "policy");
  }
}
