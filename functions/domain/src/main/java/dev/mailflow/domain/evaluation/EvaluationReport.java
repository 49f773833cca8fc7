package dev.mailflow.domain.evaluation;

import java.util.List;
import java.util.OptionalInt;

/**
 * The outcome of one evaluation run.
 *
 * @param routes one outcome per configured route, in the order the run took them
 * @param rejectedWindows maintenance window items that could not be read
 * @param configurationNotices configuration notices published by this run
 * @param bulletins maintenance notices and heartbeats published by this run
 * @param openIncidents how many routes of the whole round keep an incident open, when this run
 *     knows: a run that judged the round's routes itself, or the end of a round judged in shards;
 *     empty for the other invocations of such a round, which judged only some of its routes
 */
public record EvaluationReport(
    List<RouteOutcome> routes,
    int rejectedWindows,
    int configurationNotices,
    int bulletins,
    OptionalInt openIncidents) {
  public EvaluationReport {
    routes = List.copyOf(routes);
  }

  /** The report of a run that judged the round's routes itself. */
  public EvaluationReport(
      List<RouteOutcome> routes, int rejectedWindows, int configurationNotices, int bulletins) {
    this(
        routes,
        rejectedWindows,
        configurationNotices,
        bulletins,
        OptionalInt.of(
            (int)
                routes.stream()
                    .filter(o -> o.evaluation() != null)
                    .filter(o -> o.evaluation().nextState().hasOpenIncident())
                    .count()));
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
