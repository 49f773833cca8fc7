package dev.mailflow.domain.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailflow.domain.maintenance.MaintenanceScope;
import dev.mailflow.domain.maintenance.MaintenanceWindow;
import dev.mailflow.domain.probe.Probe;
import dev.mailflow.domain.route.Route;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever happens to a route's probes and whenever it is evaluated, the engine keeps two promises
 * the notice path relies on: one evaluation decides at most one notice, and evaluating again at the
 * same instant with the state the first one stored decides none (a second run that finds the work
 * done does not repeat it).
 */
class RouteEvaluatorPropertyTest {

  private static final RouteEvaluator EVALUATOR = new RouteEvaluator();
  private static final Instant END = Timeline.at(5 * 60);

  /** What became of one probe: 0 delivered at once, 1 slow, 2 lost, 3 not submitted. */
  record ProbeFate(int kind, int latencyMinutes) {}

  /** A route's history: one probe every five minutes with its fate, an optional window. */
  record History(
      List<ProbeFate> fates,
      int windowStartMinutes,
      int windowMinutes,
      boolean withWindow,
      int stepMinutes) {}

  @Property(tries = 300)
  void everyEvaluation_decidesAtMostOneNotice_andNoneWhenRepeatedWithItsOwnState(
      @ForAll("histories") History history) {
    Timeline timeline = timeline(history);
    Route route = timeline.route();
    List<MaintenanceWindow> windows = windows(history, route);
    RouteState state = null;
    for (Instant now = Timeline.T0;
        !now.isAfter(END);
        now = now.plus(Duration.ofMinutes(history.stepMinutes()))) {
      List<Probe> probes = timeline.knownAt(now);

      Evaluation evaluation = EVALUATOR.evaluate(route, probes, windows, state, now);
      Evaluation again = EVALUATOR.evaluate(route, probes, windows, evaluation.nextState(), now);

      assertThat(evaluation.notices()).as("notices decided at %s", now).hasSizeLessThanOrEqualTo(1);
      assertThat(again.notices()).as("notices decided again at %s", now).isEmpty();
      state = evaluation.nextState();
    }
  }

  @Provide
  Arbitrary<History> histories() {
    Arbitrary<ProbeFate> fate =
        Combinators.combine(
                Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 40))
            .as(ProbeFate::new);
    return Combinators.combine(
            fate.list().ofSize(48),
            Arbitraries.integers().between(0, 240),
            Arbitraries.integers().between(5, 120),
            Arbitraries.of(true, false),
            Arbitraries.integers().between(1, 10))
        .as(History::new);
  }

  private static Timeline timeline(History history) {
    Timeline timeline = new Timeline(Timeline.route("MX02", "MX01", Policies.STANDARD));
    for (int i = 0; i < history.fates().size(); i++) {
      Instant sentAt = Timeline.at(5 * i);
      ProbeFate fate = history.fates().get(i);
      switch (fate.kind()) {
        case 0 -> timeline.delivered(sentAt, Policies.FAST);
        case 1 -> timeline.delivered(sentAt, Duration.ofMinutes(fate.latencyMinutes()));
        case 2 -> timeline.lost(sentAt);
        default -> timeline.sendFailed(sentAt, 421, "4.3.2 Service not available");
      }
    }
    return timeline;
  }

  private static List<MaintenanceWindow> windows(History history, Route route) {
    if (!history.withWindow()) {
      return List.of();
    }
    Instant start = Timeline.at(history.windowStartMinutes());
    return List.of(
        new MaintenanceWindow(
            "patching",
            MaintenanceScope.server(route.target()),
            start,
            start.plus(Duration.ofMinutes(history.windowMinutes())),
            "monthly patches",
            "ops@example.com"));
  }
}
