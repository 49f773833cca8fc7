package dev.mailflow.local.output;

import dev.mailflow.domain.evaluation.AssessedProbe;
import dev.mailflow.domain.evaluation.BacklogFlush;
import dev.mailflow.domain.evaluation.Evaluation;
import dev.mailflow.domain.evaluation.RouteEvaluator;
import dev.mailflow.domain.maintenance.MaintenanceScope;
import dev.mailflow.domain.maintenance.MaintenanceWindow;
import dev.mailflow.domain.probe.Probe;
import dev.mailflow.domain.route.Route;
import dev.mailflow.local.scenario.Scenario;
import dev.mailflow.local.scenario.ScenarioRoute;
import dev.mailflow.local.simulation.RunResult;
import dev.mailflow.local.simulation.WindowHistory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A route's probes at the end of a run, judged by the domain's own {@link RouteEvaluator}: each
 * probe's verdict (good, slow, lost...), whether maintenance covered it, and the backlog flushes.
 * The report colours and marks probes by this, so it says what Mailflow says.
 *
 * <p>The maintenance windows are those still in the table at the end, with their final ends; the
 * lookback is stretched over the whole run so every probe is judged.
 *
 * @param route the route
 * @param probes every probe of the run, oldest sent first
 * @param flushes the backlog flushes among them
 */
public record RouteAssessment(
    ScenarioRoute route, List<AssessedProbe> probes, List<BacklogFlush> flushes) {
  public RouteAssessment {
    probes = List.copyOf(probes);
    flushes = List.copyOf(flushes);
  }

  /** Judges a route's stored probes as the run ends. */
  public static RouteAssessment of(RunResult result, ScenarioRoute route) {
    Scenario scenario = result.scenario();
    Duration wholeRun = Duration.between(scenario.start(), scenario.end()).plusHours(1);
    Route domainRoute =
        new Route(
            route.id(),
            route.source(),
            route.target(),
            scenario.monitor().sender(),
            route.recipient(scenario.server(route.target()).orElseThrow().domain()),
            route
                .policy()
                .withLookback(
                    wholeRun.compareTo(route.policy().lookback()) > 0
                        ? wholeRun
                        : route.policy().lookback()),
            true);
    List<MaintenanceWindow> windows = new ArrayList<>();
    for (WindowHistory window : result.windows()) {
      if (window.deletedAt().isEmpty() && window.end().isAfter(window.start())) {
        windows.add(
            new MaintenanceWindow(
                window.id(),
                MaintenanceScope.parse(window.scope()),
                window.start(),
                window.end(),
                window.reason(),
                ""));
      }
    }
    List<Probe> probes = result.probes().getOrDefault(route.id(), List.of());
    Evaluation evaluation =
        new RouteEvaluator().evaluate(domainRoute, probes, windows, null, scenario.end());
    return new RouteAssessment(route, evaluation.probes(), evaluation.newFlushes());
  }
}
