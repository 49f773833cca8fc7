package dev.mailflow.domain.evaluation;

/**
 * What one evaluation run did with one route.
 *
 * @param routeId the route
 * @param evaluation what the engine concluded, or {@code null} when the route could not be read
 * @param published notices published by this run
 * @param pending notices that could not be published and wait for the next run
 * @param raceLost true when another run stored its result first; this run published nothing
 * @param failure why the route was not evaluated, or empty
 * @param notReached true when the run ran out of time before this route; the next run starts with
 *     it
 */
public record RouteOutcome(
    String routeId,
    Evaluation evaluation,
    int published,
    int pending,
    boolean raceLost,
    String failure,
    boolean notReached) {

  static RouteOutcome evaluated(String routeId, Evaluation evaluation, int published, int pending) {
    return new RouteOutcome(routeId, evaluation, published, pending, false, "", false);
  }

  static RouteOutcome raceLost(String routeId, Evaluation evaluation) {
    return new RouteOutcome(routeId, evaluation, 0, 0, true, "", false);
  }

  static RouteOutcome failed(String routeId, String why) {
    return new RouteOutcome(
        routeId, null, 0, 0, false, why == null ? "unknown failure" : why, false);
  }

  static RouteOutcome notReached(String routeId) {
    return new RouteOutcome(routeId, null, 0, 0, false, "", true);
  }

  /** True when the route could not be evaluated at all. */
  public boolean failed() {
    return !failure.isEmpty();
  }
}
