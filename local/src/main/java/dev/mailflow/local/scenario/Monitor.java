package dev.mailflow.local.scenario;

import dev.mailflow.domain.route.RoutePolicy;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The monitor as deployed for a scenario: when its send and evaluate functions are scheduled, the
 * From address of its probes, the policy of every route that does not set its own, and the receive
 * function's replay window.
 *
 * @param send the send function's schedule; it decides itself which routes are due
 * @param evaluate the evaluate function's schedule
 * @param sender the probes' From address
 * @param policy the default route policy
 * @param replayWindow how old a probe may be when it arrives before the receive function refuses it
 *     as a replay; empty for the function's default (two days)
 */
public record Monitor(
    Schedule send,
    Schedule evaluate,
    String sender,
    RoutePolicy policy,
    Optional<Duration> replayWindow) {
  public Monitor {
    Objects.requireNonNull(send, "send");
    Objects.requireNonNull(evaluate, "evaluate");
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(replayWindow, "replayWindow");
  }
}
