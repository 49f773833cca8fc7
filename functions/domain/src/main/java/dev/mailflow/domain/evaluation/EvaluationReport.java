package dev.mailflow.domain.evaluation;

import java.util.List;

/**
 * The outcome of one evaluation run.
 *
 * @param routes one outcome per configured route, in the order the run took them
 * @param rejectedWindows maintenance window items that could not be read
 * @param configurationNotices configuration notices published by this run
 * @param bulletins maintenance notices and heartbeats published by this run
 */
public record EvaluationReport(
    List<RouteOutcome> routes, int rejectedWindows, int configurationNotices, int bulletins) {
  public EvaluationReport {
    routes = List.copyOf(routes);
  }

  /** Routes that could not be evaluated. */
  public long failedRoutes() {
    return routes.stream().filter(RouteOutcome::failed).count();
  }

  /** Routes the run had no time left for. */
  public long notReachedRoutes() {
    return routes.stream().filter(RouteOutcome::notReached).count();
  }

  /** Notices waiting for the next run because publishing failed. */
  public int pendingNotices() {
    return routes.stream().mapToInt(RouteOutcome::pending).sum();
  }
}
