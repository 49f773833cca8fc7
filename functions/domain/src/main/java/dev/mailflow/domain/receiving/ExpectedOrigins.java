package dev.mailflow.domain.receiving;

import dev.mailflow.domain.route.ExpectedOrigin;

/**
 * What the target server of each route expects of its probes' arrival, from the configuration in
 * force. {@link ArrivalRecorder} asks it once per arrival.
 */
@FunctionalInterface
public interface ExpectedOrigins {

  /** Expects nothing of any route: every probe is accepted from anywhere. */
  ExpectedOrigins NONE = routeId -> ExpectedOrigin.NONE;

  /**
   * The expectation of the route's target server; {@link ExpectedOrigin#NONE} when it has none, or
   * when the route or the configuration is not known.
   */
  ExpectedOrigin ofRoute(String routeId);
}
