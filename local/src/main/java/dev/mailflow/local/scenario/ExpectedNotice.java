package dev.mailflow.local.scenario;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A notice a scenario expects a subscriber to receive.
 *
 * @param type OPENED, REMINDER, RESOLVED or CONFIGURATION
 * @param route the route it is about; empty for a configuration notice, and for a fault's notice
 *     unless the scenario names the fault's first route
 * @param at the simulated instant of the notice (its {@code at} field): when it was decided
 * @param received when the subscriber received it: {@code at}, unless the notice could not be
 *     published then (the alert topic was unavailable) and was published by a later evaluation
 * @param severity WARNING or CRITICAL, when the scenario states it
 * @param contains a text that its headline, reason or subject must contain, when stated
 * @param line where the expectation is written, for messages
 * @param suspect for a notice about a fault across several routes, what it blames: a server id, a
 *     relay's host name or {@code inbound}; empty for a route's own notice
 * @param routes for a fault's notice, how many routes it names, when the scenario states it
 * @param event for a maintenance notice or heartbeat, what happened: ANNOUNCED, STARTED, REMINDER,
 *     ENDED, DAILY
 */
public record ExpectedNotice(
    String type,
    Optional<String> route,
    Instant at,
    Instant received,
    Optional<String> severity,
    Optional<String> contains,
    int line,
    Optional<String> suspect,
    Optional<Integer> routes,
    Optional<String> event) {
  public ExpectedNotice {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(route, "route");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(received, "received");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(contains, "contains");
    Objects.requireNonNull(suspect, "suspect");
    Objects.requireNonNull(routes, "routes");
    Objects.requireNonNull(event, "event");
  }
}
